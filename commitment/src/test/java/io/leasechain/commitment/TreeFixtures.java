package io.leasechain.commitment;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leasechain.commitment.TreeNodes.Child;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Shared by the tree tests: building changes, folding a path up to a root, walking a version. */
final class TreeFixtures {

  private TreeFixtures() {}

  static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  static KeyChange put(String key, String value) {
    return new KeyChange(bytes(key), bytes(value));
  }

  static KeyChange delete(String key) {
    return new KeyChange(bytes(key), null);
  }

  /** Node for node and stale key for stale key, in order. */
  static void assertSameBatch(TreeBatch expected, TreeBatch actual) {
    assertArrayEquals(expected.rootHash(), actual.rootHash(), "root");
    assertEquals(expected.newNodes().size(), actual.newNodes().size(), "nodes written");
    for (int n = 0; n < expected.newNodes().size(); n++) {
      assertArrayEquals(expected.newNodes().get(n).key(), actual.newNodes().get(n).key());
      assertArrayEquals(expected.newNodes().get(n).value(), actual.newNodes().get(n).value());
    }
    assertEquals(expected.staleNodeKeys().size(), actual.staleNodeKeys().size(), "stale keys");
    for (int n = 0; n < expected.staleNodeKeys().size(); n++) {
      assertArrayEquals(expected.staleNodeKeys().get(n), actual.staleNodeKeys().get(n));
    }
  }

  static List<TreeLeaf> leavesOf(Map<String, String> state) {
    List<TreeLeaf> out = new ArrayList<>();
    state.forEach((k, v) -> out.add(new TreeLeaf(bytes(k), bytes(v))));
    return out;
  }

  /** The root a leaf path hashes up to. */
  static byte[] fold(LeafPath path) {
    byte[] keyHash = TreeHashes.keyHash(path.key());
    byte[] hash = TreeHashes.leaf(path.key(), path.value());
    int depth = path.siblings().size();
    for (int i = 0; i < depth; i++) {
      byte[] sibling = path.siblings().get(i);
      hash =
          TreeHashes.bit(keyHash, depth - 1 - i) == 0
              ? TreeHashes.inner(hash, sibling)
              : TreeHashes.inner(sibling, hash);
    }
    return hash;
  }

  static void assertFoldsTo(byte[] root, LeafPath path) {
    assertArrayEquals(root, fold(path), "path of " + new String(path.key(), UTF_8));
  }

  /** Every node key reachable from the root of {@code version}, read through the node encoding. */
  static Set<byte[]> reachable(NodeStore store, long version) {
    Set<byte[]> out = new TreeSet<>(Arrays::compareUnsigned);
    byte[] rootKey = StateTree.rootKey(version);
    out.add(rootKey);
    walk(store, store.get(rootKey), new byte[32], 0, out);
    return out;
  }

  /**
   * The root hash of {@code version} recomputed from its leaves, asserting on the way that every
   * internal node's entry holds its child's hash as recomputed.
   */
  static byte[] recomputedRoot(NodeStore store, long version) {
    return recomputed(store, store.get(StateTree.rootKey(version)), new byte[32], 0);
  }

  private static byte[] recomputed(NodeStore store, byte[] node, byte[] path, int depth) {
    Child[] slots = TreeNodes.decodeInternal(node);
    for (int s = 0; s < TreeNodes.SLOTS; s++) {
      if (slots[s] != null) {
        byte[] key = TreeNodes.nodeKey(slots[s].version, path, depth, s);
        byte[] child = store.get(key);
        byte[] hash;
        if (slots[s].leaf) {
          hash = TreeHashes.leaf(TreeNodes.leafKey(child), TreeNodes.leafValue(child));
        } else {
          byte[] childPath = path.clone();
          childPath[depth / 2] = key[9 + depth / 2];
          hash = recomputed(store, child, childPath, depth + 1);
        }
        assertArrayEquals(hash, slots[s].hash, "the entry of " + Arrays.toString(key));
      }
    }
    return TreeNodes.hash(slots);
  }

  private static void walk(NodeStore store, byte[] node, byte[] path, int depth, Set<byte[]> out) {
    Child[] slots = TreeNodes.decodeInternal(node);
    for (int s = 0; s < TreeNodes.SLOTS; s++) {
      if (slots[s] != null) {
        byte[] key = TreeNodes.nodeKey(slots[s].version, path, depth, s);
        out.add(key);
        byte[] child = store.get(key);
        if (!slots[s].leaf) {
          byte[] childPath = path.clone();
          childPath[depth / 2] = key[9 + depth / 2];
          walk(store, child, childPath, depth + 1, out);
        } else if (child == null) {
          throw new AssertionError("missing leaf " + Arrays.toString(key));
        }
      }
    }
  }
}
