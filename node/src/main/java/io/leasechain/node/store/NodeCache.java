package io.leasechain.node.store;

import io.leasechain.commitment.StateTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Committed tree nodes kept in memory ({@link SlabCache}: bounded by their bytes, those not read
 * lately evicted first, in slabs the garbage collector does not walk). Internal nodes and leaves
 * have separate budgets (three quarters and one quarter): every block walks internal nodes from the
 * root down, while a leaf is read only when its own key is written again, so in a large state
 * leaves would otherwise push out the internal nodes above them. A node's bytes never change under
 * its key (keys carry their version), so an entry is right for any reader that may see the node at
 * all. A commit puts its nodes while it writes them, before a reader may ask for their version; a
 * failed commit clears the cache, since a later block of the same height may put other nodes under
 * the same keys. A wipe for state sync breaks that (node keys are reused with other contents), so
 * it starts a new generation, and a put by a reader from an older one is dropped.
 */
final class NodeCache {

  private static final Logger LOG = LoggerFactory.getLogger(NodeCache.class);

  private final SlabCache internal;
  private final SlabCache leaves;
  private long generation;

  NodeCache(long capacityBytes) {
    leaves = new SlabCache(capacityBytes / 4);
    internal = new SlabCache(capacityBytes - capacityBytes / 4);
  }

  synchronized byte[] get(byte[] key) {
    byte[] node = internal.get(key);
    return node != null ? node : leaves.get(key);
  }

  /** The current generation: a reader takes it before its snapshot of the database. */
  synchronized long generation() {
    return generation;
  }

  /** Caches a node read by a reader of {@code generation}, unless a wipe came since. */
  synchronized void put(byte[] key, byte[] value, long generation) {
    if (generation == this.generation) {
      put(key, value);
    }
  }

  synchronized void put(byte[] key, byte[] value) {
    boolean leaf = StateTree.isLeafNode(value);
    SlabCache share = leaf ? leaves : internal;
    // A key is in one share at most, so a read never finds an older node in the other one.
    (leaf ? internal : leaves).remove(key);
    try {
      share.put(key, value);
    } catch (RuntimeException e) {
      // A cache that lost track of its entries must not fail a block: it starts empty instead.
      share.clear();
      LOG.warn("the state tree cache lost track of its entries and starts empty: {}", e.toString());
    }
  }

  synchronized void remove(byte[] key) {
    internal.remove(key);
    leaves.remove(key);
  }

  /** Forgets every node: a wipe for state sync reuses node keys with other contents. */
  synchronized void clear() {
    internal.clear();
    leaves.clear();
    generation++;
  }

  /** The bytes of internal nodes that can still be cached before any is evicted. */
  synchronized long internalRoom() {
    return internal.room();
  }

  /** The bytes each share holds now, read together. */
  synchronized RocksStore.TreeCacheBytes shareBytes() {
    return new RocksStore.TreeCacheBytes(internal.bytes(), leaves.bytes());
  }

  synchronized long bytes() {
    return internal.bytes() + leaves.bytes();
  }
}
