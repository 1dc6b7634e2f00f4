package io.leasechain.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leasechain.client.Amounts;
import io.leasechain.client.LeasechainClient;
import io.leasechain.client.rpc.BroadcastResult;
import io.leasechain.client.rpc.CommitResult;
import io.leasechain.client.tx.TxSigner;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hex;
import io.leasechain.genesis.GenesisFile;
import io.leasechain.ledger.bank.proto.MsgSend;
import io.leasechain.ledger.tx.Gas;
import io.leasechain.ledger.tx.TxParamsRules;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.ledger.tx.proto.TxParams;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `leasechain tx`: build, sign and broadcast transactions. */
@Command(
    name = "tx",
    description = "Sign and broadcast transactions.",
    subcommands = {TxCommand.Bank.class, TxCommand.Broadcast.class})
final class TxCommand {

  /** Options every signing command shares, and the sign-then-broadcast flow. */
  static final class SignOptions {
    @Mixin HomeOptions home;
    @Mixin NodeOptions node;

    @Option(names = "--chain-id", description = "Chain id (default: the one in <home>/config/genesis.json)")
    String chainId;

    @Option(names = "--fees", description = "Fee, e.g. 500ulease (default: the minimum for --gas)")
    String fees;

    @Option(names = "--gas", defaultValue = "200000", description = "Gas limit (default ${DEFAULT-VALUE})")
    long gas;

    @Option(names = "--memo", defaultValue = "") String memo;

    @Option(names = "--timeout-height", defaultValue = "0", description = "Reject the tx above this height (0 = never)")
    long timeoutHeight;

    @Option(names = "--sequence", description = "Signer sequence (default: asked from the node)")
    Long sequence;

    @Option(names = "--offline", description = "Do not contact the node: needs --chain-id and --sequence; prints the signed tx")
    boolean offline;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation")
    boolean yes;

    @Option(names = "--broadcast-mode", defaultValue = "commit", description = "sync or commit (default ${DEFAULT-VALUE})")
    String broadcastMode;

    @Option(names = {"-o", "--output"}, defaultValue = "text") OutputFormat output;

    int signAndBroadcast(PrintWriter out, String signerName, Msg msg) throws Exception {
      Ed25519PrivateKey key = KeysCommand.keyring(home).privateKey(signerName);
      Address signer = key.publicKey().address();
      LeasechainClient client = offline ? null : node.client();
      String chain = chainId != null ? chainId : GenesisFile.read(home.genesisFile()).chainId();
      if (offline && sequence == null) {
        throw new IllegalArgumentException("--offline needs --sequence (the account's current sequence)");
      }
      long seq = sequence != null ? sequence : client.account(signer).getSequence();
      TxParams params = offline ? TxParamsRules.DEFAULTS : client.params().getTx();
      long fee = fees != null ? Amounts.parseUlease(fees) : Gas.minimumFee(params, gas);
      byte[] tx = TxSigner.sign(
          List.of(msg),
          List.of(new TxSigner.SignerAccount(key, seq)),
          new TxSigner.Options(chain, fee, gas, memo, timeoutHeight));
      if (offline) {
        ObjectNode signed = OutputFormat.object();
        signed.put("tx", Hex.encode(tx));
        output.print(out, signed);
        return 0;
      }
      if (!yes && !confirm(out, signer, msg, fee)) {
        out.println("cancelled");
        out.flush();
        return 1;
      }
      return broadcast(out, client, tx, broadcastMode, output);
    }
  }

  static int broadcast(PrintWriter out, LeasechainClient client, byte[] tx, String mode, OutputFormat output) {
    ObjectNode result = OutputFormat.object();
    int code;
    switch (mode) {
      case "sync" -> {
        BroadcastResult sync = client.rpc().broadcastTxSync(tx);
        result.put("txhash", sync.hash());
        result.put("code", sync.code());
        result.put("codespace", sync.codespace());
        result.put("log", sync.log());
        code = sync.code();
      }
      case "commit" -> {
        CommitResult commit = client.rpc().broadcastTxCommit(tx);
        boolean checked = commit.checkTx().isOk();
        code = checked ? commit.txResult().code() : commit.checkTx().code();
        result.put("txhash", commit.hash());
        result.put("height", commit.height());
        result.put("code", code);
        result.put("codespace", checked ? commit.txResult().codespace() : commit.checkTx().codespace());
        result.put("log", checked ? commit.txResult().log() : commit.checkTx().log());
        result.put("gas_wanted", checked ? commit.txResult().gasWanted() : commit.checkTx().gasWanted());
        result.put("gas_used", checked ? commit.txResult().gasUsed() : commit.checkTx().gasUsed());
      }
      default -> throw new IllegalArgumentException("--broadcast-mode must be sync or commit, not " + mode);
    }
    output.print(out, result);
    return code == 0 ? 0 : 1;
  }

  private static boolean confirm(PrintWriter out, Address signer, Msg msg, long fee) throws Exception {
    out.println("signer: " + signer);
    out.println("fee: " + fee + "ulease");
    out.print("message: " + msg);
    out.print("confirm transaction before signing and broadcasting [y/N]: ");
    out.flush();
    String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    return answer != null && answer.trim().equalsIgnoreCase("y");
  }

  @Command(name = "bank", description = "Bank transactions.", subcommands = {Bank.Send.class})
  static final class Bank {

    @Command(name = "send", description = "Send ulease from a key in the keyring to an address.")
    static final class Send implements Callable<Integer> {
      @Mixin SignOptions options;
      @Spec picocli.CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0", description = "Sender: key name") String from;
      @Parameters(index = "1", description = "Recipient: lease1… address or key name") String to;
      @Parameters(index = "2", description = "Amount, e.g. 1000000ulease") String amount;

      @Override
      public Integer call() throws Exception {
        Address sender = KeysCommand.keyring(options.home).privateKey(from).publicKey().address();
        Address recipient = Accounts.resolve(options.home, to);
        Msg msg = Msg.newBuilder()
            .setSend(MsgSend.newBuilder()
                .setFrom(sender.toBech32())
                .setTo(recipient.toBech32())
                .setAmount(Amounts.parseUlease(amount)))
            .build();
        return options.signAndBroadcast(spec.commandLine().getOut(), from, msg);
      }
    }
  }

  @Command(name = "broadcast", description = "Broadcast a signed tx (hex, or @file with hex) made with --offline.")
  static final class Broadcast implements Callable<Integer> {
    @Mixin NodeOptions node;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Parameters(index = "0", description = "Signed tx as hex, or @path to a file holding it") String tx;
    @Option(names = "--broadcast-mode", defaultValue = "commit") String broadcastMode;
    @Option(names = {"-o", "--output"}, defaultValue = "text") OutputFormat output;

    @Override
    public Integer call() throws Exception {
      String hex = tx.startsWith("@") ? Files.readString(java.nio.file.Path.of(tx.substring(1))).trim() : tx;
      return broadcast(spec.commandLine().getOut(), node.client(), Hex.decode(hex), broadcastMode, output);
    }
  }
}
