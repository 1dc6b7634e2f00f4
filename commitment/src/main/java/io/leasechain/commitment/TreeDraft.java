package io.leasechain.commitment;

import io.leasechain.commitment.TreeNodes.Child;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * One tree version built in steps, for a block whose writes arrive while it runs: each step applies
 * its changes on top of the steps before, in memory, and {@link #batch} is then what to write. The
 * root is the one a single {@link StateTree#apply} of the net changes gives, since a version's root
 * depends only on its keys and values; the nodes may differ from that single update's where a step
 * rewrote a path that a later step put back as it was (same hashes, this version's keys). Each step
 * costs what an update of its own changes costs, not the draft's size. Not thread-safe: one caller
 * at a time, though a step may share its work with helpers as {@link StateTree#apply} does.
 */
public final class TreeDraft {

  // Where a node key's path starts: after its version (8 bytes) and nibble count (1).
  private static final int PATH = 9;

  // Internal nodes of fewer nibbles than this (the root and the 16 + 256 + 4,096 below it) lie on
  // the paths of many steps of a large state's block: the steps leave them unhashed, and batch()
  // hashes each once. Depth 4's 65,536 are mostly touched once a block, so their steps hash them.
  private static final int HASHED_FROM = 4;

  // Nodes per task when a level is hashed: enough to outweigh the hand-over, few enough to share.
  private static final int HASHED_RUN = 64;

  private final NodeStore base;
  private final InnerHashes innerHashes;
  private final long baseVersion;
  private final long version;
  // This version's nodes by nibble count, so that the batch lists them root first as an update
  // does. Hashed, not sorted: a step puts thousands, and the store sorts what it writes.
  private final List<Map<NodeKey, byte[]>> byDepth = new ArrayList<>();
  private final List<byte[]> stale = new ArrayList<>();
  private byte[] rootHash;

  /**
   * A draft of {@code version} over {@code baseVersion} (-1: the empty tree) in {@code base}, which
   * must keep serving that version's nodes until the draft's batch is written.
   */
  public TreeDraft(NodeStore base, long baseVersion, long version) {
    this(base, InnerHashes.NONE, baseVersion, version);
  }

  /** As {@link #TreeDraft(NodeStore, long, long)}, reusing what {@code innerHashes} keeps. */
  public TreeDraft(NodeStore base, InnerHashes innerHashes, long baseVersion, long version) {
    TreeUpdate.requireAbove(baseVersion, version);
    this.base = base;
    this.innerHashes = innerHashes;
    this.baseVersion = baseVersion;
    this.version = version;
  }

  /** The version being drafted. */
  public long version() {
    return version;
  }

  /**
   * Applies {@code changes} (one per key) on top of the steps so far; {@code previous} hints are
   * best given as the value the draft holds, which is what a step reads.
   *
   * @throws MissingVersionException when the base version is gone; the draft is then unusable
   */
  public void apply(List<KeyChange> changes, Executor helpers, int helperThreads) {
    TreeBatch step =
        rootHash == null
            ? TreeUpdate.step(
                base,
                innerHashes,
                baseVersion,
                version,
                HASHED_FROM,
                changes,
                helpers,
                helperThreads)
            : TreeUpdate.step(
                this::node,
                innerHashes,
                version,
                version,
                HASHED_FROM,
                changes,
                helpers,
                helperThreads);
    // Stale first: a step names stale the draft node it rewrites under the same key.
    for (byte[] key : step.staleNodeKeys()) {
      if (StateTree.versionOf(key) == version) {
        depth(key).remove(new NodeKey(key));
      } else {
        stale.add(key);
      }
    }
    for (TreeBatch.Node node : step.newNodes()) {
      depth(node.key()).put(new NodeKey(node.key()), node.value());
    }
    rootHash = step.rootHash();
  }

  /** Whether a step has been applied (every version has a root, so a batch needs one). */
  public boolean started() {
    return rootHash != null;
  }

  /**
   * The version as the steps left it: its root, its nodes, and the older nodes it replaced. The
   * upper levels the steps left unhashed are hashed here, deepest first, each level's nodes shared
   * by the calling thread and up to {@code helperThreads} tasks on {@code helpers}.
   */
  public TreeBatch batch(Executor helpers, int helperThreads) {
    if (rootHash == null) {
      throw new IllegalStateException("tree draft of version " + version + " has no step yet");
    }
    Map<NodeKey, byte[]> below = Map.of();
    for (int depth = Math.min(HASHED_FROM, byDepth.size()) - 1; depth >= 0; depth--) {
      below = hashLevel(byDepth.get(depth), below, depth + 1 < HASHED_FROM, helpers, helperThreads);
    }
    rootHash = below.get(new NodeKey(StateTree.rootKey(version)));
    if (rootHash == null) {
      throw new IllegalStateException("tree draft of version " + version + " lost its root");
    }
    int count = 0;
    for (Map<NodeKey, byte[]> depth : byDepth) {
      count += depth.size();
    }
    List<TreeBatch.Node> nodes = new ArrayList<>(count);
    for (Map<NodeKey, byte[]> depth : byDepth) {
      depth.forEach((key, value) -> nodes.add(new TreeBatch.Node(key.bytes, value)));
    }
    return new TreeBatch(version, rootHash, nodes, stale);
  }

  /**
   * Hashes the internal nodes of one level, in runs of {@link #HASHED_RUN} shared with helpers;
   * returns the level's hashes and leaves its nodes re-encoded with their children's (see {@link
   * #hashNode}).
   */
  private Map<NodeKey, byte[]> hashLevel(
      Map<NodeKey, byte[]> level,
      Map<NodeKey, byte[]> below,
      boolean childrenUnhashed,
      Executor helpers,
      int helperThreads) {
    List<Map.Entry<NodeKey, byte[]>> entries = new ArrayList<>(level.entrySet());
    byte[][] hashes = new byte[entries.size()][];
    List<Runnable> runs = new ArrayList<>();
    for (int lo = 0; lo < entries.size(); lo += HASHED_RUN) {
      int from = lo;
      int to = Math.min(lo + HASHED_RUN, entries.size());
      runs.add(
          () -> {
            for (int i = from; i < to; i++) {
              hashes[i] = hashNode(entries.get(i), below, childrenUnhashed);
            }
          });
    }
    // Each run writes its own slots of hashes and sets its own entries' values only.
    SharedTasks.runAll(runs, helpers, helperThreads);
    Map<NodeKey, byte[]> byKey = new HashMap<>();
    for (int i = 0; i < hashes.length; i++) {
      if (hashes[i] != null) {
        byKey.put(entries.get(i).getKey(), hashes[i]);
      }
    }
    return byKey;
  }

  /**
   * The hash of one node of a level (null for a leaf), each entry of a child of this version from
   * {@code below} (the level under it, hashed just before) when {@code childrenUnhashed}, the node
   * re-encoded with them. Throws when a child is missing or an entry is left unhashed, at any level
   * (the deepest level's children are its steps' to hash): the draft is then dropped for a whole
   * update.
   */
  private byte[] hashNode(
      Map.Entry<NodeKey, byte[]> entry, Map<NodeKey, byte[]> below, boolean childrenUnhashed) {
    byte[] node = entry.getValue();
    if (node[0] != TreeNodes.INTERNAL) {
      return null;
    }
    Child[] slots = TreeNodes.decodeInternal(node);
    boolean filled = false;
    for (int s = 0; s < TreeNodes.SLOTS; s++) {
      Child c = slots[s];
      if (childrenUnhashed && c != null && !c.leaf && c.version == version) {
        byte[] hash = below.get(new NodeKey(TreeNodes.childKey(entry.getKey().bytes, s)));
        if (hash == null) {
          throw new IllegalStateException(
              "tree draft of version " + version + " lost an internal node");
        }
        slots[s] = new Child(hash, version, false);
        filled = true;
      } else if (c != null && !c.leaf && Arrays.equals(c.hash, TreeUpdate.UNHASHED)) {
        // No real node hashes to zeros: a step left this entry for a level that is not hashed.
        throw new IllegalStateException(
            "tree draft of version " + version + " left an internal node unhashed");
      }
    }
    if (filled) {
      entry.setValue(TreeNodes.encodeInternal(slots));
    }
    byte[] key = entry.getKey().bytes;
    return innerHashes.hash(slots, TreeNodes.nibblesOf(key), key, PATH);
  }

  private byte[] node(byte[] nodeKey) {
    if (StateTree.versionOf(nodeKey) != version) {
      return base.get(nodeKey);
    }
    int depth = TreeNodes.nibblesOf(nodeKey);
    return depth < byDepth.size() ? byDepth.get(depth).get(new NodeKey(nodeKey)) : null;
  }

  private Map<NodeKey, byte[]> depth(byte[] nodeKey) {
    int depth = TreeNodes.nibblesOf(nodeKey);
    while (byDepth.size() <= depth) {
      byDepth.add(new HashMap<>());
    }
    return byDepth.get(depth);
  }

  /**
   * A node key as a map key. Keys of one map share their version and depth, so only the path
   * counts: its first 16 nibbles, which tell apart every path a tree of any real size has at one
   * depth, are mixed (a bijection, so distinct ones never share a hash), and any deeper nibbles
   * folded in.
   */
  private static final class NodeKey {
    private final byte[] bytes;
    private final int hash;

    NodeKey(byte[] bytes) {
      this.bytes = bytes;
      long h = 0;
      for (int i = PATH; i < bytes.length; i++) {
        h = i < PATH + 8 ? h << 8 | (bytes[i] & 0xFF) : h * 31 + (bytes[i] & 0xFF);
      }
      h ^= h >>> 33;
      h *= 0xff51afd7ed558ccdL;
      h ^= h >>> 33;
      h *= 0xc4ceb9fe1a85ec53L;
      h ^= h >>> 33;
      this.hash = (int) (h ^ (h >>> 32));
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof NodeKey key && key.hash == hash && Arrays.equals(key.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
