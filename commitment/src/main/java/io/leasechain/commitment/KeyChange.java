package io.leasechain.commitment;

/**
 * One change to the tree: {@code value == null} deletes the key. {@code previous}, when not null,
 * is what the caller believes the key holds before the change: a hint that lets the update skip
 * reading the key's leaf, taken only when it hashes to the leaf the tree holds there (so a wrong
 * hint costs that read, never the root). Arrays are shared: do not modify.
 */
public record KeyChange(byte[] key, byte[] value, byte[] previous) {

  /** A change without a hint. */
  public KeyChange(byte[] key, byte[] value) {
    this(key, value, null);
  }

  public boolean isDelete() {
    return value == null;
  }
}
