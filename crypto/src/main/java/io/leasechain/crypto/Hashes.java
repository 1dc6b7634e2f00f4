package io.leasechain.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/** Cryptographic hash functions used for addresses, transaction ids and state roots. */
public final class Hashes {

  // One digest per thread, reset by digest(): cheaper than cloning a prototype per call (the state
  // tree hashes tens of thousands of nodes per block) and safe for concurrent callers.
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(Hashes::newSha256);

  private Hashes() {}

  /** SHA-256 of the concatenation of {@code parts}, without building the concatenated array. */
  public static byte[] sha256(byte[]... parts) {
    Objects.requireNonNull(parts, "parts");
    // The JDK's SHA-256 uses the CPU's SHA instructions where present: several times faster than
    // Bouncy Castle's, and the state tree hashes thousands of nodes per block.
    for (byte[] part : parts) {
      Objects.requireNonNull(part, "part");
    }
    // Checked before the first update: a half-fed digest would corrupt this thread's next hash.
    MessageDigest digest = SHA_256.get();
    for (byte[] part : parts) {
      digest.update(part);
    }
    return digest.digest();
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
