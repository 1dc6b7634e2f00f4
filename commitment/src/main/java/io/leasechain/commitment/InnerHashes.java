package io.leasechain.commitment;

import io.leasechain.commitment.TreeNodes.Child;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The 15 binary hashes inside a 16-ary internal node (its 8 + 4 + 2 + 1 ranges), kept for recently
 * written upper nodes so that rewriting a node whose few slots changed re-hashes only the ranges on
 * those slots' paths (4 SHA-256 per changed slot instead of up to 15 for the node).
 *
 * <p>Entries are keyed by the node's own hash and depth, i.e. by content: a node with that hash at
 * that depth holds the same leaves in the same slots (short of a SHA-256 collision), whatever its
 * version or store, so an entry can never be wrong, only missing; a miss hashes the node in full.
 */
final class InnerHashes {

  /**
   * Only nodes this shallow are kept: they are dense (up to 15 hashes) and rewritten often. The
   * root (depth 0) is not: its parent records no hash to find it by, and it is one node per block.
   */
  static final int MAX_CACHED_DEPTH = 4;

  /** Entries kept, least recently used evicted: about 650 bytes each, so about 26 MB. */
  static final int CAPACITY = 40_000;

  private static final int RANGES = TreeNodes.SLOTS - 1;
  private static final int HASH = TreeNodes.HASH;

  private static final InnerHashes SHARED = new InnerHashes(CAPACITY);

  private final int capacity;
  private final LinkedHashMap<ByteBuffer, byte[]> entries = new LinkedHashMap<>(1024, 0.75f, true);

  InnerHashes(int capacity) {
    this.capacity = capacity;
  }

  static InnerHashes shared() {
    return SHARED;
  }

  /**
   * The ranges of a node about to be rewritten, taken out of the cache (its old content is gone
   * from the new version), or null when not kept.
   */
  synchronized byte[] take(byte[] nodeHash, int depth) {
    if (depth == 0 || depth > MAX_CACHED_DEPTH) {
      return null;
    }
    return entries.remove(key(nodeHash, depth));
  }

  synchronized void put(byte[] nodeHash, int depth, byte[] ranges) {
    if (depth == 0 || depth > MAX_CACHED_DEPTH) {
      return;
    }
    entries.put(key(nodeHash, depth), ranges);
    Iterator<Map.Entry<ByteBuffer, byte[]>> eldest = entries.entrySet().iterator();
    while (entries.size() > capacity && eldest.hasNext()) {
      eldest.next();
      eldest.remove();
    }
  }

  synchronized int size() {
    return entries.size();
  }

  /**
   * The node's 15 range hashes (heap order: 1 = the whole node, 2-3 its halves, … 8-15 its pairs,
   * flattened 32 bytes each), computed from {@code slots}; ranges with no slot in {@code dirty} are
   * copied from {@code old} when given. The node's hash is the first range ({@link #nodeHash}).
   */
  static byte[] compute(Child[] slots, byte[] old, int dirty) {
    byte[] out = old == null ? new byte[RANGES * HASH] : old.clone();
    int occupied = TreeNodes.occupiedMask(slots);
    int leaves = TreeNodes.leafMask(slots);
    fill(out, slots, occupied, leaves, old, dirty, 1, 0, TreeNodes.SLOTS);
    return out;
  }

  static byte[] nodeHash(byte[] ranges) {
    return Arrays.copyOf(ranges, HASH);
  }

  /**
   * The same rules as {@link TreeNodes#rangeHash}, range by range. Every range is filled, also
   * under an empty or single-leaf range (free: no hashing there), so that a later update may reuse
   * any of them; {@code out} starts as a copy of {@code old}, so a reused range keeps its
   * subranges.
   */
  private static byte[] fill(
      byte[] out,
      Child[] slots,
      int occupied,
      int leaves,
      byte[] old,
      int dirty,
      int index,
      int lo,
      int size) {
    if (size == 1) {
      return slots[lo] == null ? TreeHashes.EMPTY : slots[lo].hash;
    }
    int range = ((1 << size) - 1) << lo;
    int inRange = occupied & range;
    if (old != null && (dirty & range) == 0) {
      return Arrays.copyOfRange(out, (index - 1) * HASH, index * HASH);
    }
    int half = size / 2;
    byte[] left = fill(out, slots, occupied, leaves, old, dirty, 2 * index, lo, half);
    byte[] right = fill(out, slots, occupied, leaves, old, dirty, 2 * index + 1, lo + half, half);
    byte[] hash;
    if (inRange == 0) {
      hash = TreeHashes.EMPTY;
    } else if (Integer.bitCount(inRange) == 1 && (leaves & inRange) != 0) {
      hash = slots[Integer.numberOfTrailingZeros(inRange)].hash;
    } else {
      hash = TreeHashes.inner(left, right);
    }
    System.arraycopy(hash, 0, out, (index - 1) * HASH, HASH);
    return hash;
  }

  private static ByteBuffer key(byte[] nodeHash, int depth) {
    return ByteBuffer.wrap(Arrays.copyOf(nodeHash, HASH + 1)).put(HASH, (byte) depth);
  }
}
