package io.leasechain.node.cli;

import io.leasechain.client.LeasechainClient;
import io.leasechain.client.tx.PartialTx;
import io.leasechain.ledger.bank.proto.MsgSend;
import io.leasechain.ledger.tx.proto.Msg;
import java.util.List;
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
      TxCommand.Broadcast.class,
      TxFileCommands.Sign.class,
      TxFileCommands.Encode.class,
      TxFileCommands.Decode.class
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
      description =
          "Broadcast a fully signed tx: a tx JSON file, or wire bytes as hex (a file, @file or"
              + " text).")
  static final class Broadcast implements Callable<Integer> {
    @Mixin NodeOptions node;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "FILE|HEX",
        description = "Tx JSON file, file holding hex, @file, or the hex itself")
    String tx;

    @Option(names = "--broadcast-mode", defaultValue = "commit")
    String broadcastMode;

    @Option(
        names = {"-o", "--output"},
        defaultValue = "text")
    OutputFormat output;

    @Override
    public Integer call() throws Exception {
      PartialTx signed = TxFileCommands.read(tx);
      // Refused here, before anything is sent, in words that name who still has to sign.
      String missing = signed.missingMessage();
      if (missing != null) {
        throw new IllegalArgumentException("not broadcast: " + missing);
      }
      LeasechainClient client = node.client();
      String chain = client.rpc().status().network();
      List<PartialTx.Signer> invalid = signed.invalidSignatures(chain);
      if (!invalid.isEmpty()) {
        throw new IllegalArgumentException(
            "not broadcast: " + PartialTx.invalidMessage(invalid, chain));
      }
      return SignOptions.broadcast(
          spec.commandLine().getOut(), client, signed.toWire(), broadcastMode, output);
    }
  }
}
