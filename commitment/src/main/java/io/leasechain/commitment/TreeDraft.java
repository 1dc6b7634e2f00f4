package io.leasechain.commitment;

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

  private final NodeStore base;
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
    if (baseVersion < -1 || version <= baseVersion) {
      throw new IllegalArgumentException(
          "tree version " + version + " must be above its base version " + baseVersion);
    }
    this.base = base;
    this.baseVersion = baseVersion;
    this.version = version;
  }

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
            ? TreeUpdate.run(base, baseVersion, version, changes, helpers, helperThreads)
            : TreeUpdate.amend(this::node, version, changes, helpers, helperThreads);
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

  /** The version as the steps left it: its root, its nodes, and the older nodes it replaced. */
  public TreeBatch batch() {
    if (rootHash == null) {
      throw new IllegalStateException("tree draft of version " + version + " has no step yet");
    }
    List<TreeBatch.Node> nodes = new ArrayList<>();
    for (Map<NodeKey, byte[]> depth : byDepth) {
      depth.forEach((key, value) -> nodes.add(new TreeBatch.Node(key.bytes, value)));
    }
    return new TreeBatch(version, rootHash, nodes, stale);
  }

  private byte[] node(byte[] nodeKey) {
    if (StateTree.versionOf(nodeKey) != version) {
      return base.get(nodeKey);
    }
    int depth = nibbles(nodeKey);
    return depth < byDepth.size() ? byDepth.get(depth).get(new NodeKey(nodeKey)) : null;
  }

  private Map<NodeKey, byte[]> depth(byte[] nodeKey) {
    int depth = nibbles(nodeKey);
    while (byDepth.size() <= depth) {
      byDepth.add(new HashMap<>());
    }
    return byDepth.get(depth);
  }

  /**
   * A node key as a map key. Its bytes are a version and a path of SHA-256 nibbles, which no one
   * chooses cheaply, so the plain array hash places them well enough.
   */
  private static final class NodeKey {
    private final byte[] bytes;
    private final int hash;

    NodeKey(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
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

  private static int nibbles(byte[] nodeKey) {
    return nodeKey[8] & 0xFF;
  }
}
