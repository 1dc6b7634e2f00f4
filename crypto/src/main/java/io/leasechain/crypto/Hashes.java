package io.leasechain.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/** Cryptographic hash functions used for addresses, transaction ids and state roots. */
public final class Hashes {

  // Cloned per call: cheaper than looking the algorithm up among the providers each time.
  private static final MessageDigest SHA_256 = newSha256();

  private Hashes() {}

  /** SHA-256 of the concatenation of {@code parts}, without building the concatenated array. */
  public static byte[] sha256(byte[]... parts) {
    Objects.requireNonNull(parts, "parts");
    // The JDK's SHA-256 uses the CPU's SHA instructions where present: several times faster than
    // Bouncy Castle's, and the state tree hashes thousands of nodes per block.
    MessageDigest digest = copy(SHA_256);
    for (byte[] part : parts) {
      Objects.requireNonNull(part, "part");
      digest.update(part);
    }
    return digest.digest();
  }

  private static MessageDigest copy(MessageDigest prototype) {
    try {
      return (MessageDigest) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
