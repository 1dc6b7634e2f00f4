package io.leasechain.commitment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.leasechain.commitment.TreeNodes.Child;
import io.leasechain.crypto.Hashes;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** A node's hash from reused binary ranges against the node hashed in full. */
class InnerHashesTest {

  @Property(tries = 50)
  void reusedRangesGiveTheFullHashAfterAnySlotChanges(@ForAll long seed) {
    Random random = new Random(seed);
    Child[] slots = new Child[TreeNodes.SLOTS];
    byte[] ranges = InnerHashes.compute(slots, null, 0);
    for (int step = 0; step < 200; step++) {
      // Few slots per step, often emptying one or leaving a single leaf: the shortcut ranges.
      int dirty = 0;
      for (int n = 1 + random.nextInt(3); n > 0; n--) {
        int s = random.nextInt(TreeNodes.SLOTS);
        slots[s] =
            random.nextInt(3) == 0
                ? null
                : new Child(
                    Hashes.sha256(new byte[] {(byte) step, (byte) n}), 1, random.nextBoolean());
        dirty |= 1 << s;
      }
      ranges = InnerHashes.compute(slots, ranges, dirty);
      assertArrayEquals(TreeNodes.hash(slots), InnerHashes.nodeHash(ranges), "step " + step);
      assertArrayEquals(InnerHashes.compute(slots, null, 0), ranges, "every range, step " + step);
    }
  }

  @Test
  void keepsNodesBelowTheRootUpToTheMaximumDepthAndForgetsTheEldest() {
    InnerHashes cache = new InnerHashes(2);
    byte[] ranges = new byte[15 * TreeNodes.HASH];
    byte[] a = Hashes.sha256(new byte[] {1});
    byte[] b = Hashes.sha256(new byte[] {2});
    byte[] c = Hashes.sha256(new byte[] {3});
    cache.put(a, 0, ranges);
    cache.put(a, InnerHashes.MAX_CACHED_DEPTH + 1, ranges);
    assertEquals(0, cache.size());
    cache.put(a, 1, ranges);
    cache.put(b, 1, ranges);
    cache.put(c, 2, ranges);
    assertNull(cache.take(a, 1), "evicted");
    assertNull(cache.take(b, 2), "another depth");
    assertArrayEquals(ranges, cache.take(b, 1));
    assertNull(cache.take(b, 1), "taken out");
    assertEquals(1, cache.size());
    assertEquals(Arrays.toString(ranges), Arrays.toString(cache.take(c, 2)));
  }
}
