package io.leasechain.node.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hashes;
import io.leasechain.ledger.tx.SignedBytes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The node's signature cache answers exactly as a fresh verification would, only faster. */
class SignatureCacheTest {

  private static final Ed25519PrivateKey KEY = key("signer");
  private static final Ed25519PrivateKey OTHER = key("other");

  private static Ed25519PrivateKey key(String name) {
    return Ed25519PrivateKey.fromSeed(Hashes.sha256(name.getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static SignedBytes document(String text) {
    return SignedBytes.of(bytes(text));
  }

  @Test
  void aValidSignatureIsVerifiedOnceThenRemembered() {
    SignatureCache cache = new SignatureCache(10);
    SignedBytes message = document("sign doc");
    byte[] signature = KEY.sign(message.bytes());
    assertTrue(cache.verify(KEY.publicKey(), message, signature));
    assertTrue(cache.verify(KEY.publicKey(), message, signature));
    assertEquals(1, cache.verifications());
    assertEquals(1, cache.size());
  }

  @Test
  void anInvalidSignatureIsNeverRememberedAndStaysInvalid() {
    SignatureCache cache = new SignatureCache(10);
    SignedBytes message = document("sign doc");
    byte[] signature = KEY.sign(message.bytes());
    byte[] flipped = signature.clone();
    flipped[0] ^= 1;
    assertFalse(cache.verify(KEY.publicKey(), message, flipped));
    assertFalse(cache.verify(KEY.publicKey(), message, flipped));
    assertEquals(2, cache.verifications());
    assertEquals(0, cache.size());
  }

  @Test
  void aRememberedSignatureDoesNotValidateAnyOtherKeyMessageOrSignature() {
    SignatureCache cache = new SignatureCache(10);
    SignedBytes message = document("sign doc for chain a");
    byte[] signature = KEY.sign(message.bytes());
    assertTrue(cache.verify(KEY.publicKey(), message, signature));
    assertFalse(cache.verify(OTHER.publicKey(), message, signature), "another key");
    assertFalse(
        cache.verify(KEY.publicKey(), document("sign doc for chain b"), signature),
        "another message");
    byte[] truncated = Arrays.copyOf(signature, 63);
    assertFalse(cache.verify(KEY.publicKey(), message, truncated), "another signature");
  }

  @Test
  void theLeastRecentlyUsedEntryGoesWhenFull() {
    SignatureCache cache = new SignatureCache(2);
    SignedBytes[] messages = {document("a"), document("b"), document("c")};
    byte[][] signatures = new byte[3][];
    for (int i = 0; i < 3; i++) {
      signatures[i] = KEY.sign(messages[i].bytes());
    }
    cache.verify(KEY.publicKey(), messages[0], signatures[0]);
    cache.verify(KEY.publicKey(), messages[1], signatures[1]);
    cache.verify(KEY.publicKey(), messages[0], signatures[0]); // a is now the most recent
    cache.verify(KEY.publicKey(), messages[2], signatures[2]); // evicts b
    assertEquals(2, cache.size());
    assertEquals(3, cache.verifications());
    assertTrue(cache.verify(KEY.publicKey(), messages[0], signatures[0]));
    assertEquals(3, cache.verifications(), "a was kept");
    assertTrue(cache.verify(KEY.publicKey(), messages[1], signatures[1]));
    assertEquals(4, cache.verifications(), "b was evicted and verified again");
  }

  /**
   * Regression: the cache hashed the whole document for every signer on every check, hits included,
   * so a k-signer tx of L bytes cost k × L of SHA-256 per recheck. A hit must now come from the
   * digest made once per tx: with the document's bytes wiped after the first checks, every signer
   * is still found, and nothing is verified again.
   */
  @Test
  void aRememberedDocumentIsNotHashedAgainForEachSigner() {
    SignatureCache cache = new SignatureCache(10);
    byte[] signed = new byte[4096];
    Arrays.fill(signed, (byte) 7);
    SignedBytes document = SignedBytes.of(signed);
    Ed25519PrivateKey[] signers = {KEY, OTHER, key("third")};
    byte[][] signatures = new byte[signers.length][];
    for (int i = 0; i < signers.length; i++) {
      signatures[i] = signers[i].sign(document.bytes());
      assertTrue(cache.verify(signers[i].publicKey(), document, signatures[i]));
    }
    Arrays.fill(signed, (byte) 0);
    for (int i = 0; i < signers.length; i++) {
      assertTrue(
          cache.verify(signers[i].publicKey(), document, signatures[i]),
          "signer " + i + " found by the document's digest");
    }
    assertEquals(signers.length, cache.verifications());
  }

  @Test
  void capacityMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new SignatureCache(0));
  }
}
