package io.leasechain.commitment;

import java.util.List;

/**
 * What one version adds to the tree: its root hash, the nodes to write (encoded key, encoded node;
 * in ascending unsigned key order, which RocksDB's memtable inserts fastest) and the keys of the
 * nodes this version replaced, which older versions still need until they are pruned (stale since
 * {@code version}).
 */
public record TreeBatch(
    long version, byte[] rootHash, List<Node> newNodes, List<byte[]> staleNodeKeys) {

  /** One encoded node to write under its encoded key. */
  public record Node(byte[] key, byte[] value) {}

  public TreeBatch {
    newNodes = List.copyOf(newNodes);
    staleNodeKeys = List.copyOf(staleNodeKeys);
  }
}
