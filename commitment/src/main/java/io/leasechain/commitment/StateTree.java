package io.leasechain.commitment;

import io.leasechain.commitment.TreeNodes.Child;
import io.leasechain.crypto.Hashes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The versioned state tree (Jellyfish-style: 16-ary nodes keyed by version and nibble path, hashed
 * as the binary tree of {@link TreeHashes}). Stateless: every call reads nodes from a {@link
 * NodeStore} and returns what to write; the caller persists a {@link TreeBatch} atomically.
 *
 * <p>Node keys encode as {@code version (8 bytes, big-endian) || nibble count (1 byte) || nibbles
 * packed two per byte}, so they sort by version first. Every version has an internal root node at
 * {@link #rootKey}; nodes are encoded as docs/state-commitment.md describes.
 */
public final class StateTree {

  private StateTree() {}

  /**
   * Applies {@code changes} (any order; one change per key) to the tree at {@code baseVersion} (-1:
   * the empty tree) and returns version {@code version} (> baseVersion). A version is written even
   * when nothing changed, so that every version has a root.
   *
   * @throws MissingVersionException when the tree has no version {@code baseVersion}
   */
  public static TreeBatch apply(
      NodeStore store, long baseVersion, long version, List<KeyChange> changes) {
    return apply(store, baseVersion, version, changes, Runnable::run, 0);
  }

  /**
   * {@link #apply(NodeStore, long, long, List)} with the top-level subtrees the changes touch
   * shared between the calling thread and up to {@code helperThreads} tasks on {@code helpers} (the
   * store must then allow concurrent reads; a refused task's share is done by the calling thread).
   * The batch is the same, node for node and in the same order, however the work was shared, and
   * every part has ended when this returns or throws (a task that starts later finds none left).
   */
  public static TreeBatch apply(
      NodeStore store,
      long baseVersion,
      long version,
      List<KeyChange> changes,
      Executor helpers,
      int helperThreads) {
    return apply(store, InnerHashes.NONE, baseVersion, version, changes, helpers, helperThreads);
  }

  /**
   * {@link #apply(NodeStore, long, long, List, Executor, int)} reusing what {@code innerHashes}
   * keeps of the nodes it rewrites (the same batch, with less hashing).
   */
  public static TreeBatch apply(
      NodeStore store,
      InnerHashes innerHashes,
      long baseVersion,
      long version,
      List<KeyChange> changes,
      Executor helpers,
      int helperThreads) {
    TreeUpdate.requireAbove(baseVersion, version);
    return TreeUpdate.step(
        store, innerHashes, baseVersion, version, 0, changes, helpers, helperThreads);
  }

  /** The root hash at {@code version}, or null when that version is absent (never or pruned). */
  public static byte[] rootHash(NodeStore store, long version) {
    byte[] root = store.get(rootKey(version));
    return root == null ? null : TreeNodes.hash(TreeNodes.decodeInternal(root));
  }

  /**
   * The value of {@code key} at {@code version}, or null when absent.
   *
   * @throws MissingVersionException when the tree has no such version
   */
  public static byte[] get(NodeStore store, long version, byte[] key) {
    byte[] keyHash = TreeHashes.keyHash(key);
    byte[] node = read(store, version, rootKey(version));
    for (int depth = 0; ; depth++) {
      int s = TreeNodes.nibble(keyHash, depth);
      if ((TreeNodes.occupied(node) & (1 << s)) == 0) {
        return null;
      }
      long childVersion = TreeNodes.entryVersion(node, TreeNodes.entryOffset(node, s));
      boolean leaf = (TreeNodes.leaves(node) & (1 << s)) != 0;
      node = read(store, version, TreeNodes.nodeKey(childVersion, keyHash, depth, s));
      if (leaf) {
        return TreeNodes.leafHasKey(node, key) ? TreeNodes.leafValue(node) : null;
      }
    }
  }

  /**
   * Reads from {@code store} the nodes of {@code version} that an update writing {@code key} will
   * read, so that a store which keeps what it reads has them at hand when the update comes: the
   * internal nodes on the key's path, and a leaf only where the update reads one. That is the leaf
   * met on the path unless it is the key's own holding {@code hint} (the update's own hint of the
   * old value, which spares it that read): a leaf an insert splits, or one whose key the update
   * must learn. When {@code deleting} the key's own leaf, also the one leaf left beside it, which
   * floats up. Reads only; what it reads changes nothing.
   *
   * @throws MissingVersionException when the tree has no such version
   * @throws IllegalStateException when a node on the path is corrupt (or the store's own exception
   *     when it cannot read)
   */
  public static void readAhead(
      NodeStore store, long version, byte[] key, byte[] hint, boolean deleting) {
    byte[] keyHash = TreeHashes.keyHash(key);
    byte[] own = hint == null ? null : TreeHashes.leafOfHashes(keyHash, Hashes.sha256(hint));
    byte[] node = read(store, version, rootKey(version));
    for (int depth = 0; depth < TreeNodes.MAX_DEPTH; depth++) {
      TreeNodes.requireWholeInternal(node);
      int s = TreeNodes.nibble(keyHash, depth);
      int occupied = TreeNodes.occupied(node);
      if ((occupied & (1 << s)) == 0) {
        return;
      }
      int offset = TreeNodes.entryOffset(node, s);
      byte[] childKey = TreeNodes.nodeKey(TreeNodes.entryVersion(node, offset), keyHash, depth, s);
      if ((TreeNodes.leaves(node) & (1 << s)) == 0) {
        node = read(store, version, childKey);
        continue;
      }
      boolean ownLeaf = own != null && TreeNodes.entryHashIs(node, offset, own);
      if (!ownLeaf) {
        byte[] leaf = store.get(childKey);
        ownLeaf = leaf != null && TreeNodes.leafHasKey(leaf, key);
      }
      if (ownLeaf && deleting && depth > 0 && Integer.bitCount(occupied) == 2) {
        int other = Integer.numberOfTrailingZeros(occupied & ~(1 << s));
        if ((TreeNodes.leaves(node) & (1 << other)) != 0) {
          long otherVersion = TreeNodes.entryVersion(node, TreeNodes.entryOffset(node, other));
          store.get(TreeNodes.nodeKey(otherVersion, keyHash, depth, other));
        }
      }
      return;
    }
  }

  /**
   * The leaf of {@code key} at {@code version} with its path, or its neighbours if it is absent.
   *
   * @throws MissingVersionException when the tree has no such version
   */
  public static Lookup lookup(NodeStore store, long version, byte[] key) {
    byte[] keyHash = TreeHashes.keyHash(key);
    Walk walk = walk(store, version, keyHash);
    if (walk.leaf != null && TreeNodes.leafHasKey(walk.leaf, key)) {
      return new Lookup(walk.path(keyHash), null, null);
    }
    byte[] left = null;
    byte[] right = null;
    if (walk.leaf != null) {
      byte[] leafHash = TreeHashes.keyHash(TreeNodes.leafKey(walk.leaf));
      if (Arrays.compareUnsigned(leafHash, keyHash) < 0) {
        left = walk.leaf;
      } else {
        right = walk.leaf;
      }
    }
    if (left == null) {
      left = walk.neighbour(store, version, keyHash, false);
    }
    if (right == null) {
      right = walk.neighbour(store, version, keyHash, true);
    }
    return new Lookup(null, pathOf(store, version, left), pathOf(store, version, right));
  }

  /**
   * Up to {@code limit} leaves of {@code version} in key-hash order, starting after key hash {@code
   * afterKeyHash} (null: from the first). Page through a version by passing the key hash of the
   * last leaf returned.
   *
   * @throws MissingVersionException when the tree has no such version
   */
  public static List<TreeLeaf> leaves(
      NodeStore store, long version, byte[] afterKeyHash, int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
    List<TreeLeaf> out = new ArrayList<>(Math.min(limit, 1024));
    byte[] root = read(store, version, rootKey(version));
    collect(
        store, version, TreeNodes.decodeInternal(root), 0, new byte[32], afterKeyHash, out, limit);
    return out;
  }

  /** Whether an encoded tree node is a leaf (else an internal node). */
  public static boolean isLeafNode(byte[] node) {
    return node.length > 0 && node[0] == TreeNodes.LEAF;
  }

  /** The version a node key belongs to: every node key starts with it. */
  public static long versionOf(byte[] nodeKey) {
    return TreeNodes.versionOf(nodeKey);
  }

  /**
   * The keys of the internal nodes directly below the internal node {@code node} stored under
   * {@code nodeKey}, in slot order; its leaves are left out. For walking a version's upper levels
   * without decoding what lies below them.
   */
  public static List<byte[]> internalChildKeys(byte[] nodeKey, byte[] node) {
    TreeNodes.requireWholeInternal(node);
    int depth = TreeNodes.nibblesOf(nodeKey);
    byte[] path = new byte[32];
    System.arraycopy(nodeKey, 9, path, 0, nodeKey.length - 9);
    int internal = TreeNodes.occupied(node) & ~TreeNodes.leaves(node);
    List<byte[]> keys = new ArrayList<>(Integer.bitCount(internal));
    for (int s = 0; s < TreeNodes.SLOTS; s++) {
      if ((internal & (1 << s)) != 0) {
        long version = TreeNodes.entryVersion(node, TreeNodes.entryOffset(node, s));
        keys.add(TreeNodes.nodeKey(version, path, depth, s));
      }
    }
    return keys;
  }

  /** The encoded key of the root node of {@code version}. */
  public static byte[] rootKey(long version) {
    return java.nio.ByteBuffer.allocate(9).putLong(version).put((byte) 0).array();
  }

  /**
   * In-order walk of one node's subtree; {@code path} holds its first {@code depth} nibbles, {@code
   * after} (when not null) shares them. Returns true once {@code out} is full.
   */
  private static boolean collect(
      NodeStore store,
      long version,
      Child[] node,
      int depth,
      byte[] path,
      byte[] after,
      List<TreeLeaf> out,
      int limit) {
    int from = after == null ? 0 : TreeNodes.nibble(after, depth);
    for (int s = from; s < TreeNodes.SLOTS; s++) {
      Child c = node[s];
      if (c == null) {
        continue;
      }
      byte[] childAfter = s == from ? after : null;
      setNibble(path, depth, s);
      byte[] child = read(store, version, TreeNodes.nodeKey(c.version, path, depth + 1, -1));
      if (c.leaf) {
        byte[] key = TreeNodes.leafKey(child);
        if (childAfter == null || Arrays.compareUnsigned(TreeHashes.keyHash(key), childAfter) > 0) {
          out.add(new TreeLeaf(key, TreeNodes.leafValue(child)));
          if (out.size() == limit) {
            return true;
          }
        }
      } else if (collect(
          store,
          version,
          TreeNodes.decodeInternal(child),
          depth + 1,
          path,
          childAfter,
          out,
          limit)) {
        return true;
      }
    }
    return false;
  }

  private static LeafPath pathOf(NodeStore store, long version, byte[] leaf) {
    if (leaf == null) {
      return null;
    }
    byte[] keyHash = TreeHashes.keyHash(TreeNodes.leafKey(leaf));
    return walk(store, version, keyHash).path(keyHash);
  }

  /** Descends towards {@code keyHash} until an empty slot or a leaf. */
  private static Walk walk(NodeStore store, long version, byte[] keyHash) {
    List<Child[]> nodes = new ArrayList<>();
    Child[] node = TreeNodes.decodeInternal(read(store, version, rootKey(version)));
    for (int depth = 0; ; depth++) {
      nodes.add(node);
      Child c = node[TreeNodes.nibble(keyHash, depth)];
      if (c == null) {
        return new Walk(nodes, null);
      }
      byte[] child =
          read(
              store,
              version,
              TreeNodes.nodeKey(c.version, keyHash, depth, TreeNodes.nibble(keyHash, depth)));
      if (c.leaf) {
        return new Walk(nodes, child);
      }
      node = TreeNodes.decodeInternal(child);
    }
  }

  /** The internal nodes from the root towards a key hash, and the leaf met there (or null). */
  private record Walk(List<Child[]> nodes, byte[] leaf) {

    /**
     * The leaf's path: within each node the 4 binary levels give a sibling each, except below the
     * level where the leaf is alone in its range (it floats up to there).
     */
    LeafPath path(byte[] keyHash) {
      List<byte[]> siblings = new ArrayList<>();
      for (int depth = 0; depth < nodes.size(); depth++) {
        Child[] node = nodes.get(depth);
        int occupied = TreeNodes.occupiedMask(node);
        int leaves = TreeNodes.leafMask(node);
        int t = TreeNodes.nibble(keyHash, depth);
        for (int size = TreeNodes.SLOTS; size > 1; size /= 2) {
          int lo = t & -size;
          int range = ((1 << size) - 1) << lo;
          if ((occupied & range) == 1 << t && (leaves & (1 << t)) != 0) {
            break;
          }
          int half = size / 2;
          siblings.add(
              TreeNodes.rangeHash(node, occupied, leaves, t < lo + half ? lo + half : lo, half));
        }
      }
      Collections.reverse(siblings);
      return new LeafPath(TreeNodes.leafKey(leaf), TreeNodes.leafValue(leaf), siblings);
    }

    /**
     * The leaf next to {@code keyHash} (absent here) in key-hash order, going right or left: the
     * nearest occupied slot beside the path, from the deepest node up, then its extreme leaf.
     */
    byte[] neighbour(NodeStore store, long version, byte[] keyHash, boolean right) {
      for (int depth = nodes.size() - 1; depth >= 0; depth--) {
        Child[] node = nodes.get(depth);
        int t = TreeNodes.nibble(keyHash, depth);
        int s = nextSlot(node, t, right);
        if (s < 0) {
          continue;
        }
        byte[] path = keyHash.clone();
        Child c = node[s];
        for (int d = depth; ; d++) {
          setNibble(path, d, s);
          byte[] child = read(store, version, TreeNodes.nodeKey(c.version, path, d + 1, -1));
          if (c.leaf) {
            return child;
          }
          node = TreeNodes.decodeInternal(child);
          s = nextSlot(node, right ? -1 : TreeNodes.SLOTS, right);
          c = node[s];
        }
      }
      return null;
    }

    /** The nearest occupied slot after (or before) {@code t}, or -1. */
    private static int nextSlot(Child[] node, int t, boolean right) {
      for (int s = right ? t + 1 : t - 1; s >= 0 && s < TreeNodes.SLOTS; s += right ? 1 : -1) {
        if (node[s] != null) {
          return s;
        }
      }
      return -1;
    }
  }

  private static void setNibble(byte[] path, int depth, int nibble) {
    int i = depth >>> 1;
    path[i] =
        (byte) ((depth & 1) == 0 ? (path[i] & 0x0F) | (nibble << 4) : (path[i] & 0xF0) | nibble);
  }

  private static byte[] read(NodeStore store, long version, byte[] nodeKey) {
    byte[] node = store.get(nodeKey);
    if (node == null) {
      throw new MissingVersionException(version);
    }
    return node;
  }
}
