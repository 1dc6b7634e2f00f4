package io.leasechain.crypto;

import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** An Ed25519 signing key, held as its RFC 8032 32-byte seed, that signs transactions. */
public final class Ed25519PrivateKey {

  private final byte[] seed;
  // Passing the encoded public key to sign() spares a scalar multiplication per signature.
  private final byte[] publicKeyBytes;
  private final Ed25519PublicKey publicKey;

  private Ed25519PrivateKey(byte[] seed) {
    this.seed = seed;
    Ed25519.PublicPoint point = Ed25519.generatePublicKey(seed, 0);
    this.publicKeyBytes = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.encodePublicPoint(point, publicKeyBytes, 0);
    this.publicKey = new Ed25519PublicKey(publicKeyBytes.clone(), point);
  }

  public static Ed25519PrivateKey generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
    Ed25519.generatePrivateKey(random, seed);
    return new Ed25519PrivateKey(seed);
  }

  public static Ed25519PrivateKey fromSeed(byte[] seed32) {
    Objects.requireNonNull(seed32, "seed32");
    if (seed32.length != Ed25519.SECRET_KEY_SIZE) {
      throw new IllegalArgumentException(
          "Ed25519 seed must be " + Ed25519.SECRET_KEY_SIZE + " bytes, got " + seed32.length);
    }
    return new Ed25519PrivateKey(seed32.clone());
  }

  public byte[] seed() {
    return seed.clone();
  }

  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  /** Deterministic RFC 8032 signature, 64 bytes. */
  public byte[] sign(byte[] message) {
    Objects.requireNonNull(message, "message");
    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, publicKeyBytes, 0, message, 0, message.length, signature, 0);
    return signature;
  }

  // Never print the seed: keys end up in logs through string concatenation.
  @Override
  public String toString() {
    return "Ed25519PrivateKey[publicKey=" + publicKey + "]";
  }
}
