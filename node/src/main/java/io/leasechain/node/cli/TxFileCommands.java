package io.leasechain.node.cli;

import io.leasechain.client.LeasechainClient;
import io.leasechain.client.tx.PartialTx;
import io.leasechain.client.tx.TxJson;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hex;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The commands that work on a tx as a file (docs/transactions.md): `tx sign`, `tx encode`, `tx
 * decode`, and reading and writing tx JSON for them, `tx broadcast` and `--generate-only`.
 */
final class TxFileCommands {

  private TxFileCommands() {}

  /**
   * A tx given as a file (tx JSON, hex or base64 wire bytes), as {@code @file}, or as hex or base64
   * text on the command line.
   */
  static PartialTx read(String argument) throws IOException {
    String text;
    if (argument.startsWith("@")) {
      text = readFile(argument.substring(1));
    } else if (Files.isRegularFile(Path.of(argument))) {
      text = readFile(argument);
    } else if (argument.strip().startsWith("{") || argument.matches("[0-9A-Za-z+/=]{64,}")) {
      // Even the smallest tx is longer than 64 hex digits; anything shorter is a file name.
      text = argument;
    } else {
      throw new IllegalArgumentException("no such file: " + argument);
    }
    text = text.strip();
    return text.startsWith("{") ? TxJson.parse(text) : PartialTx.fromWire(wireBytes(text));
  }

  private static String readFile(String path) throws IOException {
    return InputFiles.read(Path.of(path));
  }

  private static byte[] wireBytes(String text) {
    if (text.length() % 2 == 0 && text.matches("[0-9a-fA-F]+")) {
      return Hex.decode(text.toLowerCase());
    }
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a tx: expected tx JSON, hex or base64", e);
    }
  }

  /**
   * Writes tx JSON to {@code file}, with a one-line note on {@code out}, or else to {@code out}.
   */
  static void write(PrintWriter out, Path file, PartialTx tx, String note) throws IOException {
    String json = TxJson.print(tx);
    if (file == null) {
      out.print(json);
    } else {
      Files.writeString(file, json);
      out.println(note + "; written to " + file);
    }
    out.flush();
  }

  /** Where the tx stands: who signed is said by the caller, who is still missing is said here. */
  static String remaining(PartialTx tx) {
    String missing = tx.missingMessage();
    return missing != null ? missing : "the tx is fully signed";
  }

  @Command(
      name = "sign",
      description =
          "Add a key's signature to a tx JSON file (made with --generate-only or signed by others)"
              + " and write the tx JSON.")
  static final class Sign implements Callable<Integer> {
    @Mixin HomeOptions home;
    @Mixin NodeOptions node;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The tx JSON file to sign")
    String file;

    @Option(
        names = "--from",
        required = true,
        paramLabel = "KEY",
        description = "The key name to sign with; it must be one of the tx's signers")
    String from;

    @Option(
        names = "--offline",
        description = "Do not contact the node: the chain id comes from --chain-id or the file")
    boolean offline;

    @Option(
        names = "--sequence",
        converter = Converters.U64.class,
        paramLabel = "SEQ",
        description =
            "The signer's current sequence, checked against the tx (default: asked from the node;"
                + " with --offline, not checked)")
    Long sequence;

    @Option(
        names = "--chain-id",
        description = "Chain id (default: the file's chain_id, else the node's)")
    String chainId;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "Write the signed tx JSON here (default: standard output)")
    Path outFile;

    @Override
    public Integer call() throws Exception {
      PartialTx tx = read(file);
      Ed25519PrivateKey key = KeysCommand.keyring(home).privateKey(from);
      PartialTx.Signer slot = tx.slot(key.publicKey());
      String chain = chainId != null ? chainId : tx.chainId();
      Long expected = sequence;
      if (offline) {
        if (chain == null) {
          throw new IllegalArgumentException(
              "--offline needs --chain-id: the tx file does not name its chain");
        }
      } else {
        LeasechainClient client = node.client();
        String network = client.rpc().status().network();
        if (chain != null && !chain.equals(network)) {
          throw new IllegalArgumentException(
              "the tx is for chain '" + chain + "' but the node is on '" + network + "'");
        }
        chain = network;
        if (expected == null) {
          expected = client.account(slot.address()).getSequence();
        }
      }
      if (expected != null && expected != slot.sequence()) {
        throw new IllegalArgumentException(
            "the tx carries sequence "
                + slot.sequence()
                + " for "
                + slot.address()
                + " but its sequence is "
                + expected
                + ": generate the tx again");
      }
      PartialTx signed = tx.sign(key, chain);
      write(
          spec.commandLine().getOut(),
          outFile,
          signed,
          "signed by " + slot.address() + "; " + remaining(signed));
      return 0;
    }
  }

  @Command(
      name = "encode",
      description = "Print a tx's wire bytes (what is broadcast) as hex, or base64 with --base64.")
  static final class Encode implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A tx JSON file")
    String file;

    @Option(names = "--base64", description = "Print base64 instead of hex")
    boolean base64;

    @Override
    public Integer call() throws Exception {
      byte[] wire = read(file).toWire();
      PrintWriter out = spec.commandLine().getOut();
      out.println(base64 ? Base64.getEncoder().encodeToString(wire) : Hex.encode(wire));
      out.flush();
      return 0;
    }
  }

  @Command(name = "decode", description = "Print a tx given as wire bytes (hex or base64) as JSON.")
  static final class Decode implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "HEX|BASE64",
        description = "The tx's wire bytes, or a file or @file holding them")
    String tx;

    @Override
    public Integer call() throws Exception {
      write(spec.commandLine().getOut(), null, read(tx), null);
      return 0;
    }
  }
}
