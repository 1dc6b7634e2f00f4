package io.leasechain.commitment;

import io.leasechain.commitment.TreeNodes.Child;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The binary subtree of the internal node last hashed at each position of depths 3 and 4, so that
 * hashing the node that replaces it recomputes only the inner hashes above its changed slots: in a
 * large state those nodes are full, and a rewrite with one changed slot takes 4 inner hashes
 * instead of 15. An entry keeps the slot entries it was hashed from, and is used only where they
 * match the node being hashed, so it can never change a hash: a stale entry (another version, a
 * block that was not committed, a state wiped for state sync) only costs the reuse.
 *
 * <p>About 70 MB once the tree reaches most of the 69,632 positions, which it does from about a
 * thousand leases on. Thread-safe: a thread takes an entry for itself while it hashes, and one that
 * finds it taken hashes its node whole (an update's parts, and a draft's batch, hash distinct
 * positions, so that is only a safeguard).
 */
public final class InnerHashes {

  /** Keeps nothing: every node is hashed whole. */
  public static final InnerHashes NONE = new InnerHashes(false);

  /**
   * The shallowest depth kept: above it the draft's batch hashes each node once a block, and most
   * of a block's changes share each node.
   */
  static final int FIRST_DEPTH = 3;

  /**
   * How many depths are kept from {@link #FIRST_DEPTH}: at depth 5 a large state's nodes are not
   * full, and its million positions would take a gigabyte.
   */
  static final int DEPTHS = 2;

  // An entry: the 16 slot hashes (any bytes where a slot is empty), then the binary subtree's 15
  // inner hashes in heap order (1: the node's hash, 2 and 3: its halves, ... 8 to 15: its pairs).
  private static final int HASH = TreeNodes.HASH;
  private static final int INNER_AT = TreeNodes.SLOTS * HASH;
  private static final int ENTRY = INNER_AT + (TreeNodes.SLOTS - 1) * HASH;
  private static final int CHUNK_BITS = 8;
  private static final int CHUNK = 1 << CHUNK_BITS;

  // What an entry's masks hold while a thread rewrites it: leaves in no slot occupied, which no
  // node has.
  private static final int TAKEN = 0xFFFF;

  // By depth (from FIRST_DEPTH), chunks of CHUNK positions, made when first used.
  private final AtomicReferenceArray<Chunk>[] chunks;

  /** Entries of {@link #CHUNK} positions, and each one's masks (0: no entry). */
  private static final class Chunk {
    final byte[] entries = new byte[CHUNK * ENTRY];
    // occupied << 16 | leaves of the node hashed there (an internal node has two children at
    // least), or TAKEN; read and set atomically, so that what one thread wrote of an entry is
    // seen by the next that takes it.
    final AtomicIntegerArray masks = new AtomicIntegerArray(CHUNK);
    // Inner hashes computed at each position, for tests: written by the thread that took it.
    final int[] computed = new int[CHUNK];
  }

  /** An empty one, for the versions of one store. */
  public InnerHashes() {
    this(true);
  }

  @SuppressWarnings("unchecked")
  private InnerHashes(boolean keeps) {
    this.chunks = new AtomicReferenceArray[keeps ? DEPTHS : 0];
    for (int d = 0; d < chunks.length; d++) {
      chunks[d] = new AtomicReferenceArray<>((1 << (4 * (FIRST_DEPTH + d))) / CHUNK);
    }
  }

  /**
   * The hash of the internal node with {@code slots} at {@code depth} whose path is the first
   * {@code depth} nibbles of {@code path} from byte {@code from}: {@link TreeNodes#hash}'s.
   */
  byte[] hash(Child[] slots, int depth, byte[] path, int from) {
    int kept = depth - FIRST_DEPTH;
    if (kept < 0 || kept >= chunks.length) {
      return TreeNodes.hash(slots);
    }
    int position = 0;
    for (int n = 0; n < depth; n++) {
      position = position << 4 | TreeNodes.nibble(path, 2 * from + n);
    }
    return hashAt(slots, chunk(chunks[kept], position >>> CHUNK_BITS), position & (CHUNK - 1));
  }

  /** Inner hashes computed since this was made (not reused), for tests. */
  long computed() {
    long computed = 0;
    for (AtomicReferenceArray<Chunk> depth : chunks) {
      for (int c = 0; c < depth.length(); c++) {
        Chunk chunk = depth.get(c);
        for (int at = 0; chunk != null && at < CHUNK; at++) {
          computed += chunk.computed[at];
        }
      }
    }
    return computed;
  }

  private static Chunk chunk(AtomicReferenceArray<Chunk> chunks, int index) {
    Chunk chunk = chunks.get(index);
    if (chunk == null) {
      chunks.compareAndSet(index, null, new Chunk());
      chunk = chunks.get(index);
    }
    return chunk;
  }

  private static byte[] hashAt(Child[] slots, Chunk chunk, int at) {
    int occupied = TreeNodes.occupiedMask(slots);
    int leaves = TreeNodes.leafMask(slots);
    int before = chunk.masks.get(at);
    if (before == TAKEN || !chunk.masks.compareAndSet(at, before, TAKEN)) {
      return TreeNodes.rangeHash(slots, occupied, leaves, 0, TreeNodes.SLOTS);
    }
    // No entry unless this ends well: one half rewritten must not be reused.
    int after = 0;
    try {
      byte[] root = rewrite(slots, occupied, leaves, before, chunk, at);
      after = occupied << 16 | leaves;
      return root;
    } finally {
      chunk.masks.set(at, after);
    }
  }

  /** Hashes the node into entry {@code at}, which holds the one with masks {@code before}. */
  private static byte[] rewrite(
      Child[] slots, int occupied, int leaves, int before, Chunk chunk, int at) {
    byte[] entries = chunk.entries;
    int base = at * ENTRY;
    int changed;
    if (before == 0) {
      changed = 0xFFFF;
    } else {
      changed = ((before >>> 16) ^ occupied) | ((before & 0xFFFF) ^ leaves);
      for (int s = 0; s < TreeNodes.SLOTS; s++) {
        int slot = base + s * HASH;
        if ((occupied & (1 << s)) != 0
            && !Arrays.equals(entries, slot, slot + HASH, slots[s].hash, 0, HASH)) {
          changed |= 1 << s;
        }
      }
    }
    // An emptied slot's old hash may stay: the masks tell it apart from any node that fills it.
    for (int s = 0; s < TreeNodes.SLOTS; s++) {
      if ((changed & occupied & (1 << s)) != 0) {
        System.arraycopy(slots[s].hash, 0, entries, base + s * HASH, HASH);
      }
    }
    Range range = new Range(slots, occupied, leaves, changed, entries, base);
    byte[] root = range.hash(1, 0, TreeNodes.SLOTS);
    chunk.computed[at] += range.computed;
    return root;
  }

  /** One rewrite of an entry: its node, what changed, and the inner hashes it computed. */
  private static final class Range {
    private final Child[] slots;
    private final int occupied;
    private final int leaves;
    private final int changed;
    private final byte[] entries;
    private final int base;
    private int computed;

    Range(Child[] slots, int occupied, int leaves, int changed, byte[] entries, int base) {
      this.slots = slots;
      this.occupied = occupied;
      this.leaves = leaves;
      this.changed = changed;
      this.entries = entries;
      this.base = base;
    }

    /**
     * {@link TreeNodes#rangeHash} of slots {@code [lo, lo + size)}: the entry's inner hash {@code
     * node} (heap order) when none of its slots changed, recomputed and kept otherwise. A
     * recomputed range recomputes its halves too, even where its own hash needs neither (empty, or
     * one leaf; then they are too, and cost no hashing): every kept inner hash must be the one its
     * slots give, for a later node to reuse.
     */
    byte[] hash(int node, int lo, int size) {
      if (size == 1) {
        return TreeNodes.directHash(slots, occupied, leaves, lo, 1);
      }
      int inner = base + INNER_AT + (node - 1) * HASH;
      if ((changed & (((1 << size) - 1) << lo)) == 0) {
        return Arrays.copyOfRange(entries, inner, inner + HASH);
      }
      int half = size / 2;
      byte[] left = hash(2 * node, lo, half);
      byte[] right = hash(2 * node + 1, lo + half, half);
      byte[] hash = TreeNodes.directHash(slots, occupied, leaves, lo, size);
      if (hash == null) {
        hash = TreeHashes.inner(left, right);
        computed++;
      }
      System.arraycopy(hash, 0, entries, inner, HASH);
      return hash;
    }
  }
}
