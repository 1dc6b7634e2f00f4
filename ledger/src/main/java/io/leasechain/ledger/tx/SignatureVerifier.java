package io.leasechain.ledger.tx;

import io.leasechain.crypto.Ed25519PublicKey;

/**
 * Checks one Ed25519 signature. The node may pass one that remembers verified signatures: the
 * answer depends only on (key, document, signature), so remembering it cannot change a result.
 */
@FunctionalInterface
public interface SignatureVerifier {

  /** Verifies every signature from scratch. */
  SignatureVerifier DIRECT = (key, document, signature) -> key.verify(document.bytes(), signature);

  boolean verify(Ed25519PublicKey key, SignedBytes document, byte[] signature);
}
