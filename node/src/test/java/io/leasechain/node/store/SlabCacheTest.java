package io.leasechain.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The slab cache against a map of what was last put: never a wrong value, bytes exact. */
class SlabCacheTest {

  private static final int HEADER = SlabCache.HEADER;

  private static byte[] bytes(SplittableRandom random, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = (byte) random.nextInt(256);
    }
    return out;
  }

  private static String hex(byte[] key) {
    return HexFormat.of().formatHex(key);
  }

  private static List<byte[]> distinctKeys(SplittableRandom random, int count) {
    Map<String, byte[]> distinct = new TreeMap<>();
    while (distinct.size() < count) {
      byte[] key = bytes(random, 1 + random.nextInt(40));
      distinct.put(hex(key), key);
    }
    return new ArrayList<>(distinct.values());
  }

  /**
   * Random puts (new keys, the same bytes again, new values, values too large), reads, removes and
   * a rare clear over a small cache and many times as many keys as it holds, so that the ring comes
   * round all the time and the index grows and shrinks under it: every read answers null or exactly
   * the value last put under that key, and the bookkeeping holds throughout. The hash is seeded
   * from the run, so a failure replays.
   */
  @Property(tries = 30)
  void answersOnlyTheLastValuePutAndKeepsItsBookkeeping(@ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    // 256 slabs of 4 KiB (addresses use every bit), of an odd size, or only two.
    long capacity = new long[] {1 << 20, 256L * 4099, 8192}[(int) Math.floorMod(seed, 3L)];
    SlabCache cache = new SlabCache(capacity, seed);
    Map<String, byte[]> model = new TreeMap<>();
    List<byte[]> keys = distinctKeys(random, 12_000);
    for (int op = 0; op < 60_000; op++) {
      byte[] key = keys.get(random.nextInt(keys.size()));
      int kind = random.nextInt(20_000) == 0 ? -1 : random.nextInt(999);
      if (kind < 0) {
        cache.clear();
        model.clear();
        assertEquals(0, cache.bytes());
      } else if (kind < 500) {
        byte[] previous = model.get(hex(key));
        byte[] value =
            previous != null && kind < 50
                ? previous.clone()
                : bytes(random, kind < 60 ? 2_000 : random.nextInt(600));
        cache.put(key, value);
        model.put(hex(key), value);
      } else if (kind < 950) {
        byte[] cached = cache.get(key.clone());
        if (cached != null) {
          assertArrayEquals(model.get(hex(key)), cached, "a value not last put under its key");
        }
      } else {
        cache.remove(key);
        model.remove(hex(key));
        assertNull(cache.get(key));
      }
      if (op % 5_000 == 0) {
        cache.checkInvariants();
      }
    }
    cache.checkInvariants();
    long counted = 0;
    for (byte[] key : keys) {
      byte[] cached = cache.get(key);
      if (cached != null) {
        assertArrayEquals(model.get(hex(key)), cached);
        counted += HEADER + key.length + cached.length;
      }
    }
    assertEquals(counted, cache.bytes());
    assertTrue(cache.bytes() <= capacity);
  }

  @Test
  void holdsEverythingUntilItsRoomIsUsedAndCountsItExactly() {
    SlabCache cache = new SlabCache(64L << 20, 1);
    SplittableRandom random = new SplittableRandom(5);
    Map<String, byte[]> model = new TreeMap<>();
    long room = cache.room();
    long bytes = 0;
    // Enough entries to grow the index many times over.
    for (int i = 0; i < 100_000; i++) {
      byte[] key = bytes(random, 9 + random.nextInt(8));
      byte[] value = bytes(random, 85 + random.nextInt(200));
      byte[] previous = model.put(hex(key), value);
      if (previous != null) {
        bytes -= HEADER + key.length + previous.length;
      }
      cache.put(key, value);
      bytes += HEADER + key.length + value.length;
    }
    assertEquals(bytes, cache.bytes());
    assertTrue(cache.room() < room && cache.room() > 0, "room " + cache.room());
    cache.checkInvariants();
    for (Map.Entry<String, byte[]> entry : model.entrySet()) {
      assertArrayEquals(entry.getValue(), cache.get(HexFormat.of().parseHex(entry.getKey())));
    }
    // Removing every other key, with the index's backward shifts, loses none of the rest.
    int i = 0;
    for (String key : model.keySet()) {
      if (i++ % 2 == 0) {
        cache.remove(HexFormat.of().parseHex(key));
      }
    }
    cache.checkInvariants();
    i = 0;
    for (Map.Entry<String, byte[]> entry : model.entrySet()) {
      byte[] cached = cache.get(HexFormat.of().parseHex(entry.getKey()));
      if (i++ % 2 == 0) {
        assertNull(cached);
      } else {
        assertArrayEquals(entry.getValue(), cached);
      }
    }
    cache.clear();
    assertEquals(0, cache.bytes());
    assertEquals(room, cache.room());
    cache.checkInvariants();
  }

  /** 16 slabs of 4 KiB; each entry 110 bytes, about 37 a slab, 590 in all. */
  private static SlabCache sixteenSlabs() {
    return new SlabCache(64 << 10, 3);
  }

  private static void fill(SlabCache cache, int round, int count) {
    for (int i = 0; i < count; i++) {
      cache.put(new byte[] {3, (byte) round, (byte) (i >> 8), (byte) i}, new byte[100]);
    }
  }

  @Test
  void anEntryReadBeforeEachPassOfTheRingStaysAndOneReadOnceGoes() {
    SlabCache cache = sixteenSlabs();
    byte[] hot = {1};
    byte[] once = {2};
    byte[] never = {3};
    cache.put(hot, new byte[100]);
    cache.put(once, new byte[100]);
    cache.put(never, new byte[100]);
    cache.get(once);
    for (int round = 0; round < 6; round++) {
      assertNotNull(cache.get(hot), "the entry read before every pass was evicted");
      // About one pass of the full ring: its first slab is compacted once per round.
      fill(cache, round, 600);
      cache.checkInvariants();
      if (round == 0) {
        assertNull(cache.get(never), "an entry never read outlived a full ring's pass");
      }
    }
    assertNotNull(cache.get(hot));
    assertNull(cache.get(once), "an entry read once kept its mark through two passes");
  }

  /**
   * With room to spare, compacting a slab keeps its unread entries too, up to three quarters of it
   * (37 entries a slab, 27 kept): of 200 entries over five full slabs and a partial one, 150.
   */
  @Test
  void aRingWithRoomToSpareKeepsUnreadEntriesUpToThreeQuartersOfEachSlab() {
    SlabCache cache = sixteenSlabs();
    // A third of the cache, never read, then the rest of the ring churned by one key rewritten.
    fill(cache, 0, 200);
    byte[] churn = {9};
    // 3,000 entries of 57 bytes: the ring comes round more than twice.
    for (int i = 0; i < 3_000; i++) {
      byte[] value = new byte[50];
      value[0] = (byte) i;
      value[1] = (byte) (i >> 8);
      cache.put(churn, value);
    }
    cache.checkInvariants();
    int kept = 0;
    for (int i = 0; i < 200; i++) {
      if (cache.get(new byte[] {3, 0, (byte) (i >> 8), (byte) i}) != null) {
        kept++;
      }
    }
    assertTrue(kept >= 150, "kept " + kept);
  }

  @Test
  void theSameBytesPutAgainTakeNoRoomAndKeepTheReadMark() {
    SlabCache cache = sixteenSlabs();
    byte[] key = {5};
    cache.put(key, new byte[100]);
    long room = cache.room();
    cache.get(key);
    cache.put(key, new byte[100]);
    assertEquals(room, cache.room());
    // The mark survives the second put: the entry outlives a pass it was not read in.
    fill(cache, 0, 600);
    assertNotNull(cache.get(key));
  }

  @Test
  void anEntryTooLargeForAQuarterSlabIsNotCachedAndDropsTheOldValue() {
    SlabCache cache = sixteenSlabs();
    byte[] key = {7};
    cache.put(key, new byte[10]);
    cache.put(key, new byte[2_000]);
    assertNull(cache.get(key));
    assertEquals(0, cache.bytes());
    cache.put(new byte[256], new byte[1]);
    assertNull(cache.get(new byte[256]), "a key over 255 bytes");
    SlabCache none = new SlabCache(4 << 10);
    none.put(key, new byte[10]);
    assertNull(none.get(key), "a cache of fewer than two slabs holds nothing");
    assertEquals(0, none.room());
    assertThrows(IllegalArgumentException.class, () -> new SlabCache(SlabCache.MAX_CAPACITY + 1));
  }

  @Test
  void itsRoomIsTheWholeCapacityNotAPowerOfTwoBelowIt() {
    // The default internal share: three quarters of 256 MiB.
    assertEquals(192L << 20, new SlabCache(192L << 20).room());
    assertEquals(SlabCache.MAX_CAPACITY, new SlabCache(SlabCache.MAX_CAPACITY).room());
    long odd = 1_000_000_007L;
    assertTrue(new SlabCache(odd).room() > odd - 256, "room " + new SlabCache(odd).room());
  }

  @Test
  void aReadReturnsACopy() {
    SlabCache cache = sixteenSlabs();
    byte[] value = {1, 2, 3};
    cache.put(new byte[] {9}, value);
    value[0] = 42;
    byte[] read = cache.get(new byte[] {9});
    assertArrayEquals(new byte[] {1, 2, 3}, read);
    read[1] = 42;
    assertArrayEquals(new byte[] {1, 2, 3}, cache.get(new byte[] {9}));
  }
}
