package io.leasechain.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.ledger.state.Write;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateCacheTest {

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void aReadFromBeforeACommitIsNotCached() {
    StateCache cache = new StateCache(1 << 20);
    StateCache.Lookup miss = cache.get(bytes("k"));
    assertFalse(miss.found());
    // The reader read "old" from the database; a commit of "new" lands before it caches it.
    cache.committed(List.of(new Write(bytes("k"), bytes("new"))));
    cache.put(bytes("k"), bytes("old"), miss.generation());
    assertArrayEquals(bytes("new"), cache.get(bytes("k")).value());
  }

  @Test
  void commitsWriteThroughAndAbsencesAreCached() {
    StateCache cache = new StateCache(1 << 20);
    StateCache.Lookup miss = cache.get(bytes("gone"));
    cache.put(bytes("gone"), null, miss.generation());
    StateCache.Lookup absent = cache.get(bytes("gone"));
    assertTrue(absent.found());
    assertNull(absent.value());
    assertNull(cache.present(bytes("gone")));

    cache.committed(
        List.of(new Write(bytes("gone"), bytes("back")), new Write(bytes("k"), bytes("v"))));
    assertArrayEquals(bytes("back"), cache.present(bytes("gone")));
    cache.committed(List.of(new Write(bytes("k"), null)));
    StateCache.Lookup deleted = cache.get(bytes("k"));
    assertTrue(deleted.found());
    assertNull(deleted.value());

    cache.clear();
    assertFalse(cache.get(bytes("gone")).found());
    assertEquals(0, cache.bytes());
  }

  @Test
  void aReaderChangingWhatItWasGivenDoesNotChangeTheCache() {
    StateCache cache = new StateCache(1 << 20);
    cache.committed(List.of(new Write(bytes("k"), bytes("value"))));
    byte[] given = cache.get(bytes("k")).value();
    given[0] = 'X';
    assertArrayEquals(bytes("value"), cache.get(bytes("k")).value());
  }

  @Test
  void staysWithinItsBytes() {
    // Each entry: 2 key bytes + 100 value bytes + 112 overhead = 214 bytes; room for three.
    StateCache cache = new StateCache(3 * 214);
    for (int i = 10; i < 20; i++) {
      cache.committed(List.of(new Write(bytes(Integer.toString(i)), new byte[100])));
    }
    assertEquals(3 * 214, cache.bytes());
    assertTrue(cache.get(bytes("19")).found());
    assertFalse(cache.get(bytes("16")).found());
  }
}
