package io.leasechain.node.store;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Committed tree nodes kept in memory, least recently used evicted first, bounded by their bytes.
 * The upper levels are read by every block and every query, so they stay. A node's bytes never
 * change under its key (keys carry their version), so an entry is right for any reader that may see
 * the node at all; only committed nodes are ever put here. A wipe for state sync breaks that (node
 * keys are reused with other contents), so it starts a new generation, and a put by a reader from
 * an older one is dropped.
 */
final class NodeCache {

  /** Per-entry overhead beyond key and value bytes: map entry, ByteBuffer, array headers. */
  private static final int OVERHEAD = 112;

  private final long capacityBytes;
  private final LinkedHashMap<ByteBuffer, byte[]> entries = new LinkedHashMap<>(1024, 0.75f, true);
  private long bytes;
  private long generation;

  NodeCache(long capacityBytes) {
    this.capacityBytes = capacityBytes;
  }

  synchronized byte[] get(byte[] key) {
    return entries.get(ByteBuffer.wrap(key));
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

  synchronized void remove(byte[] key) {
    byte[] previous = entries.remove(ByteBuffer.wrap(key));
    if (previous != null) {
      bytes -= size(key, previous);
    }
  }

  /** Forgets every node: a wipe for state sync reuses node keys with other contents. */
  synchronized void clear() {
    entries.clear();
    bytes = 0;
    generation++;
  }

  synchronized long bytes() {
    return bytes;
  }

  private static long size(byte[] key, byte[] value) {
    return (long) key.length + value.length + OVERHEAD;
  }
}
