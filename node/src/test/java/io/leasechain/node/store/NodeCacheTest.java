package io.leasechain.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NodeCacheTest {

  private static byte[] key(int i) {
    return new byte[] {(byte) i};
  }

  @Test
  void staysWithinItsBytesAndEvictsTheLeastRecentlyUsedFirst() {
    // Each entry: 1 key byte + 100 value bytes + 112 overhead = 213 bytes; room for four.
    NodeCache cache = new NodeCache(4 * 213);
    for (int i = 0; i < 4; i++) {
      cache.put(key(i), new byte[100]);
    }
    assertEquals(4 * 213, cache.bytes());
    cache.get(key(0)); // used: key 1 is now the eldest
    cache.put(key(4), new byte[100]);
    assertTrue(cache.bytes() <= 4 * 213);
    assertNull(cache.get(key(1)));
    assertArrayEquals(new byte[100], cache.get(key(0)));
    assertArrayEquals(new byte[100], cache.get(key(4)));
    // Replacing and removing keep the count exact.
    cache.put(key(4), new byte[100]);
    assertEquals(4 * 213, cache.bytes());
    cache.remove(key(4));
    assertEquals(3 * 213, cache.bytes());
  }
}
