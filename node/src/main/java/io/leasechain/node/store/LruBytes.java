package io.leasechain.node.store;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Byte arrays by byte-array key, least recently used evicted first, bounded by their bytes. Not
 * thread-safe: its owner locks.
 */
final class LruBytes {

  /** Per-entry overhead beyond key and value bytes: map entry, key wrapper, array headers. */
  private static final int OVERHEAD = 112;

  private final long capacityBytes;
  private final LinkedHashMap<Key, byte[]> entries = new LinkedHashMap<>(1024, 0.75f, true);
  private long bytes;

  LruBytes(long capacityBytes) {
    this.capacityBytes = capacityBytes;
  }

  byte[] get(byte[] key) {
    return entries.get(Key.of(key));
  }

  void put(byte[] key, byte[] value) {
    byte[] previous = entries.put(Key.of(key), value);
    if (previous != null) {
      bytes -= size(key, previous);
    }
    bytes += size(key, value);
    Iterator<Map.Entry<Key, byte[]>> eldest = entries.entrySet().iterator();
    while (bytes > capacityBytes && eldest.hasNext()) {
      Map.Entry<Key, byte[]> entry = eldest.next();
      bytes -= size(entry.getKey().bytes, entry.getValue());
      eldest.remove();
    }
  }

  void remove(byte[] key) {
    byte[] previous = entries.remove(Key.of(key));
    if (previous != null) {
      bytes -= size(key, previous);
    }
  }

  void clear() {
    entries.clear();
    bytes = 0;
  }

  long bytes() {
    return bytes;
  }

  /**
   * A byte-array key with its hash ({@link KeyHash}) computed once. ByteBuffer keys hashed and
   * compared byte by byte through the buffer's accessors: profiled at a million leases, finding a
   * node took over a quarter of the tree update's time, about half that with this key. Comparable,
   * so that a bin that fills up anyway is searched as a tree, not a list.
   */
  private static final class Key implements Comparable<Key> {
    private final byte[] bytes;
    private final int hash;

    private Key(byte[] bytes, int hash) {
      this.bytes = bytes;
      this.hash = hash;
    }

    static Key of(byte[] bytes) {
      return new Key(bytes, KeyHash.of(bytes));
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && hash == key.hash && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public int compareTo(Key other) {
      return Arrays.compareUnsigned(bytes, other.bytes);
    }
  }

  private static long size(byte[] key, byte[] value) {
    return (long) key.length + value.length + OVERHEAD;
  }
}
