package io.leasechain.commitment;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link NodeStore} in a sorted map, with the stale-node index and pruning a persistent store
 * keeps: for tests, benchmarks and rebuilding a tree in memory. Not thread-safe.
 */
public final class InMemoryNodeStore implements NodeStore {

  private final NavigableMap<byte[], byte[]> nodes = new TreeMap<>(Arrays::compareUnsigned);
  // staleSince (8 bytes, big-endian) || node key: sorted so pruning reads a prefix.
  private final NavigableSet<byte[]> staleIndex = new TreeSet<>(Arrays::compareUnsigned);

  @Override
  public byte[] get(byte[] nodeKey) {
    return nodes.get(nodeKey);
  }

  /** Stores a version: its nodes, and its stale node keys under its version. */
  public void write(TreeBatch batch) {
    for (TreeBatch.Node node : batch.newNodes()) {
      nodes.put(node.key(), node.value());
    }
    for (byte[] stale : batch.staleNodeKeys()) {
      staleIndex.add(
          ByteBuffer.allocate(8 + stale.length).putLong(batch.version()).put(stale).array());
    }
  }

  /**
   * Deletes the nodes that became stale at or before {@code belowVersion}: every version from
   * {@code belowVersion} on stays whole, older ones go. Returns the number of nodes deleted.
   */
  public int prune(long belowVersion) {
    byte[] bound = ByteBuffer.allocate(8).putLong(belowVersion + 1).array();
    NavigableSet<byte[]> due = staleIndex.headSet(bound, false);
    int deleted = 0;
    for (byte[] entry : due) {
      if (nodes.remove(Arrays.copyOfRange(entry, 8, entry.length)) != null) {
        deleted++;
      }
    }
    due.clear();
    return deleted;
  }

  /** The number of nodes stored. */
  public int size() {
    return nodes.size();
  }

  /** The stored node keys, in key order. */
  public NavigableSet<byte[]> nodeKeys() {
    return Collections.unmodifiableNavigableSet(nodes.navigableKeySet());
  }
}
