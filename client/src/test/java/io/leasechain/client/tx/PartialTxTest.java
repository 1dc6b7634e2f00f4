package io.leasechain.client.tx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.authority.proto.ApproveProvider;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.authority.proto.MsgCouncilPropose;
import io.leasechain.ledger.tx.proto.Msg;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tx JSON codec and signing a tx by its signers one at a time. */
class PartialTxTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String CHAIN = "partial-chain";
  private static final Ed25519PrivateKey ALICE = key(1);
  private static final Ed25519PrivateKey BOB = key(2);
  private static final Ed25519PrivateKey CAROL = key(3);
  private static final TxSigner.Options OPTIONS =
      new TxSigner.Options(CHAIN, 500, 200_000, "two of us", 0);

  private static Ed25519PrivateKey key(int seedByte) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) seedByte);
    return Ed25519PrivateKey.fromSeed(seed);
  }

  /** A council proposal by ALICE with BOB as co-signer: the tx needs both signatures. */
  private static List<Msg> proposal() {
    return List.of(
        Msg.newBuilder()
            .setCouncilPropose(
                MsgCouncilPropose.newBuilder()
                    .setProposer(ALICE.publicKey().address().toBech32())
                    .addCoSigners(BOB.publicKey().address().toBech32())
                    .setAction(
                        CouncilAction.newBuilder()
                            .setApproveProvider(
                                ApproveProvider.newBuilder()
                                    .setProvider(CAROL.publicKey().address().toBech32()))))
            .build());
  }

  private static PartialTx unsigned() {
    return TxSigner.unsigned(
        proposal(),
        List.of(
            new TxSigner.SignerKey(ALICE.publicKey(), 7),
            new TxSigner.SignerKey(BOB.publicKey(), 0)),
        OPTIONS);
  }

  @Test
  void signersInAnyOrderProduceExactlyTheTxOneWalletWouldSign() {
    byte[] together =
        TxSigner.sign(
            proposal(),
            List.of(new TxSigner.SignerAccount(ALICE, 7), new TxSigner.SignerAccount(BOB, 0)),
            OPTIONS);

    PartialTx unsigned = unsigned();
    assertEquals(2, unsigned.missingSigners().size());
    assertFalse(unsigned.complete());
    // Each signer works on its own copy of the file: JSON out, JSON in.
    PartialTx bobFirst = TxJson.parse(TxJson.print(unsigned)).sign(BOB, CHAIN);
    assertEquals(
        List.of(ALICE.publicKey().address()),
        bobFirst.missingSigners().stream().map(PartialTx.Signer::address).toList());
    assertTrue(bobFirst.missingMessage().contains(ALICE.publicKey().address().toBech32()));
    PartialTx both = TxJson.parse(TxJson.print(bobFirst)).sign(ALICE, CHAIN);

    assertTrue(both.complete());
    assertNull(both.missingMessage());
    assertEquals(List.of(), both.invalidSignatures(CHAIN));
    assertArrayEquals(together, both.toWire());
  }

  @Test
  void jsonAndWireRoundTripsAreExact() throws Exception {
    PartialTx half = unsigned().sign(ALICE, CHAIN);
    String json = TxJson.print(half);
    assertEquals(half, TxJson.parse(json));
    assertEquals(json, TxJson.print(TxJson.parse(json)));

    byte[] wire = half.toWire();
    PartialTx decoded = PartialTx.fromWire(wire);
    assertNull(decoded.chainId(), "the chain id is not on the wire");
    assertArrayEquals(wire, decoded.toWire());
    assertArrayEquals(wire, TxJson.parse(TxJson.print(decoded)).toWire());

    // The documented shape: 64-bit integers as strings, bytes as base64, one slot per signer.
    ObjectNode root = (ObjectNode) MAPPER.readTree(json);
    assertEquals("7", root.at("/auth_info/signers/0/sequence").asText());
    assertTrue(root.at("/auth_info/signers/0/sequence").isTextual());
    assertEquals("500", root.at("/auth_info/fee/amount").asText());
    assertEquals("two of us", root.at("/body/memo").asText());
    assertEquals(
        ALICE.publicKey().address().toBech32(),
        root.at("/body/messages/0/council_propose/proposer").asText());
    assertEquals(2, root.path("signatures").size());
    assertEquals("", root.path("signatures").get(1).asText());
    assertEquals(CHAIN, root.path("chain_id").asText());

    // "signatures": [] means nobody signed yet, as Cosmos wallets write it.
    root.putArray("signatures");
    assertEquals(unsigned(), TxJson.parse(root.toString()));
  }

  @Test
  void nonCanonicalWireBytesAreRefused() {
    byte[] wire = unsigned().sign(ALICE, CHAIN).toWire();
    byte[] appended = Arrays.copyOf(wire, wire.length + 2);
    appended[wire.length] = (byte) ((9 << 3) | 0); // field 9, varint
    appended[wire.length + 1] = 1;
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> PartialTx.fromWire(appended));
    assertTrue(error.getMessage().contains("canonical"), error.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PartialTx.fromWire(new byte[] {1, 2, 3}));
  }

  @Test
  void wrongChainIdIsRefused() {
    IllegalArgumentException built =
        assertThrows(IllegalArgumentException.class, () -> unsigned().sign(BOB, "other-chain"));
    assertTrue(built.getMessage().contains("built for chain 'partial-chain'"), built.getMessage());

    // Decoded from the wire the chain id is unknown; ALICE's signature still tells.
    PartialTx decoded = PartialTx.fromWire(unsigned().sign(ALICE, CHAIN).toWire());
    IllegalArgumentException signed =
        assertThrows(IllegalArgumentException.class, () -> decoded.sign(BOB, "other-chain"));
    assertTrue(signed.getMessage().contains("does not verify"), signed.getMessage());
    assertTrue(decoded.sign(BOB, CHAIN).complete());
  }

  @Test
  void aBodyChangedAfterASignatureIsCaughtBeforeSigning() throws Exception {
    ObjectNode root = (ObjectNode) MAPPER.readTree(TxJson.print(unsigned().sign(ALICE, CHAIN)));
    ((ObjectNode) root.path("body")).put("memo", "changed");
    PartialTx tampered = TxJson.parse(root.toString());

    assertEquals(
        List.of(ALICE.publicKey().address()),
        tampered.invalidSignatures(CHAIN).stream().map(PartialTx.Signer::address).toList());
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> tampered.sign(BOB, CHAIN));
    assertTrue(error.getMessage().contains("changed after it was signed"), error.getMessage());
    assertTrue(error.getMessage().contains(ALICE.publicKey().address().toBech32()));
  }

  @Test
  void aSecondSignatureByTheSameKeyAndAStrangersAreRefused() {
    PartialTx half = unsigned().sign(ALICE, CHAIN);
    IllegalArgumentException twice =
        assertThrows(IllegalArgumentException.class, () -> half.sign(ALICE, CHAIN));
    assertTrue(twice.getMessage().contains("already signed"), twice.getMessage());

    IllegalArgumentException stranger =
        assertThrows(IllegalArgumentException.class, () -> half.sign(CAROL, CHAIN));
    assertTrue(stranger.getMessage().contains("is not a signer"), stranger.getMessage());
  }

  @Test
  void malformedJsonGetsAClearError() {
    String json = TxJson.print(unsigned());
    assertThrows(IllegalArgumentException.class, () -> TxJson.parse("{"));
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> TxJson.parse(json.replaceFirst("\"body\"", "\"bodyy\"")));
    assertTrue(unknown.getMessage().contains("bodyy"), unknown.getMessage());
    IllegalArgumentException slots =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TxJson.parse(
                    json.replace("\"signatures\" : [ \"\", \"\" ]", "\"signatures\" : [ \"\" ]")));
    assertTrue(slots.getMessage().contains("one per signer"), slots.getMessage());
  }

  // A coordinator could hand a co-signer a file whose first "amount" (what a reader sees) differs
  // from the last (what a last-wins parser signs); every JSON reader must see one value.
  @Test
  void duplicateJsonKeysAreRefusedAtEveryLevel() {
    String json = TxJson.print(unsigned());
    for (String duplicated :
        List.of(
            json.replace("\"memo\" : \"two of us\"", "\"memo\" : \"two of us\", \"memo\" : \"x\""),
            json.replace(
                "\"chain_id\" : \"" + CHAIN + "\"",
                "\"chain_id\" : \"" + CHAIN + "\", \"chain_id\" : \"other\""),
            json.replace(
                "\"amount\" : \"500\"", "\"amount\" : \"500\", \"amount\" : \"9000000\""))) {
      assertFalse(duplicated.equals(json), duplicated);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> TxJson.parse(duplicated));
      assertTrue(e.getMessage().contains("Duplicate field"), e.getMessage());
    }
  }
}
