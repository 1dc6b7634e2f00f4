package io.leasechain.commitment;

import io.leasechain.commitment.TreeNodes.Child;
import io.leasechain.crypto.Hashes;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One batch update: the changes sorted by key hash are pushed down the tree together, so each node
 * on a touched path is read once and written once, and untouched subtrees keep their node keys.
 */
final class TreeUpdate {

  /**
   * A change with its key hash, computed once, and the caller's hint of its old value; {@code head}
   * is the key hash's first 8 bytes, which order nearly every pair without reading the arrays.
   */
  private record Change(byte[] key, byte[] value, byte[] keyHash, byte[] previous, long head) {

    Change(byte[] key, byte[] value, byte[] keyHash, byte[] previous) {
      this(key, value, keyHash, previous, (long) FIRST_LONG.get(keyHash, 0));
    }

    static int byKeyHash(Change a, Change b) {
      int order = Long.compareUnsigned(a.head, b.head);
      return order != 0 ? order : Arrays.compareUnsigned(a.keyHash, b.keyHash);
    }
  }

  private static final VarHandle FIRST_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /** What an internal node left unhashed carries in its parent's entry and as a batch's root. */
  static final byte[] UNHASHED = new byte[TreeNodes.HASH];

  private final NodeStore store;
  private final InnerHashes innerHashes;
  private final long version;
  // Internal nodes of fewer nibbles than this are written without their hash (UNHASHED).
  private final int hashedFrom;
  private final Change[] changes;
  // The nodes written, by nibble count: joined root first, deepest last (TreeBatch's order).
  private final List<List<TreeBatch.Node>> written = new ArrayList<>();
  private final List<byte[]> stale = new ArrayList<>();

  /** Another update of the same version over the same sorted changes, with its own output. */
  private TreeUpdate(TreeUpdate of) {
    this.store = of.store;
    this.innerHashes = of.innerHashes;
    this.version = of.version;
    this.hashedFrom = of.hashedFrom;
    this.changes = of.changes;
  }

  private TreeUpdate(
      NodeStore store,
      InnerHashes innerHashes,
      long version,
      int hashedFrom,
      List<KeyChange> changes) {
    this.store = store;
    this.innerHashes = innerHashes;
    this.version = version;
    this.hashedFrom = hashedFrom;
    this.changes = new Change[changes.size()];
    for (int i = 0; i < this.changes.length; i++) {
      KeyChange c = changes.get(i);
      this.changes[i] = new Change(c.key(), c.value(), TreeHashes.keyHash(c.key()), c.previous());
    }
    Arrays.sort(this.changes, Change::byKeyHash);
    for (int i = 1; i < this.changes.length; i++) {
      if (Arrays.equals(this.changes[i - 1].keyHash, this.changes[i].keyHash)) {
        throw new IllegalArgumentException("two changes to the same key in one tree version");
      }
    }
  }

  /** Refuses a version that is not above its base (-1: the empty tree). */
  static void requireAbove(long baseVersion, long version) {
    if (baseVersion < -1 || version <= baseVersion) {
      throw new IllegalArgumentException(
          "tree version " + version + " must be above its base version " + baseVersion);
    }
  }

  /**
   * A whole update ({@code hashedFrom} 0, as {@link StateTree#apply} asks for it) or one step of a
   * {@link TreeDraft}: {@code changes} on top of {@code baseVersion}, or, when that is {@code
   * version} itself, on top of that version as written so far ({@code store} serves the draft's
   * nodes, which this rewrites under the same keys and, where they go, names stale like any other
   * node). Internal nodes of fewer than {@code hashedFrom} nibbles are left {@link #UNHASHED}, in
   * their parents' entries and as the batch's root: steps rewrite them again and again, so the
   * draft hashes them once, at its end. Such a batch is a draft's part, never to be written as it
   * is. The changes are pushed down from the root of {@code baseVersion}, built afresh when it is
   * -1 (the empty tree).
   */
  static TreeBatch step(
      NodeStore store,
      InnerHashes innerHashes,
      long baseVersion,
      long version,
      int hashedFrom,
      List<KeyChange> changes,
      Executor helpers,
      int helperThreads) {
    if (baseVersion != version) {
      requireAbove(baseVersion, version);
    } else if (version < 0) {
      throw new IllegalArgumentException("no tree version " + version + " to amend");
    }
    TreeUpdate update = new TreeUpdate(store, innerHashes, version, hashedFrom, changes);
    Child root;
    if (baseVersion < 0) {
      List<Child> leaves = update.inserts(0, update.changes.length);
      root = update.build(leaves, 0, leaves.size(), 0, true);
    } else {
      root = update.updateRoot(baseVersion, helpers, helperThreads);
    }
    List<TreeBatch.Node> nodes = new ArrayList<>();
    for (List<TreeBatch.Node> depth : update.written) {
      nodes.addAll(depth);
    }
    return new TreeBatch(version, root.hash, nodes, update.stale);
  }

  /** The subtree at {@code depth} holding {@code existing} after changes {@code [lo, hi)}. */
  private Child update(Child existing, int depth, int lo, int hi) {
    if (existing == null) {
      List<Child> leaves = inserts(lo, hi);
      return build(leaves, 0, leaves.size(), depth, false);
    }
    return existing.leaf
        ? updateLeaf(existing, depth, lo, hi)
        : updateInternal(existing, depth, lo, hi);
  }

  /**
   * A leaf meets changes: it stays as it is (the changes delete absent keys or rewrite its value),
   * or it and the inserted keys are rebuilt into a subtree in its place.
   */
  private Child updateLeaf(Child existing, int depth, int lo, int hi) {
    byte[] nodeKey = TreeNodes.nodeKey(existing.version, changes[lo].keyHash, depth, -1);
    int own = hinted(existing.hash, lo, hi);
    byte[] key;
    byte[] value;
    byte[] keyHash;
    if (own >= 0) {
      key = changes[own].key;
      value = changes[own].previous;
      keyHash = changes[own].keyHash;
    } else {
      byte[] node = read(nodeKey);
      key = TreeNodes.leafKey(node);
      value = TreeNodes.leafValue(node);
      keyHash = TreeHashes.keyHash(key);
      own = find(keyHash, lo, hi);
    }
    boolean replaced =
        own >= 0 && (changes[own].value == null || !Arrays.equals(changes[own].value, value));
    Child moved = Child.pendingLeaf(key, value, keyHash, existing.hash, nodeKey);
    List<Child> leaves = new ArrayList<>(hi - lo + 1);
    boolean placed = replaced;
    for (int i = lo; i < hi; i++) {
      if (!placed && (i == own || Arrays.compareUnsigned(keyHash, changes[i].keyHash) < 0)) {
        leaves.add(moved);
        placed = true;
      }
      if (changes[i].value != null && (i != own || replaced)) {
        leaves.add(pendingLeaf(changes[i]));
      }
    }
    if (!placed) {
      leaves.add(moved);
    }
    if (leaves.size() == 1 && leaves.get(0) == moved) {
      return existing;
    }
    if (replaced) {
      stale.add(nodeKey);
    }
    return build(leaves, 0, leaves.size(), depth, false);
  }

  /**
   * The root meets changes. The changes under each of its slots form a run that shares no node with
   * the others, so each touched top-level subtree is a separate part, taken in turn by the calling
   * thread and by up to {@code helperThreads} tasks on {@code helpers}. The parts' nodes and stale
   * keys are gathered in slot order: the batch is the same whichever thread ran which part. The
   * root is rewritten even when nothing changed, since every version has a root.
   */
  private Child updateRoot(long baseVersion, Executor helpers, int helperThreads) {
    byte[] rootKey = StateTree.rootKey(baseVersion);
    Child[] slots = TreeNodes.decodeInternal(read(rootKey));
    List<Part> parts = new ArrayList<>();
    for (int i = 0; i < changes.length; ) {
      int s = TreeNodes.nibble(changes[i].keyHash, 0);
      int j = i + 1;
      while (j < changes.length && TreeNodes.nibble(changes[j].keyHash, 0) == s) {
        j++;
      }
      parts.add(new Part(new TreeUpdate(this), s, slots[s], i, j));
      i = j;
    }
    SharedTasks.runAll(parts, helpers, helperThreads);
    for (Part part : parts) {
      slots[part.slot] = part.result;
      for (int depth = 0; depth < part.update.written.size(); depth++) {
        writtenAt(depth).addAll(part.update.written.get(depth));
      }
      stale.addAll(part.update.stale);
    }
    stale.add(rootKey);
    return writeInternal(slots, 0, TreeHashes.EMPTY);
  }

  /** One top-level subtree's share of an update, and what it returned. */
  private static final class Part implements Runnable {
    private final TreeUpdate update;
    private final int slot;
    private final Child existing;
    private final int lo;
    private final int hi;
    // Written by the thread that runs the part; read once SharedTasks.runAll has returned.
    private Child result;

    Part(TreeUpdate update, int slot, Child existing, int lo, int hi) {
      this.update = update;
      this.slot = slot;
      this.existing = existing;
      this.lo = lo;
      this.hi = hi;
    }

    @Override
    public void run() {
      result = update.update(existing, 1, lo, hi);
    }
  }

  /**
   * An internal node below the root meets changes: its touched children are updated and it is
   * rewritten, or it disappears when it is left with no leaf or a single one (which floats up to
   * the parent).
   */
  private Child updateInternal(Child existing, int depth, int lo, int hi) {
    byte[] pathSource = changes[lo].keyHash;
    byte[] nodeKey = TreeNodes.nodeKey(existing.version, pathSource, depth, -1);
    Child[] slots = TreeNodes.decodeInternal(read(nodeKey));
    boolean changed = false;
    for (int i = lo; i < hi; ) {
      int s = TreeNodes.nibble(changes[i].keyHash, depth);
      int j = i + 1;
      while (j < hi && TreeNodes.nibble(changes[j].keyHash, depth) == s) {
        j++;
      }
      Child sub = update(slots[s], depth + 1, i, j);
      if (sub != slots[s]) {
        changed = true;
        slots[s] = sub;
      }
      i = j;
    }
    if (!changed) {
      return existing;
    }
    stale.add(nodeKey);
    int occupied = TreeNodes.occupiedMask(slots);
    if (Integer.bitCount(occupied) <= 1) {
      Child only = occupied == 0 ? null : slots[Integer.numberOfTrailingZeros(occupied)];
      if (only == null || only.pending()) {
        return only;
      }
      if (only.leaf) {
        return floatUp(only, pathSource, depth, Integer.numberOfTrailingZeros(occupied));
      }
    }
    return writeInternal(slots, depth, pathSource);
  }

  /** An untouched leaf left alone in its parent: it moves up, so it is read to be rewritten. */
  private Child floatUp(Child leaf, byte[] pathSource, int depth, int slot) {
    byte[] nodeKey = TreeNodes.nodeKey(leaf.version, pathSource, depth, slot);
    byte[] node = read(nodeKey);
    byte[] key = TreeNodes.leafKey(node);
    return Child.pendingLeaf(
        key, TreeNodes.leafValue(node), TreeHashes.keyHash(key), leaf.hash, nodeKey);
  }

  /** A fresh subtree over {@code leaves[from, to)} (sorted by key hash) at {@code depth}. */
  private Child build(List<Child> leaves, int from, int to, int depth, boolean root) {
    int n = to - from;
    if (!root && n <= 1) {
      return n == 0 ? null : leaves.get(from);
    }
    if (depth == TreeNodes.MAX_DEPTH) {
      throw new IllegalStateException("two keys with the same SHA-256 in the state tree");
    }
    Child[] slots = new Child[TreeNodes.SLOTS];
    for (int i = from; i < to; ) {
      int s = TreeNodes.nibble(leaves.get(i).keyHash, depth);
      int j = i + 1;
      while (j < to && TreeNodes.nibble(leaves.get(j).keyHash, depth) == s) {
        j++;
      }
      slots[s] = build(leaves, i, j, depth + 1, false);
      i = j;
    }
    return writeInternal(slots, depth, n == 0 ? TreeHashes.EMPTY : leaves.get(from).keyHash);
  }

  /** Writes the leaves that land in this node's slots, then the node itself. */
  private Child writeInternal(Child[] slots, int depth, byte[] pathSource) {
    for (int s = 0; s < TreeNodes.SLOTS; s++) {
      Child c = slots[s];
      if (c != null && c.pending()) {
        byte[] key = TreeNodes.nodeKey(version, c.keyHash, depth + 1, -1);
        write(depth + 1, new TreeBatch.Node(key, TreeNodes.encodeLeaf(c.key, c.value)));
        if (c.oldNodeKey != null) {
          stale.add(c.oldNodeKey);
        }
        slots[s] = new Child(c.hash, version, true);
      }
    }
    byte[] key = TreeNodes.nodeKey(version, pathSource, depth, -1);
    write(depth, new TreeBatch.Node(key, TreeNodes.encodeInternal(slots)));
    return new Child(
        depth < hashedFrom ? UNHASHED : innerHashes.hash(slots, depth, pathSource, 0),
        version,
        false);
  }

  private void write(int nibbles, TreeBatch.Node node) {
    writtenAt(nibbles).add(node);
  }

  private List<TreeBatch.Node> writtenAt(int nibbles) {
    while (written.size() <= nibbles) {
      written.add(new ArrayList<>());
    }
    return written.get(nibbles);
  }

  private List<Child> inserts(int lo, int hi) {
    List<Child> leaves = new ArrayList<>(hi - lo);
    for (int i = lo; i < hi; i++) {
      if (changes[i].value != null) {
        leaves.add(pendingLeaf(changes[i]));
      }
    }
    return leaves;
  }

  private static Child pendingLeaf(Change c) {
    byte[] hash = TreeHashes.leafOfHashes(c.keyHash, Hashes.sha256(c.value));
    return Child.pendingLeaf(c.key, c.value, c.keyHash, hash, null);
  }

  /**
   * The change in {@code [lo, hi)} whose key and hinted old value hash to {@code leafHash}: the
   * leaf is that key's, holding that value, without reading it. -1 when no hint matches.
   */
  private int hinted(byte[] leafHash, int lo, int hi) {
    for (int i = lo; i < hi; i++) {
      byte[] previous = changes[i].previous;
      if (previous != null
          && Arrays.equals(
              leafHash, TreeHashes.leafOfHashes(changes[i].keyHash, Hashes.sha256(previous)))) {
        return i;
      }
    }
    return -1;
  }

  /** The index in {@code [lo, hi)} of the change with this key hash, or -1. */
  private int find(byte[] keyHash, int lo, int hi) {
    int a = lo;
    int b = hi - 1;
    while (a <= b) {
      int mid = (a + b) >>> 1;
      int cmp = Arrays.compareUnsigned(changes[mid].keyHash, keyHash);
      if (cmp == 0) {
        return mid;
      }
      if (cmp < 0) {
        a = mid + 1;
      } else {
        b = mid - 1;
      }
    }
    return -1;
  }

  private byte[] read(byte[] nodeKey) {
    byte[] node = store.get(nodeKey);
    if (node == null) {
      throw new MissingVersionException(TreeNodes.versionOf(nodeKey));
    }
    return node;
  }
}
