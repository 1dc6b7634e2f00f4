package io.leasechain.node.store;

import java.util.Arrays;

/**
 * Byte arrays by byte-array key, bounded by their bytes, kept in a ring of up to 256 large {@code
 * byte[]} slabs with an open-addressing index in one {@code long[]}. Millions of tree nodes held as
 * map entries made every young garbage collection scan and copy them (pauses of 50-300 ms at a
 * million leases, BENCHMARKS.md session 14); a few big arrays without references are neither copied
 * nor scanned.
 *
 * <p>Entries are appended to the head slab. When the ring comes round to a slab, its entries are
 * compacted in place: those read since they were written stay (their mark cleared: a second
 * chance), and so do unread ones while the cache holds less than seven eighths of its capacity; the
 * rest are evicted. Reads return a copy. Not thread-safe: its owner locks.
 */
final class SlabCache {

  /** Entry header: key length (1 byte), value length (4), flags (1). */
  static final int HEADER = 6;

  /** The most bytes a cache holds: 256 slabs of 16 MiB. */
  static final long MAX_CAPACITY = 1L << 32;

  private static final byte READ = 1;
  private static final byte DEAD = 2;

  // An address is the slab number (high 8 bits) and the offset in it (low 24 bits).
  private static final int OFFSET_BITS = 24;
  private static final int OFFSET_MASK = (1 << OFFSET_BITS) - 1;
  private static final int SLABS = 256;
  private static final int MIN_SLAB = 1 << 12;

  private final long seed;
  private final int slabSize;
  private final long capacity;
  private final byte[][] slabs;
  private final int[] filled;
  private int head;
  // Slabs the ring has entered since the last clear, the head included.
  private int entered = 1;
  private long bytes;
  private int entries;

  // Each slot: 0 (empty) or the key's hash (high 32 bits, never 0) and the entry's address.
  private long[] index = new long[1024];

  SlabCache(long capacityBytes) {
    this(capacityBytes, KeyHash.SEED);
  }

  /** With the hash seeded by {@code seed}: tests replay a run with the same slots. */
  SlabCache(long capacityBytes, long seed) {
    if (capacityBytes < 0 || capacityBytes > MAX_CAPACITY) {
      throw new IllegalArgumentException(
          "a tree cache share holds 0 to " + MAX_CAPACITY + " bytes, not " + capacityBytes);
    }
    this.seed = seed;
    // Any size up to the offset's 16 MiB: 256 slabs then use all of the capacity.
    long perSlab = Math.max(MIN_SLAB, capacityBytes / SLABS);
    this.slabSize = (int) Math.min(1 << OFFSET_BITS, perSlab);
    int count = (int) Math.min(SLABS, capacityBytes / slabSize);
    // Fewer than two slabs cannot evict one while filling another: such a cache holds nothing.
    this.slabs = new byte[count < 2 ? 0 : count][];
    this.filled = new int[slabs.length];
    this.capacity = (long) slabs.length * slabSize;
  }

  /** Bytes held by live entries: their keys, values and headers (the index is not counted). */
  long bytes() {
    return bytes;
  }

  /** Bytes that can still be cached before the ring comes round to its first slab. */
  long room() {
    return slabs.length == 0
        ? 0
        : slabSize - filled[head] + (long) (slabs.length - entered) * slabSize;
  }

  /** A copy of the value under {@code key}, or null. */
  byte[] get(byte[] key) {
    int slot = find(key, hash(key, 0, key.length));
    if (slot < 0) {
      return null;
    }
    int address = (int) index[slot];
    byte[] slab = slabs[address >>> OFFSET_BITS];
    int at = address & OFFSET_MASK;
    slab[at + 5] |= READ;
    int start = at + HEADER + (slab[at] & 0xFF);
    return Arrays.copyOfRange(slab, start, start + valueLength(slab, at));
  }

  /**
   * Caches a copy of {@code value}. A key already holding exactly these bytes is left as it is; a
   * key or an entry too large (over 255 bytes, over a quarter slab) is not cached, and any older
   * value of it goes.
   */
  void put(byte[] key, byte[] value) {
    long size = (long) HEADER + key.length + value.length;
    int hash = hash(key, 0, key.length);
    int slot = find(key, hash);
    if (slot >= 0 && sameValue((int) index[slot], key.length, value)) {
      return;
    }
    if (slot >= 0) {
      kill((int) index[slot]);
      deleteSlot(slot);
    }
    // A quarter: after a move to the next slab at most three quarters of it are taken.
    if (slabs.length == 0 || key.length > 255 || size > slabSize / 4) {
      return;
    }
    // Before the append: an index that cannot grow then leaves nothing half added.
    if ((entries + 1) * 4L > index.length * 3L) {
      grow();
    }
    place(index, hash, append(key, value));
    entries++;
  }

  void remove(byte[] key) {
    int slot = find(key, hash(key, 0, key.length));
    if (slot >= 0) {
      kill((int) index[slot]);
      deleteSlot(slot);
    }
  }

  /** Forgets every entry; the slabs and the index keep their memory for what comes next. */
  void clear() {
    Arrays.fill(filled, 0);
    Arrays.fill(index, 0);
    head = 0;
    entered = 1;
    bytes = 0;
    entries = 0;
  }

  /**
   * Checks the cache's own bookkeeping, for tests: every indexed entry is reachable from its home
   * slot and live, the count and bytes match the slabs, and every live entry is indexed once.
   */
  void checkInvariants() {
    int mask = index.length - 1;
    int indexed = 0;
    for (int slot = 0; slot < index.length; slot++) {
      long entry = index[slot];
      if (entry == 0) {
        continue;
      }
      indexed++;
      int address = (int) entry;
      byte[] slab = slabs[address >>> OFFSET_BITS];
      int at = address & OFFSET_MASK;
      if ((slab[at + 5] & DEAD) != 0) {
        throw new IllegalStateException("a dead entry is indexed at slot " + slot);
      }
      int hash = hash(slab, at + HEADER, slab[at] & 0xFF);
      if ((int) (entry >>> 32) != hash) {
        throw new IllegalStateException("slot " + slot + " holds another key's hash");
      }
      for (int s = hash & mask; s != slot; s = (s + 1) & mask) {
        if (index[s] == 0) {
          throw new IllegalStateException("slot " + slot + " is cut off from its home slot");
        }
      }
    }
    long live = 0;
    int count = 0;
    for (int s = 0; s < slabs.length; s++) {
      for (int at = 0; at < filled[s]; at += entrySize(slabs[s], at)) {
        if ((slabs[s][at + 5] & DEAD) == 0) {
          live += entrySize(slabs[s], at);
          count++;
          slotOf((s << OFFSET_BITS) | at, slabs[s], at);
        }
      }
    }
    if (indexed != entries || count != entries || live != bytes) {
      throw new IllegalStateException(
          "index "
              + indexed
              + ", live "
              + count
              + ", counted "
              + entries
              + "; bytes "
              + live
              + " against "
              + bytes);
    }
  }

  /** The key's hash, never 0 (an index slot of 0 is empty). */
  private int hash(byte[] bytes, int from, int length) {
    int hash = KeyHash.of(seed, bytes, from, length);
    return hash == 0 ? 1 : hash;
  }

  private static int valueLength(byte[] slab, int at) {
    return ((slab[at + 1] & 0xFF) << 24)
        | ((slab[at + 2] & 0xFF) << 16)
        | ((slab[at + 3] & 0xFF) << 8)
        | (slab[at + 4] & 0xFF);
  }

  private static int entrySize(byte[] slab, int at) {
    return HEADER + (slab[at] & 0xFF) + valueLength(slab, at);
  }

  private boolean sameValue(int address, int keyLength, byte[] value) {
    byte[] slab = slabs[address >>> OFFSET_BITS];
    int at = address & OFFSET_MASK;
    int start = at + HEADER + keyLength;
    return valueLength(slab, at) == value.length
        && Arrays.equals(slab, start, start + value.length, value, 0, value.length);
  }

  /** Writes an entry into the head slab, moving on (and compacting the next) if it does not fit. */
  private int append(byte[] key, byte[] value) {
    int size = HEADER + key.length + value.length;
    if (slabs[head] == null) {
      slabs[head] = new byte[slabSize];
    }
    if (filled[head] + size > slabSize) {
      advance();
    }
    byte[] slab = slabs[head];
    int at = filled[head];
    slab[at] = (byte) key.length;
    slab[at + 1] = (byte) (value.length >>> 24);
    slab[at + 2] = (byte) (value.length >>> 16);
    slab[at + 3] = (byte) (value.length >>> 8);
    slab[at + 4] = (byte) value.length;
    slab[at + 5] = 0;
    System.arraycopy(key, 0, slab, at + HEADER, key.length);
    System.arraycopy(value, 0, slab, at + HEADER + key.length, value.length);
    filled[head] = at + size;
    bytes += size;
    return (head << OFFSET_BITS) | at;
  }

  /**
   * Makes the next slab of the ring the head. A slab the ring entered before is compacted in place
   * (its kept entries move down, their index slots follow; up to three quarters of it), the others
   * leave the index.
   */
  private void advance() {
    head = (head + 1) % slabs.length;
    if (entered < slabs.length) {
      entered++;
      filled[head] = 0;
      if (slabs[head] == null) {
        slabs[head] = new byte[slabSize];
      }
      return;
    }
    byte[] slab = slabs[head];
    boolean roomToSpare = bytes <= capacity - capacity / 8;
    int kept = 0;
    for (int at = 0; at < filled[head]; ) {
      int size = entrySize(slab, at);
      byte flags = slab[at + 5];
      if ((flags & DEAD) == 0) {
        int slot = slotOf((head << OFFSET_BITS) | at, slab, at);
        boolean keep =
            kept + size <= slabSize - slabSize / 4 && ((flags & READ) != 0 || roomToSpare);
        if (keep) {
          System.arraycopy(slab, at, slab, kept, size);
          slab[kept + 5] = 0;
          index[slot] = (index[slot] & 0xFFFFFFFF00000000L) | address(head, kept);
          kept += size;
        } else {
          deleteSlot(slot);
          bytes -= size;
        }
      }
      at += size;
    }
    filled[head] = kept;
  }

  /** Marks the entry at {@code address} dead: its bytes stay in the slab until it is compacted. */
  private void kill(int address) {
    byte[] slab = slabs[address >>> OFFSET_BITS];
    int at = address & OFFSET_MASK;
    slab[at + 5] |= DEAD;
    bytes -= entrySize(slab, at);
  }

  private int find(byte[] key, int hash) {
    int mask = index.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      long entry = index[slot];
      if (entry == 0) {
        return -1;
      }
      if ((int) (entry >>> 32) == hash && keyAt((int) entry, key)) {
        return slot;
      }
    }
  }

  /** The slot of the live entry at {@code address} (in {@code slab} at {@code at}). */
  private int slotOf(int address, byte[] slab, int at) {
    int hash = hash(slab, at + HEADER, slab[at] & 0xFF);
    int mask = index.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      long entry = index[slot];
      if (entry == 0) {
        throw new IllegalStateException("a cached entry is missing from its index");
      }
      if ((int) entry == address) {
        return slot;
      }
    }
  }

  private boolean keyAt(int address, byte[] key) {
    byte[] slab = slabs[address >>> OFFSET_BITS];
    int at = address & OFFSET_MASK;
    return (slab[at] & 0xFF) == key.length
        && Arrays.equals(slab, at + HEADER, at + HEADER + key.length, key, 0, key.length);
  }

  /** The address of {@code offset} in {@code slab} as an index slot holds it: unsigned. */
  private static long address(int slab, int offset) {
    return ((slab << OFFSET_BITS) | offset) & 0xFFFFFFFFL;
  }

  private static void place(long[] table, int hash, int address) {
    int mask = table.length - 1;
    int slot = hash & mask;
    while (table[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    table[slot] = ((long) hash << 32) | (address & 0xFFFFFFFFL);
  }

  private void grow() {
    long[] larger = new long[index.length * 2];
    for (long entry : index) {
      if (entry != 0) {
        place(larger, (int) (entry >>> 32), (int) entry);
      }
    }
    index = larger;
  }

  /** Empties a slot, shifting back the entries after it that probed past it (no tombstones). */
  private void deleteSlot(int slot) {
    int mask = index.length - 1;
    int hole = slot;
    for (int next = (hole + 1) & mask; index[next] != 0; next = (next + 1) & mask) {
      int home = (int) (index[next] >>> 32) & mask;
      // Moves back unless its home lies cyclically in (hole, next].
      boolean stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
      if (!stays) {
        index[hole] = index[next];
        hole = next;
      }
    }
    index[hole] = 0;
    entries--;
  }
}
