package io.leasechain.ledger.state;

import java.util.Iterator;

/**
 * Read access to chain state. Keys compare as unsigned bytes, which is also RocksDB's default
 * order, so range scans are deterministic on every node.
 */
public interface ReadableState {

  /** The value under {@code key}, or null when absent. Callers must not modify the array. */
  byte[] get(byte[] key);

  /**
   * Entries with {@code from <= key < to} in ascending unsigned order; {@code to == null} means no
   * upper bound.
   */
  Iterator<KeyValue> scan(byte[] from, byte[] to);

  /** Entries whose key starts with {@code prefix}, ascending. */
  default Iterator<KeyValue> scanPrefix(byte[] prefix) {
    return scan(prefix, Keys.prefixEnd(prefix));
  }
}
