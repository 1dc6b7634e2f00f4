package io.leasechain.node.cli;

import io.leasechain.crypto.Hex;
import io.leasechain.ledger.bank.proto.MsgSend;
import io.leasechain.ledger.tx.proto.Msg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `leasechain tx`: build, sign and broadcast transactions (the shared flow is {@link SignOptions}).
 */
@Command(
    name = "tx",
    description = "Sign and broadcast transactions.",
    subcommands = {
      TxCommand.Bank.class,
      ProviderTxCommand.class,
      MarketTxCommand.class,
      EscrowTxCommand.class,
      ProofTxCommand.class,
      AuthorityTxCommand.class,
      TxCommand.Broadcast.class
    })
final class TxCommand {

  @Command(
      name = "bank",
      description = "Bank transactions.",
      subcommands = {Bank.Send.class})
  static final class Bank {

    @Command(name = "send", description = "Send ulease from a key in the keyring to an address.")
    static final class Send extends SigningCommand {
      @Parameters(
          index = "1",
          paramLabel = "TO",
          description = "Recipient: lease1… address or key name")
      String to;

      @Parameters(
          index = "2",
          paramLabel = "AMOUNT",
          description = "Amount with its unit, e.g. 5lease or 1000000ulease",
          converter = Converters.Ulease.class)
      long amount;

      @Override
      Msg message(String signer) {
        return Msg.newBuilder()
            .setSend(MsgSend.newBuilder().setFrom(signer).setTo(account(to)).setAmount(amount))
            .build();
      }
    }
  }

  @Command(
      name = "broadcast",
      description = "Broadcast a signed tx (hex, or @file with hex) made with --offline.")
  static final class Broadcast implements Callable<Integer> {
    @Mixin NodeOptions node;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "Signed tx as hex, or @path to a file holding it")
    String tx;

    @Option(names = "--broadcast-mode", defaultValue = "commit")
    String broadcastMode;

    @Option(
        names = {"-o", "--output"},
        defaultValue = "text")
    OutputFormat output;

    @Override
    public Integer call() throws Exception {
      String hex = tx.startsWith("@") ? Files.readString(Path.of(tx.substring(1))).trim() : tx;
      return SignOptions.broadcast(
          spec.commandLine().getOut(), node.client(), Hex.decode(hex), broadcastMode, output);
    }
  }
}
