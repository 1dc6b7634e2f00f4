package io.leasechain.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NodeCacheTest {

  // Each entry: 1 key byte + 100 value bytes + 112 overhead = 213 bytes.
  private static final int ENTRY = 213;

  private static byte[] key(int i) {
    return new byte[] {(byte) i};
  }

  /** 100 bytes tagged as an encoded internal node (docs/state-commitment.md, storage layout). */
  private static byte[] internal() {
    byte[] node = new byte[100];
    node[0] = 0x01;
    return node;
  }

  private static byte[] leaf() {
    byte[] node = new byte[100];
    node[0] = 0x02;
    return node;
  }

  @Test
  void staysWithinItsBytesAndEvictsTheLeastRecentlyUsedFirst() {
    // Three quarters of the budget for internal nodes: room for four.
    NodeCache cache = new NodeCache(4 * ENTRY * 4 / 3);
    for (int i = 0; i < 4; i++) {
      cache.put(key(i), internal());
    }
    assertEquals(4 * ENTRY, cache.bytes());
    cache.get(key(0)); // used: key 1 is now the eldest
    cache.put(key(4), internal());
    assertTrue(cache.bytes() <= 4 * ENTRY);
    assertNull(cache.get(key(1)));
    assertArrayEquals(internal(), cache.get(key(0)));
    assertArrayEquals(internal(), cache.get(key(4)));
    // Replacing and removing keep the count exact.
    cache.put(key(4), internal());
    assertEquals(4 * ENTRY, cache.bytes());
    cache.remove(key(4));
    assertEquals(3 * ENTRY, cache.bytes());
  }

  @Test
  void keysThatOnceSharedAHashStayApart() {
    NodeCache cache = new NodeCache(1 << 20);
    // {31, 0} and {0, 1} have equal ByteBuffer hash codes; {0} is a prefix of two others.
    byte[][] keys = {{31, 0}, {0, 1}, {0}, {0, 1, 0}};
    for (int i = 0; i < keys.length; i++) {
      byte[] node = internal();
      node[1] = (byte) i;
      cache.put(keys[i], node);
    }
    for (int i = 0; i < keys.length; i++) {
      assertEquals(i, cache.get(keys[i].clone())[1]);
    }
    assertNull(cache.get(new byte[] {1, 0}));
  }

  @Test
  void leavesNeverPushOutInternalNodes() {
    NodeCache cache = new NodeCache(4 * ENTRY * 4 / 3);
    for (int i = 0; i < 4; i++) {
      cache.put(key(i), internal());
    }
    for (int i = 10; i < 20; i++) {
      cache.put(key(i), leaf());
    }
    for (int i = 0; i < 4; i++) {
      assertNotNull(cache.get(key(i)), "internal node " + i);
    }
    // A quarter of the budget for leaves: the newest one fits, the older ones are gone.
    assertArrayEquals(leaf(), cache.get(key(19)));
    assertNull(cache.get(key(10)));
    assertEquals(5 * ENTRY, cache.bytes());
    cache.clear();
    assertEquals(0, cache.bytes());
  }
}
