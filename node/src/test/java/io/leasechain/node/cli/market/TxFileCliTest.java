package io.leasechain.node.cli.market;

import static io.leasechain.node.cli.market.Cli.address;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.client.tx.PartialTx;
import io.leasechain.client.tx.TxJson;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hex;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offline multi-party signing on the command line: `--generate-only`, `tx sign`, `tx encode`, `tx
 * decode`, and `tx broadcast` refusing what is not fully signed; each party with its own home.
 */
class TxFileCliTest {

  @TempDir Path temp;
  Cli aliceHome;
  Cli bobHome;
  Ed25519PrivateKey alice;
  Ed25519PrivateKey bob;
  Ed25519PrivateKey gpuco;
  String closedNode;

  @BeforeEach
  void homes() throws IOException {
    aliceHome = new Cli(temp.resolve("alice"));
    bobHome = new Cli(temp.resolve("bob"));
    alice = aliceHome.addKey("alice", 1);
    bob = bobHome.addKey("bob", 2);
    gpuco = aliceHome.addKey("gpuco", 4);
    // A port nothing listens on: a command that tried to reach the node would fail.
    try (ServerSocket socket = new ServerSocket(0)) {
      closedNode = "http://127.0.0.1:" + socket.getLocalPort();
    }
  }

  /** Alice's home proposes with Bob (known to her only by his public key) as co-signer. */
  private Path generateProposal() {
    Path file = temp.resolve("proposal.json");
    aliceHome
        .run(
            "tx",
            "authority",
            "propose",
            "alice",
            "approve-provider",
            "gpuco",
            "--co-signer",
            Hex.encode(bob.publicKey().bytes()),
            "--generate-only",
            "--offline",
            "--chain-id",
            "test",
            "--sequence",
            "4,0",
            "--fees",
            "500ulease",
            "--node",
            closedNode,
            "--out",
            file.toString())
        .ok();
    return file;
  }

  private Cli.Result sign(Cli home, String key, Path in, Path out, String... more) {
    String[] base = {
      "tx",
      "sign",
      in.toString(),
      "--from",
      key,
      "--offline",
      "--node",
      closedNode,
      "--out",
      out.toString()
    };
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return home.run(all);
  }

  @Test
  void twoHomesSignAProposalInTurnWithoutANode() throws Exception {
    Path unsignedFile = generateProposal();
    PartialTx unsigned = TxJson.parse(Files.readString(unsignedFile));
    assertEquals("test", unsigned.chainId());
    assertEquals(2, unsigned.missingSigners().size());
    assertEquals(4, unsigned.signers().get(0).sequence());
    assertEquals(bob.publicKey(), unsigned.signers().get(1).publicKey());
    assertEquals(address(bob), unsigned.body().getMessages(0).getCouncilPropose().getCoSigners(0));

    Path bobSigned = temp.resolve("bob-signed.json");
    Cli.Result bobSigns = sign(bobHome, "bob", unsignedFile, bobSigned, "--sequence", "0");
    assertTrue(bobSigns.ok().out().contains("still needs the signature of " + address(alice)));
    Path both = temp.resolve("both.json");
    Cli.Result aliceSigns =
        sign(aliceHome, "alice", bobSigned, both, "--chain-id", "test", "--sequence", "4");
    assertTrue(aliceSigns.ok().out().contains("fully signed"), aliceSigns.out());

    // The same tx, byte for byte, as one home holding both keys signs with --offline.
    bobHome.addKey("alice", 1);
    bobHome.addKey("gpuco", 4);
    byte[] together =
        Hex.decode(
            bobHome
                .run(
                    "tx",
                    "authority",
                    "propose",
                    "alice",
                    "approve-provider",
                    "gpuco",
                    "--co-signer",
                    "bob",
                    "--offline",
                    "--chain-id",
                    "test",
                    "--sequence",
                    "4,0",
                    "--fees",
                    "500ulease",
                    "-o",
                    "json")
                .ok()
                .json()
                .path("tx")
                .asText());
    String hex = Cli.execute("tx", "encode", both.toString()).ok().out().trim();
    assertArrayEquals(together, Hex.decode(hex));

    // decode → encode is exact, in hex and base64.
    String decoded = Cli.execute("tx", "decode", hex).ok().out();
    Path decodedFile = temp.resolve("decoded.json");
    Files.writeString(decodedFile, decoded);
    assertEquals(hex, Cli.execute("tx", "encode", decodedFile.toString()).ok().out().trim());
    String base64 =
        Cli.execute("tx", "encode", decodedFile.toString(), "--base64").ok().out().trim();
    assertArrayEquals(together, Base64.getDecoder().decode(base64));
    assertEquals(decoded, Cli.execute("tx", "decode", base64).ok().out());
    // An unknown field appended: the chain would refuse these bytes, and decode says so.
    Cli.execute("tx", "decode", hex + "4801").fails("not in canonical encoding");
    Cli.execute("tx", "decode", "zz" + hex).fails("not a leasechain tx");
  }

  @Test
  void signingRefusesWhatDoesNotMatch() throws Exception {
    Path unsignedFile = generateProposal();
    Path out = temp.resolve("out.json");
    sign(bobHome, "bob", unsignedFile, out, "--chain-id", "other").fails("built for chain 'test'");
    sign(bobHome, "bob", unsignedFile, out, "--sequence", "1")
        .fails("carries sequence 0 for " + address(bob) + " but its sequence is 1");
    sign(aliceHome, "gpuco", unsignedFile, out).fails(address(gpuco) + " is not a signer");
    sign(aliceHome, "nobody", unsignedFile, out).fails("no key named 'nobody'");
    sign(aliceHome, "alice", temp.resolve("missing.json"), out).fails("no such file");
    assertFalse(Files.exists(out), "nothing is written on an error");

    Path aliceSigned = temp.resolve("alice-signed.json");
    sign(aliceHome, "alice", unsignedFile, aliceSigned).ok();
    sign(aliceHome, "alice", aliceSigned, out).fails(address(alice) + " has already signed");

    // Without a chain id in the file (decoded from wire bytes), --offline needs --chain-id.
    String hex = Cli.execute("tx", "encode", aliceSigned.toString()).ok().out().trim();
    Path wireFile = temp.resolve("wire.hex");
    Files.writeString(wireFile, hex);
    sign(bobHome, "bob", wireFile, out).fails("--offline needs --chain-id");
    // ...and a wrong one shows in Alice's signature.
    sign(bobHome, "bob", wireFile, out, "--chain-id", "other").fails("does not verify");

    // A body changed after Alice signed: Bob's signing notices.
    Path tampered = temp.resolve("tampered.json");
    Files.writeString(
        tampered,
        Files.readString(aliceSigned).replace("\"memo\" : \"\"", "\"memo\" : \"pay me\""));
    sign(bobHome, "bob", tampered, out).fails("changed after it was signed");
    assertFalse(Files.exists(out));
  }

  @Test
  void broadcastRefusesAnIncompleteTxBeforeContactingTheNode() throws Exception {
    Path unsignedFile = generateProposal();
    Path aliceSigned = temp.resolve("alice-signed.json");
    sign(aliceHome, "alice", unsignedFile, aliceSigned).ok();
    Cli.execute("tx", "broadcast", aliceSigned.toString(), "--node", closedNode)
        .fails(
            "not broadcast: the tx still needs the signature of " + address(bob) + " (signer 2)");
    String hex = Cli.execute("tx", "encode", aliceSigned.toString()).ok().out().trim();
    Cli.execute("tx", "broadcast", hex, "--node", closedNode)
        .fails("still needs the signature of " + address(bob));
    Cli.execute("tx", "broadcast", "@" + unsignedFile, "--node", closedNode)
        .fails("still needs the signature of " + address(alice) + " (signer 1), " + address(bob));
  }

  @Test
  void generateOnlyTakesAnAddressOnlyWhenItCanLearnItsKey() {
    aliceHome
        .run(
            "tx",
            "bank",
            "send",
            address(bob),
            address(alice),
            "5ulease",
            "--generate-only",
            "--offline",
            "--chain-id",
            "test",
            "--sequence",
            "0")
        .fails("--offline: the public key of " + address(bob) + " is needed");
    aliceHome
        .run("tx", "bank", "send", address(alice), address(bob), "5ulease", "--offline")
        .fails("to sign, give a key name");
    aliceHome
        .run("tx", "bank", "send", "alice", address(bob), "5ulease", "--out", "x.json")
        .fails("--out goes with --generate-only");

    Cli.Result toStdout =
        aliceHome.run(
            "tx",
            "bank",
            "send",
            "alice",
            address(bob),
            "5ulease",
            "--generate-only",
            "--offline",
            "--chain-id",
            "test",
            "--sequence",
            "9",
            "--node",
            closedNode);
    PartialTx tx = TxJson.parse(toStdout.ok().out());
    assertEquals(address(alice), tx.signers().get(0).address().toBech32());
    assertEquals(9, tx.signers().get(0).sequence());
    assertFalse(tx.complete());
    assertEquals(
        address(bob), tx.body().getMessages(0).getSend().getTo(), "the message is built in full");
  }
}
