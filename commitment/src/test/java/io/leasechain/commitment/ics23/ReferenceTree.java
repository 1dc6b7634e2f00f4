package io.leasechain.commitment.ics23;

import io.leasechain.commitment.LeafPath;
import io.leasechain.commitment.Lookup;
import io.leasechain.commitment.TreeHashes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The binary tree of {@link TreeHashes} rebuilt from scratch over a set of key-values, as an oracle
 * independent of how {@code StateTree} stores nodes.
 */
final class ReferenceTree {

  private record Entry(byte[] keyHash, byte[] key, byte[] value) {}

  private final List<Entry> entries = new ArrayList<>();

  ReferenceTree(Map<byte[], byte[]> keyValues) {
    TreeMap<byte[], Entry> byHash = new TreeMap<>(Arrays::compareUnsigned);
    keyValues.forEach(
        (k, v) -> byHash.put(TreeHashes.keyHash(k), new Entry(TreeHashes.keyHash(k), k, v)));
    entries.addAll(byHash.values());
  }

  byte[] root() {
    return hash(entries, 0);
  }

  /** The found leaf with its siblings, or the neighbours in key-hash order. */
  Lookup lookup(byte[] key) {
    byte[] keyHash = TreeHashes.keyHash(key);
    Entry left = null;
    Entry right = null;
    for (Entry e : entries) {
      int c = Arrays.compareUnsigned(e.keyHash, keyHash);
      if (c == 0) {
        return new Lookup(path(e), null, null);
      }
      if (c < 0) {
        left = e;
      } else if (right == null) {
        right = e;
      }
    }
    return new Lookup(null, left == null ? null : path(left), right == null ? null : path(right));
  }

  private LeafPath path(Entry leaf) {
    List<byte[]> topDown = new ArrayList<>();
    List<Entry> subtree = entries;
    for (int depth = 0; subtree.size() > 1; depth++) {
      List<Entry> zeros = side(subtree, depth, 0);
      List<Entry> ones = side(subtree, depth, 1);
      boolean right = TreeHashes.bit(leaf.keyHash, depth) == 1;
      topDown.add(hash(right ? zeros : ones, depth + 1));
      subtree = right ? ones : zeros;
    }
    Collections.reverse(topDown);
    return new LeafPath(leaf.key, leaf.value, topDown);
  }

  private static byte[] hash(List<Entry> subtree, int depth) {
    if (subtree.isEmpty()) {
      return TreeHashes.EMPTY;
    }
    if (subtree.size() == 1) {
      return TreeHashes.leaf(subtree.get(0).key, subtree.get(0).value);
    }
    return TreeHashes.inner(
        hash(side(subtree, depth, 0), depth + 1), hash(side(subtree, depth, 1), depth + 1));
  }

  private static List<Entry> side(List<Entry> subtree, int depth, int bit) {
    return subtree.stream().filter(e -> TreeHashes.bit(e.keyHash, depth) == bit).toList();
  }
}
