package io.leasechain.commitment;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * How tree nodes and their keys are encoded (docs/state-commitment.md, "Storage layout"). Shared by
 * the update, the reads and the tests, so the format lives in one place.
 */
final class TreeNodes {

  static final byte INTERNAL = 0x01;
  static final byte LEAF = 0x02;
  static final int SLOTS = 16;
  static final int HASH = 32;

  /** Nibbles in a key hash: no node sits deeper. */
  static final int MAX_DEPTH = 64;

  private static final int HEADER = 5;
  private static final int ENTRY = 8 + HASH;

  private TreeNodes() {}

  /**
   * One child entry of an internal node (or, for a leaf being moved, what it takes to write it).
   */
  static final class Child {
    final byte[] hash;
    final long version;
    final boolean leaf;
    // Set only for a leaf not yet written at its final place in this version.
    final byte[] key;
    final byte[] value;
    final byte[] keyHash;
    // Where a moved, otherwise unchanged leaf is stored now (stale once it is rewritten), or null.
    final byte[] oldNodeKey;

    Child(byte[] hash, long version, boolean leaf) {
      this(hash, version, leaf, null, null, null, null);
    }

    private Child(
        byte[] hash,
        long version,
        boolean leaf,
        byte[] key,
        byte[] value,
        byte[] keyHash,
        byte[] oldNodeKey) {
      this.hash = hash;
      this.version = version;
      this.leaf = leaf;
      this.key = key;
      this.value = value;
      this.keyHash = keyHash;
      this.oldNodeKey = oldNodeKey;
    }

    static Child pendingLeaf(
        byte[] key, byte[] value, byte[] keyHash, byte[] hash, byte[] oldNodeKey) {
      return new Child(hash, -1, true, key, value, keyHash, oldNodeKey);
    }

    boolean pending() {
      return key != null;
    }
  }

  /** Nibble {@code depth} of a key hash (0 = the high nibble of the first byte). */
  static int nibble(byte[] keyHash, int depth) {
    int b = keyHash[depth >>> 1];
    return ((depth & 1) == 0 ? b >>> 4 : b) & 0xF;
  }

  /**
   * {@code version (8, big-endian) || nibble count (1) || nibbles packed two per byte}: the first
   * {@code nibbles} nibbles of {@code pathSource}, then {@code extra} when it is not negative.
   */
  static byte[] nodeKey(long version, byte[] pathSource, int nibbles, int extra) {
    int count = extra < 0 ? nibbles : nibbles + 1;
    byte[] out = new byte[9 + (count + 1) / 2];
    ByteBuffer.wrap(out).putLong(version).put((byte) count);
    System.arraycopy(pathSource, 0, out, 9, nibbles / 2);
    if ((nibbles & 1) == 1) {
      out[9 + nibbles / 2] = (byte) (pathSource[nibbles / 2] & 0xF0);
    }
    if (extra >= 0) {
      int at = 9 + nibbles / 2;
      out[at] = (byte) ((nibbles & 1) == 0 ? extra << 4 : (out[at] & 0xF0) | extra);
    }
    return out;
  }

  /**
   * The key of the node at slot {@code slot} below the node keyed {@code nodeKey}, same version.
   */
  static byte[] childKey(byte[] nodeKey, int slot) {
    int nibbles = nibblesOf(nodeKey);
    byte[] path = Arrays.copyOfRange(nodeKey, 9, 9 + nibbles / 2 + 1);
    return nodeKey(versionOf(nodeKey), path, nibbles, slot);
  }

  static long versionOf(byte[] nodeKey) {
    return ByteBuffer.wrap(nodeKey).getLong();
  }

  /** The nibble count (depth) a node key gives after its version. */
  static int nibblesOf(byte[] nodeKey) {
    return nodeKey[8] & 0xFF;
  }

  /** {@code 0x01 || occupied (2) || leaves (2) || (version (8) || hash (32)) per occupied slot}. */
  static byte[] encodeInternal(Child[] slots) {
    int occupied = occupiedMask(slots);
    ByteBuffer out = ByteBuffer.allocate(HEADER + ENTRY * Integer.bitCount(occupied));
    out.put(INTERNAL).putShort((short) occupied).putShort((short) leafMask(slots));
    for (Child c : slots) {
      if (c != null) {
        out.putLong(c.version).put(c.hash);
      }
    }
    return out.array();
  }

  static Child[] decodeInternal(byte[] node) {
    requireType(node, INTERNAL);
    int occupied = occupied(node);
    int leaves = leaves(node);
    Child[] slots = new Child[SLOTS];
    int at = HEADER;
    for (int s = 0; s < SLOTS; s++) {
      if ((occupied & (1 << s)) != 0) {
        slots[s] =
            new Child(
                Arrays.copyOfRange(node, at + 8, at + ENTRY),
                ByteBuffer.wrap(node, at, 8).getLong(),
                (leaves & (1 << s)) != 0);
        at += ENTRY;
      }
    }
    return slots;
  }

  /** Throws unless {@code node} is a whole internal node: its type, its length, its masks. */
  static void requireWholeInternal(byte[] node) {
    requireType(node, INTERNAL);
    if (node.length < HEADER
        || node.length != HEADER + ENTRY * Integer.bitCount(occupied(node))
        || (leaves(node) & ~occupied(node)) != 0) {
      throw new IllegalStateException(
          "corrupt state tree node: an internal node of " + node.length + " bytes");
    }
  }

  static int occupied(byte[] internal) {
    return ((internal[1] & 0xFF) << 8) | (internal[2] & 0xFF);
  }

  static int leaves(byte[] internal) {
    return ((internal[3] & 0xFF) << 8) | (internal[4] & 0xFF);
  }

  /** Offset of slot {@code s}'s entry in an encoded internal node (the slot must be occupied). */
  static int entryOffset(byte[] internal, int s) {
    return HEADER + ENTRY * Integer.bitCount(occupied(internal) & ((1 << s) - 1));
  }

  static long entryVersion(byte[] internal, int offset) {
    return ByteBuffer.wrap(internal, offset, 8).getLong();
  }

  /**
   * Whether the entry at {@code offset} of an encoded internal node holds child hash {@code hash}.
   */
  static boolean entryHashIs(byte[] internal, int offset, byte[] hash) {
    return Arrays.equals(internal, offset + 8, offset + ENTRY, hash, 0, HASH);
  }

  /** {@code 0x02 || key length (4, big-endian) || key || value}. */
  static byte[] encodeLeaf(byte[] key, byte[] value) {
    return ByteBuffer.allocate(5 + key.length + value.length)
        .put(LEAF)
        .putInt(key.length)
        .put(key)
        .put(value)
        .array();
  }

  static byte[] leafKey(byte[] leaf) {
    requireType(leaf, LEAF);
    return Arrays.copyOfRange(leaf, 5, 5 + keyLength(leaf));
  }

  static byte[] leafValue(byte[] leaf) {
    requireType(leaf, LEAF);
    return Arrays.copyOfRange(leaf, 5 + keyLength(leaf), leaf.length);
  }

  /** Whether the leaf holds exactly {@code key}, without copying it out. */
  static boolean leafHasKey(byte[] leaf, byte[] key) {
    requireType(leaf, LEAF);
    return keyLength(leaf) == key.length
        && Arrays.equals(leaf, 5, 5 + key.length, key, 0, key.length);
  }

  private static int keyLength(byte[] leaf) {
    return ByteBuffer.wrap(leaf, 1, 4).getInt();
  }

  private static void requireType(byte[] node, byte type) {
    if (node.length == 0 || node[0] != type) {
      throw new IllegalStateException(
          "corrupt state tree node: expected type " + type + ", found " + Arrays.toString(node));
    }
  }

  static int occupiedMask(Child[] slots) {
    int mask = 0;
    for (int s = 0; s < SLOTS; s++) {
      if (slots[s] != null) {
        mask |= 1 << s;
      }
    }
    return mask;
  }

  static int leafMask(Child[] slots) {
    int mask = 0;
    for (int s = 0; s < SLOTS; s++) {
      if (slots[s] != null && slots[s].leaf) {
        mask |= 1 << s;
      }
    }
    return mask;
  }

  /** The hash of an internal node: its 16 slots hashed as 4 levels of the binary tree. */
  static byte[] hash(Child[] slots) {
    return rangeHash(slots, occupiedMask(slots), leafMask(slots), 0, SLOTS);
  }

  /** The binary subtree over slots {@code [lo, lo + size)}: empty, one floating leaf, or inner. */
  static byte[] rangeHash(Child[] slots, int occupied, int leaves, int lo, int size) {
    byte[] whole = directHash(slots, occupied, leaves, lo, size);
    if (whole != null) {
      return whole;
    }
    int half = size / 2;
    return TreeHashes.inner(
        rangeHash(slots, occupied, leaves, lo, half),
        rangeHash(slots, occupied, leaves, lo + half, half));
  }

  /**
   * The hash of slots {@code [lo, lo + size)} where it is not an inner hash of its halves: the
   * empty subtree's, a single slot's, or the one leaf's that floats up alone; null otherwise.
   */
  static byte[] directHash(Child[] slots, int occupied, int leaves, int lo, int size) {
    int inRange = occupied & (((1 << size) - 1) << lo);
    if (inRange == 0) {
      return TreeHashes.EMPTY;
    }
    if (size == 1 || (Integer.bitCount(inRange) == 1 && (leaves & inRange) != 0)) {
      return slots[Integer.numberOfTrailingZeros(inRange)].hash;
    }
    return null;
  }
}
