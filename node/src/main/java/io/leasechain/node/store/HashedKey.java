package io.leasechain.node.store;

import java.util.Arrays;

/**
 * A byte-array key for the store's in-memory maps, with its seeded hash ({@link KeyHash}) computed
 * once. ByteBuffer keys hashed and compared byte by byte through the buffer's accessors: profiled
 * at a million leases, finding a node took over a quarter of the tree update's time, about half
 * that with this key. Comparable, so that a bin that fills up anyway is searched as a tree, not a
 * list. The bytes are shared: do not modify.
 */
final class HashedKey implements Comparable<HashedKey> {

  private final byte[] bytes;
  private final int hash;

  HashedKey(byte[] bytes) {
    this.bytes = bytes;
    this.hash = KeyHash.of(bytes);
  }

  byte[] bytes() {
    return bytes;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HashedKey key && hash == key.hash && Arrays.equals(bytes, key.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public int compareTo(HashedKey other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }
}
