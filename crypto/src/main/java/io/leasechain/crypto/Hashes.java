package io.leasechain.crypto;

import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA256Digest;

/** Cryptographic hash functions used for addresses, transaction ids and state roots. */
public final class Hashes {

  private Hashes() {}

  /** SHA-256 of the concatenation of {@code parts}, without building the concatenated array. */
  public static byte[] sha256(byte[]... parts) {
    Objects.requireNonNull(parts, "parts");
    SHA256Digest digest = new SHA256Digest();
    for (byte[] part : parts) {
      Objects.requireNonNull(part, "part");
      digest.update(part, 0, part.length);
    }
    byte[] out = new byte[digest.getDigestSize()];
    digest.doFinal(out, 0);
    return out;
  }
}
