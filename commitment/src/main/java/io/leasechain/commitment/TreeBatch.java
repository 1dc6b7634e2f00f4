package io.leasechain.commitment;

import java.util.List;

/**
 * What one version adds to the tree: its root hash, the nodes to write (encoded key, encoded node;
 * by depth, the root first and the deepest last, in an order that depends only on the base version
 * and the changes, or for a {@link TreeDraft} on its steps) and the keys of the nodes this version
 * replaced, which older versions still need until they are pruned (stale since {@code version}).
 * Not sorted by key: a block waits for the update, while a store that wants key order can sort when
 * it writes.
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
