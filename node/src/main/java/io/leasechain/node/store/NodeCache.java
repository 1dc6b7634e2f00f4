package io.leasechain.node.store;

import io.leasechain.commitment.StateTree;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Committed tree nodes kept in memory, least recently used evicted first, bounded by their bytes.
 * Internal nodes and leaves have separate budgets (three quarters and one quarter): every block
 * walks internal nodes from the root down, while a leaf is read only when its own key is written
 * again, so in a large state leaves would otherwise push out the internal nodes above them. A
 * node's bytes never change under its key (keys carry their version), so an entry is right for any
 * reader that may see the node at all; only committed nodes are ever put here. A wipe for state
 * sync breaks that (node keys are reused with other contents), so it starts a new generation, and a
 * put by a reader from an older one is dropped.
 */
final class NodeCache {

  /** Per-entry overhead beyond key and value bytes: map entry, ByteBuffer, array headers. */
  private static final int OVERHEAD = 112;

  private final Segment internal;
  private final Segment leaves;
  private long generation;

  NodeCache(long capacityBytes) {
    leaves = new Segment(capacityBytes / 4);
    internal = new Segment(capacityBytes - capacityBytes / 4);
  }

  synchronized byte[] get(byte[] key) {
    ByteBuffer k = ByteBuffer.wrap(key);
    byte[] node = internal.entries.get(k);
    return node != null ? node : leaves.entries.get(k);
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
    (StateTree.isLeafNode(value) ? leaves : internal).put(key, value);
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

  synchronized long bytes() {
    return internal.bytes + leaves.bytes;
  }

  private static long size(byte[] key, byte[] value) {
    return (long) key.length + value.length + OVERHEAD;
  }

  /** One least-recently-used map within its own byte budget. */
  private static final class Segment {
    private final long capacityBytes;
    private final LinkedHashMap<ByteBuffer, byte[]> entries =
        new LinkedHashMap<>(1024, 0.75f, true);
    private long bytes;

    Segment(long capacityBytes) {
      this.capacityBytes = capacityBytes;
    }

    void put(byte[] key, byte[] value) {
      byte[] previous = entries.put(ByteBuffer.wrap(key), value);
      if (previous != null) {
        bytes -= size(key, previous);
      }
      bytes += size(key, value);
      Iterator<Map.Entry<ByteBuffer, byte[]>> eldest = entries.entrySet().iterator();
      while (bytes > capacityBytes && eldest.hasNext()) {
        Map.Entry<ByteBuffer, byte[]> entry = eldest.next();
        bytes -= size(entry.getKey().array(), entry.getValue());
        eldest.remove();
      }
    }

    void remove(byte[] key) {
      byte[] previous = entries.remove(ByteBuffer.wrap(key));
      if (previous != null) {
        bytes -= size(key, previous);
      }
    }

    void clear() {
      entries.clear();
      bytes = 0;
    }
  }
}
