package io.leasechain.node.store;

import io.leasechain.ledger.state.Write;
import java.util.List;

/**
 * The latest committed state's values (and absences) kept in memory, least recently used evicted
 * first, bounded by their bytes. A block reads the same keys many times (params, fee accounts, the
 * accounts of its senders) and then writes most of what it read, so the block after it and the tree
 * update (which takes the cached old value of a written key as a hint, see {@link
 * io.leasechain.commitment.KeyChange}) find them here instead of in RocksDB.
 *
 * <p>Unlike tree nodes, a key's value changes at every commit that writes it. A commit updates the
 * cache after its batch is durable and starts a new generation; a reader that read the database
 * before that caches nothing (its value may be the old one), so an entry always holds the value of
 * the last commit.
 */
final class StateCache {

  // Identity marks a key the state does not hold; RocksDB never returns this instance.
  private static final byte[] ABSENT = new byte[0];

  private final LruBytes entries;
  private long generation;

  StateCache(long capacityBytes) {
    entries = new LruBytes(capacityBytes);
  }

  /** A cached read: found (the value, or null for a key the state does not hold), or a miss. */
  record Lookup(boolean found, byte[] value, long generation) {}

  synchronized Lookup get(byte[] key) {
    byte[] value = entries.get(key);
    if (value == null) {
      return new Lookup(false, null, generation);
    }
    // A copy: the cached array outlives this reader, which may change what it was given.
    return new Lookup(true, value == ABSENT ? null : value.clone(), generation);
  }

  /**
   * The cached value of a key the state holds, or null (absent, or not cached); shared, not to be
   * changed.
   */
  synchronized byte[] present(byte[] key) {
    byte[] value = entries.get(key);
    return value == ABSENT ? null : value;
  }

  /** Caches what a reader of {@code generation} read (null: absent), unless a commit came since. */
  synchronized void put(byte[] key, byte[] value, long generation) {
    if (generation == this.generation) {
      entries.put(key, value == null ? ABSENT : value);
    }
  }

  /** A durable commit's writes: they become the cached values, and earlier readers' are dropped. */
  synchronized void committed(List<Write> writes) {
    generation++;
    for (Write write : writes) {
      entries.put(write.key(), write.isDelete() ? ABSENT : write.value());
    }
  }

  /** Forgets every value: the state was wiped for state sync. */
  synchronized void clear() {
    entries.clear();
    generation++;
  }

  synchronized long bytes() {
    return entries.bytes();
  }
}
