package io.leasechain.ledger.tx;

import io.leasechain.crypto.Hashes;
import java.util.Objects;

/**
 * A tx's sign bytes with their SHA-256, computed once per tx: every signer's check reuses the
 * digest, so remembering k signatures costs one hash of the document, not k.
 */
public final class SignedBytes {

  private final byte[] bytes;
  private final byte[] sha256;

  private SignedBytes(byte[] bytes, byte[] sha256) {
    this.bytes = bytes;
    this.sha256 = sha256;
  }

  /** Hashes {@code bytes} once; the array is kept, not copied, and must not change afterwards. */
  public static SignedBytes of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new SignedBytes(bytes, Hashes.sha256(bytes));
  }

  /**
   * The signed document itself, not a copy (a copy per signer would cost k × L again); callers must
   * not modify it.
   */
  public byte[] bytes() {
    return bytes;
  }

  /** SHA-256 of {@link #bytes()}, as it was when this was made. */
  public byte[] sha256() {
    return sha256.clone();
  }
}
