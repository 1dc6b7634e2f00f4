package io.leasechain.commitment;

import io.leasechain.crypto.Hashes;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;

/**
 * The root of the tree computed from scratch, straight from the hashing rules of {@link
 * TreeHashes}, without storage: the specification the stored tree is checked against.
 */
public final class ReferenceTree {

  private record Leaf(byte[] keyHash, byte[] hash) {}

  private ReferenceTree() {}

  /** The root over these leaves (any order; keys distinct). */
  public static byte[] root(Collection<TreeLeaf> leaves) {
    Leaf[] sorted =
        leaves.stream()
            .map(
                l -> {
                  byte[] keyHash = TreeHashes.keyHash(l.key());
                  return new Leaf(
                      keyHash, TreeHashes.leafOfHashes(keyHash, Hashes.sha256(l.value())));
                })
            .sorted(Comparator.comparing(Leaf::keyHash, Arrays::compareUnsigned))
            .toArray(Leaf[]::new);
    for (int i = 1; i < sorted.length; i++) {
      if (Arrays.equals(sorted[i - 1].keyHash, sorted[i].keyHash)) {
        throw new IllegalArgumentException("the same key twice in one tree");
      }
    }
    return subtree(sorted, 0, sorted.length, 0);
  }

  /** Leaves {@code [lo, hi)}, which share their first {@code depth} bits. */
  private static byte[] subtree(Leaf[] leaves, int lo, int hi, int depth) {
    if (hi == lo) {
      return TreeHashes.EMPTY;
    }
    if (hi - lo == 1) {
      return leaves[lo].hash;
    }
    int mid = lo;
    while (mid < hi && TreeHashes.bit(leaves[mid].keyHash, depth) == 0) {
      mid++;
    }
    return TreeHashes.inner(
        subtree(leaves, lo, mid, depth + 1), subtree(leaves, mid, hi, depth + 1));
  }
}
