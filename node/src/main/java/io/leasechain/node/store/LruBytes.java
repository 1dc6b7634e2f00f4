package io.leasechain.node.store;

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
  private final LinkedHashMap<HashedKey, byte[]> entries = new LinkedHashMap<>(1024, 0.75f, true);
  private long bytes;

  LruBytes(long capacityBytes) {
    this.capacityBytes = capacityBytes;
  }

  byte[] get(byte[] key) {
    return entries.get(new HashedKey(key));
  }

  void put(byte[] key, byte[] value) {
    byte[] previous = entries.put(new HashedKey(key), value);
    if (previous != null) {
      bytes -= size(key, previous);
    }
    bytes += size(key, value);
    Iterator<Map.Entry<HashedKey, byte[]>> eldest = entries.entrySet().iterator();
    while (bytes > capacityBytes && eldest.hasNext()) {
      Map.Entry<HashedKey, byte[]> entry = eldest.next();
      bytes -= size(entry.getKey().bytes(), entry.getValue());
      eldest.remove();
    }
  }

  void remove(byte[] key) {
    byte[] previous = entries.remove(new HashedKey(key));
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

  private static long size(byte[] key, byte[] value) {
    return (long) key.length + value.length + OVERHEAD;
  }
}
