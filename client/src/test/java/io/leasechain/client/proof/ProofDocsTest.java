package io.leasechain.client.proof;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.leasechain.client.query.PageRequest;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hex;
import io.leasechain.ledger.proof.proto.MsgSubmitProof;
import io.leasechain.ledger.proof.proto.ProofDoc;
import io.leasechain.ledger.proof.proto.Usage;
import org.junit.jupiter.api.Test;

/**
 * The ProofDoc bytes and the agent signature, against vectors computed independently (protobuf
 * encoded by hand and signed with Python's cryptography package, Ed25519 from a seed of 32 0x05
 * bytes).
 */
class ProofDocsTest {

  static final Ed25519PrivateKey AGENT = Ed25519PrivateKey.fromSeed(filled(0x05));
  static final String AGENT_PUBLIC =
      "6e7a1cdd29b0b78fd13af4c5598feff4ef2a97166e3ca6f2e4fbfccd80505bf1";
  static final byte[] ROOT = Hex.decode(OutputMerkleTreeTest.ROOT_5);
  static final Usage USAGE =
      Usage.newBuilder()
          .setGpuSeconds(480)
          .setPeakVramMib(61_440)
          .setGpuModel("nvidia-h100-80gb")
          .build();
  static final String DOC =
      "0a0c6c65617365636861696e2d311007186420a0012a204b474d1dced7b6fe294c04e7e099f17d37c16eac898ea6"
          + "573714cce88f20e409321908e0031080e0031a106e76696469612d683130302d38306762";
  static final String SIGNATURE =
      "16309b0a512dbdbb1278558c0c6ff7513698d5f68d0c7323354213ec7ab60964"
          + "3df6725354bc952102461fdb2b3be09c7d371c23fdea316ace6b809d23d75c0e";

  static byte[] filled(int value) {
    byte[] bytes = new byte[32];
    java.util.Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  @Test
  void docSerializationAndSignatureMatchTheVectors() {
    ProofDoc doc = ProofDocs.doc("leasechain-1", 7, 100, 160, ROOT, USAGE);
    assertEquals(DOC, Hex.encode(doc.toByteArray()));
    assertEquals(AGENT_PUBLIC, Hex.encode(AGENT.publicKey().bytes()));
    byte[] signature = ProofDocs.sign(AGENT, "leasechain-1", 7, 100, 160, ROOT, USAGE);
    assertEquals(SIGNATURE, Hex.encode(signature));
    assertTrue(ProofDocs.verify(AGENT.publicKey(), doc, signature));
  }

  @Test
  void submitBuildsAMessageTheLedgerCheckAccepts() {
    MsgSubmitProof msg =
        ProofDocs.submit("lease1provider", AGENT, "leasechain-1", 7, 100, 160, ROOT, USAGE);
    assertEquals("lease1provider", msg.getProvider());
    assertEquals(7, msg.getLeaseId());
    assertEquals(100, msg.getFromHeight());
    assertEquals(160, msg.getToHeight());
    assertArrayEquals(ROOT, msg.getOutputRoot().toByteArray());
    assertEquals(USAGE, msg.getUsage());
    assertEquals(AGENT_PUBLIC, Hex.encode(msg.getAgentPublicKey().toByteArray()));
    assertEquals(SIGNATURE, Hex.encode(msg.getAgentSignature().toByteArray()));
    assertEquals(DOC, Hex.encode(ProofDocs.doc(msg, "leasechain-1").toByteArray()));
    assertTrue(ProofDocs.verify(msg, "leasechain-1"));
  }

  @Test
  void signatureIsBoundToChainLeasePeriodRootAndUsage() {
    MsgSubmitProof msg =
        ProofDocs.submit("lease1provider", AGENT, "leasechain-1", 7, 100, 160, ROOT, USAGE);
    assertFalse(ProofDocs.verify(msg, "leasechain-2"));
    assertFalse(ProofDocs.verify(msg.toBuilder().setLeaseId(8).build(), "leasechain-1"));
    assertFalse(ProofDocs.verify(msg.toBuilder().setFromHeight(99).build(), "leasechain-1"));
    assertFalse(ProofDocs.verify(msg.toBuilder().setToHeight(161).build(), "leasechain-1"));
    byte[] otherRoot = ROOT.clone();
    otherRoot[0] ^= 1;
    assertFalse(
        ProofDocs.verify(
            msg.toBuilder().setOutputRoot(ByteString.copyFrom(otherRoot)).build(), "leasechain-1"));
    assertFalse(
        ProofDocs.verify(
            msg.toBuilder().setUsage(USAGE.toBuilder().setGpuSeconds(481)).build(),
            "leasechain-1"));
    Ed25519PrivateKey other = Ed25519PrivateKey.fromSeed(filled(0x06));
    assertFalse(
        ProofDocs.verify(
            msg.toBuilder()
                .setAgentPublicKey(ByteString.copyFrom(other.publicKey().bytes()))
                .build(),
            "leasechain-1"));
    assertFalse(
        ProofDocs.verify(
            msg.toBuilder().setAgentPublicKey(ByteString.copyFrom(new byte[3])).build(),
            "leasechain-1"));
    assertThrows(
        IllegalArgumentException.class,
        () -> ProofDocs.doc("leasechain-1", 7, 100, 160, new byte[31], USAGE));
  }

  @Test
  void queryPaths() {
    assertEquals("/proof/18446744073709551615", ProofQueryPaths.proof(-1));
    assertEquals("/dispute/3", ProofQueryPaths.dispute(3));
    assertEquals("/proofs?lease=7", ProofQueryPaths.proofs(7, PageRequest.first()));
    assertEquals(
        "/proofs?lease=7&limit=10&after=00000000000000ff",
        ProofQueryPaths.proofs(7, PageRequest.first(10).after("00000000000000ff")));
  }
}
