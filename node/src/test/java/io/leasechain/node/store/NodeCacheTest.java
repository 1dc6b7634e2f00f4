package io.leasechain.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NodeCacheTest {

  // Each entry: 6 header bytes + 2 key bytes + 100 value bytes.
  private static final int ENTRY = SlabCache.HEADER + 2 + 100;
  // 64 KiB: 48 KiB (twelve 4 KiB slabs) for internal nodes, 16 KiB (four) for leaves.
  private static final int CAPACITY = 64 << 10;

  private static byte[] key(int i) {
    return new byte[] {(byte) (i >> 8), (byte) i};
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
  void aPutFromBeforeAClearIsDroppedAndOneFromAfterItKept() {
    // A reader that read the database before a wipe for state sync may hold a node of the old
    // history under a key the new one reuses.
    NodeCache cache = new NodeCache(CAPACITY);
    long before = cache.generation();
    cache.put(key(1), internal(), before);
    cache.clear();
    cache.put(key(2), internal(), before);
    assertNull(cache.get(key(1)), "the clear kept a node");
    assertNull(cache.get(key(2)), "a put from before the clear was kept");
    assertEquals(0, cache.bytes());
    cache.put(key(2), leaf(), cache.generation());
    assertArrayEquals(leaf(), cache.get(key(2)));
  }

  @Test
  void countsItsBytesExactlyThroughReplacesAndRemoves() {
    NodeCache cache = new NodeCache(CAPACITY);
    for (int i = 0; i < 4; i++) {
      cache.put(key(i), internal());
    }
    assertEquals(4 * ENTRY, cache.bytes());
    assertArrayEquals(internal(), cache.get(key(0)));
    cache.put(key(3), internal());
    assertEquals(4 * ENTRY, cache.bytes());
    cache.remove(key(3));
    assertEquals(3 * ENTRY, cache.bytes());
    assertNull(cache.get(key(3)));
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
    NodeCache cache = new NodeCache(CAPACITY);
    for (int i = 0; i < 4; i++) {
      cache.put(key(i), internal());
    }
    long internalBytes = cache.shareBytes().internalNodes();
    // Ten times the leaves' share.
    for (int i = 100; i < 1_600; i++) {
      cache.put(key(i), leaf());
    }
    for (int i = 0; i < 4; i++) {
      assertNotNull(cache.get(key(i)), "internal node " + i);
    }
    assertEquals(internalBytes, cache.shareBytes().internalNodes());
    assertArrayEquals(leaf(), cache.get(key(1_599)), "the newest leaf is cached");
    assertNull(cache.get(key(100)), "the oldest leaves are evicted");
    assertTrue(cache.shareBytes().leaves() <= CAPACITY / 4);
    cache.clear();
    assertEquals(0, cache.bytes());
  }
}
