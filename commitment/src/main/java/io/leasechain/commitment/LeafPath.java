package io.leasechain.commitment;

import java.util.List;

/**
 * A leaf of the tree at one version, with what it takes to hash up to the root: the sibling hashes
 * of each level from the leaf up, {@code siblings.get(0)} nearest the leaf. The leaf sits at depth
 * {@code siblings.size()}; at level {@code d} (root = 0) it went right when {@link
 * TreeHashes#bit}(keyHash(key), d) is 1. An empty sibling is {@link TreeHashes#EMPTY}.
 */
public record LeafPath(byte[] key, byte[] value, List<byte[]> siblings) {

  public LeafPath {
    siblings = List.copyOf(siblings);
  }
}
