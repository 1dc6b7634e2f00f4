package io.leasechain.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.leasechain.client.LeasechainClient;
import io.leasechain.client.keys.KeyInfo;
import io.leasechain.client.rpc.BroadcastResult;
import io.leasechain.client.rpc.CommitResult;
import io.leasechain.client.tx.PartialTx;
import io.leasechain.client.tx.TxSender;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.crypto.Hex;
import io.leasechain.genesis.GenesisFile;
import io.leasechain.ledger.tx.proto.Msg;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every signing command shares, and the one sign-then-broadcast flow they all use. */
final class SignOptions {
  @Mixin HomeOptions home;
  @Mixin NodeOptions node;

  @Option(
      names = "--chain-id",
      description = "Chain id (default: the one in <home>/config/genesis.json)")
  String chainId;

  @Option(
      names = "--fees",
      paramLabel = "AMOUNT",
      converter = Converters.Ulease.class,
      description = "Fee, e.g. 500ulease (default: the minimum for --gas)")
  Long fees;

  @Option(
      names = "--gas",
      converter = Converters.U64.class,
      description =
          "Gas limit (default: the gas the signed tx needs at the chain's tx params, at least "
              + TxSender.DEFAULT_GAS
              + "; a given limit is kept as is)")
  Long gas;

  @Option(names = "--memo", defaultValue = "")
  String memo;

  @Option(
      names = "--timeout-height",
      defaultValue = "0",
      converter = Converters.U64.class,
      description = "Reject the tx above this height (0 = never)")
  long timeoutHeight;

  @Option(
      names = "--sequence",
      split = ",",
      converter = Converters.U64.class,
      paramLabel = "SEQ",
      description =
          "Signer sequence; with several signers one per signer, in order, comma-separated or repeated "
              + "(default: asked from the node)")
  List<Long> sequences = List.of();

  @Option(
      names = "--offline",
      description =
          "Do not contact the node: needs --chain-id and --sequence; prints the signed tx")
  boolean offline;

  @Option(
      names = "--generate-only",
      description =
          "Only build the tx and write it unsigned as tx JSON, to be signed with `tx sign`: KEY and"
              + " --co-signer may be key names, lease1… addresses or hex public keys")
  boolean generateOnly;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "With --generate-only, write the tx JSON here (default: standard output)")
  Path outFile;

  @Option(
      names = {"-y", "--yes"},
      description = "Do not ask for confirmation")
  boolean yes;

  @Option(
      names = "--broadcast-mode",
      defaultValue = "commit",
      description = "sync or commit (default ${DEFAULT-VALUE})")
  String broadcastMode;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text")
  OutputFormat output;

  // Resolved once per command: an address's public key is asked from the node.
  private final Map<String, Ed25519PublicKey> signerKeys = new HashMap<>();

  /** The address of a signer: a key name in the keyring, or with --generate-only as below. */
  Address address(String signer) {
    return signerKey(signer).address();
  }

  /**
   * The public key of a signer: a key in the keyring, read without its private key; with
   * --generate-only also a lease1… address (its public key from the node) or a hex public key.
   */
  Ed25519PublicKey signerKey(String signer) {
    return signerKeys.computeIfAbsent(signer, this::resolveSignerKey);
  }

  private Ed25519PublicKey resolveSignerKey(String signer) {
    boolean address = signer.startsWith(Address.PREFIX + "1");
    boolean publicKey = signer.matches("[0-9a-fA-F]{64}");
    if (!address && !publicKey) {
      return KeysCommand.keyring(home)
          .get(signer)
          .map(KeyInfo::publicKey)
          .orElseThrow(() -> new IllegalArgumentException("no key named '" + signer + "'"));
    }
    if (!generateOnly) {
      throw new IllegalArgumentException(
          "to sign, give a key name, not "
              + signer
              + " (an address or public key needs --generate-only)");
    }
    if (publicKey) {
      return Ed25519PublicKey.of(Hex.decode(signer.toLowerCase()));
    }
    if (offline) {
      throw new IllegalArgumentException(
          "--offline: the public key of " + signer + " is needed; give its key name or hex key");
    }
    ByteString key = node.client().account(Address.fromBech32(signer)).getPublicKey();
    if (key.isEmpty()) {
      throw new IllegalArgumentException(
          signer
              + " has no public key on chain yet (it has never sent a tx); give its key name or"
              + " hex public key");
    }
    return Ed25519PublicKey.of(key.toByteArray());
  }

  /**
   * Signs {@code msg} by the named signers (the first pays the fee), then prints it (--offline),
   * broadcasts it, or with --generate-only writes it unsigned.
   */
  int send(PrintWriter out, List<String> signerNames, Msg msg) throws Exception {
    if (outFile != null && !generateOnly) {
      throw new IllegalArgumentException("--out goes with --generate-only");
    }
    if (offline && sequences.size() != signerNames.size()) {
      throw new IllegalArgumentException(
          "--offline needs --sequence with the current sequence of each of the "
              + signerNames.size()
              + " signer(s), in order: "
              + String.join(", ", signerNames));
    }
    String chain = chainId;
    if (chain == null && Files.exists(home.genesisFile())) {
      chain = GenesisFile.read(home.genesisFile()).chainId();
    }
    if (chain == null && offline) {
      throw new IllegalArgumentException("--offline needs --chain-id (no genesis file in --home)");
    }
    LeasechainClient client = offline ? null : node.client();
    TxSender sender = offline ? TxSender.offline() : TxSender.online(client);
    TxSender.Settings settings = new TxSender.Settings(chain, fees, gas, memo, timeoutHeight);
    if (generateOnly) {
      PartialTx unsigned =
          sender.unsigned(
              List.of(msg),
              signerNames.stream().map(this::signerKey).toList(),
              sequences,
              settings);
      TxFileCommands.write(
          out, outFile, unsigned, "unsigned tx; " + TxFileCommands.remaining(unsigned));
      return 0;
    }
    List<Ed25519PrivateKey> keys =
        signerNames.stream().map(KeysCommand.keyring(home)::privateKey).toList();
    TxSender.SignedTx signed = sender.sign(List.of(msg), keys, sequences, settings);
    if (offline) {
      ObjectNode result = OutputFormat.object();
      result.put("tx", Hex.encode(signed.bytes()));
      output.print(out, result);
      return 0;
    }
    if (!yes && !confirm(out, signed, msg)) {
      out.println("cancelled");
      out.flush();
      return 1;
    }
    return broadcast(out, client, signed.bytes(), broadcastMode, output);
  }

  static int broadcast(
      PrintWriter out, LeasechainClient client, byte[] tx, String mode, OutputFormat output) {
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
        result.put(
            "codespace", checked ? commit.txResult().codespace() : commit.checkTx().codespace());
        result.put("log", checked ? commit.txResult().log() : commit.checkTx().log());
        result.put(
            "gas_wanted", checked ? commit.txResult().gasWanted() : commit.checkTx().gasWanted());
        result.put("gas_used", checked ? commit.txResult().gasUsed() : commit.checkTx().gasUsed());
      }
      default ->
          throw new IllegalArgumentException(
              "--broadcast-mode must be sync or commit, not " + mode);
    }
    output.print(out, result);
    if (code != 0) {
      // The result above keeps the tx hash for the record; stderr says why in one line.
      throw new CommandFailed(
          "tx rejected (code "
              + result.path("codespace").asText()
              + "/"
              + code
              + "): "
              + result.path("log").asText());
    }
    return 0;
  }

  private static boolean confirm(PrintWriter out, TxSender.SignedTx signed, Msg msg)
      throws Exception {
    out.println(
        (signed.signers().size() == 1 ? "signer: " : "signers: ")
            + String.join(", ", signed.signers().stream().map(Address::toBech32).toList()));
    out.println("fee: " + signed.fee() + "ulease");
    ObjectNode shown = OutputFormat.object();
    shown.set("message", OutputFormat.text.render(msg));
    OutputFormat.text.print(out, shown);
    out.print("confirm transaction before signing and broadcasting [y/N]: ");
    out.flush();
    String answer =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    return answer != null && answer.trim().equalsIgnoreCase("y");
  }
}
