package io.leasechain.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.Write;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link RocksStore} on a real RocksDB in a temp folder: commits, reopen, scans. */
class RocksStoreTest {

  @TempDir Path dir;

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Prepares and commits one block; returns its root. */
  static byte[] commit(RocksStore store, long height, List<Write> writes) {
    RocksStore.Pending pending = store.prepare(height, writes);
    store.commit(pending);
    return pending.appHash();
  }

  private static Write put(byte[] key, byte[] value) {
    return new Write(key, value);
  }

  private static Write delete(byte[] key) {
    return new Write(key, null);
  }

  /** prefix | big-endian short id. */
  private static byte[] key(int prefix, int id) {
    return ByteBuffer.allocate(3).put((byte) prefix).putShort((short) id).array();
  }

  private static List<String> hexKeys(Iterator<KeyValue> iterator) {
    List<String> keys = new ArrayList<>();
    iterator.forEachRemaining(entry -> keys.add(HexFormat.of().formatHex(entry.key())));
    return keys;
  }

  private static List<String> hex(byte[]... keys) {
    return Arrays.stream(keys).map(HexFormat.of()::formatHex).toList();
  }

  @Test
  void freshStoreHasNoCommitAndNoState() {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      assertEquals(0, store.lastCommit().height());
      assertEquals(0, store.lastCommit().appHash().length);
      assertNull(store.appHashAt(0));
      assertNull(store.appHashAt(1));
      assertNull(store.get(utf8("anything")));
      assertFalse(store.scan(new byte[0], null).hasNext());
    }
  }

  @Test
  void commitSurvivesReopenWithLastCommitAndEveryRoot() {
    Path db = dir.resolve("db");
    byte[] first;
    byte[] second;
    byte[] third;
    try (RocksStore store = RocksStore.open(db)) {
      first = commit(store, 1, List.of(put(utf8("a"), utf8("1"))));
      second = commit(store, 2, List.of(put(utf8("b"), utf8("2"))));
      third = commit(store, 3, List.of());
      assertEquals(3, store.lastCommit().height());
      assertArrayEquals(third, store.lastCommit().appHash());
    }
    try (RocksStore store = RocksStore.open(db)) {
      assertEquals(3, store.lastCommit().height());
      assertArrayEquals(third, store.lastCommit().appHash());
      assertArrayEquals(first, store.appHashAt(1));
      assertArrayEquals(second, store.appHashAt(2));
      // A block writing nothing keeps the root.
      assertArrayEquals(second, third);
      assertFalse(Arrays.equals(first, second));
      assertNull(store.appHashAt(4));
      assertNull(store.appHashAt(0));
      assertArrayEquals(utf8("1"), store.get(utf8("a")));
      assertArrayEquals(utf8("2"), store.get(utf8("b")));
      // Bookkeeping lives in "meta", not in the ledger's state.
      assertNull(store.get(utf8("last_commit")));
      assertEquals(List.of("61", "62"), hexKeys(store.scan(new byte[0], null)));
    }
  }

  @Test
  void sizeCountsTheLogBeforeAFlushAndTheSstFilesAfterReopen() {
    Path db = dir.resolve("db");
    byte[] value = new byte[10_000];
    try (RocksStore store = RocksStore.open(db)) {
      RocksStore.Size before = store.size();
      commit(store, 1, List.of(put(utf8("a"), value)));
      RocksStore.Size after = store.size();
      assertTrue(after.walFiles() >= before.walFiles() + value.length, after::toString);
      assertTrue(after.memtables() > 0, after::toString);
    }
    // Reopening replays the log into SST files (compressed: the zeros shrink).
    try (RocksStore store = RocksStore.open(db)) {
      assertTrue(store.size().sstFiles() > 0, store.size()::toString);
    }
  }

  @Test
  void writesAndDeletesAreVisibleInGetAndScanAndAfterReopen() {
    Path db = dir.resolve("db");
    try (RocksStore store = RocksStore.open(db)) {
      commit(
          store,
          1,
          List.of(put(utf8("a"), utf8("1")), put(utf8("b"), utf8("2")), put(utf8("c"), utf8("3"))));
      commit(
          store,
          2,
          List.of(delete(utf8("a")), put(utf8("b"), utf8("22")), delete(utf8("never-written"))));
      assertNull(store.get(utf8("a")));
      assertArrayEquals(utf8("22"), store.get(utf8("b")));
      assertArrayEquals(utf8("3"), store.get(utf8("c")));
      assertEquals(hex(utf8("b"), utf8("c")), hexKeys(store.scan(new byte[0], null)));
      commit(store, 3, List.of(put(utf8("e"), utf8("y"))));
      assertArrayEquals(utf8("y"), store.get(utf8("e")));
    }
    try (RocksStore store = RocksStore.open(db)) {
      assertNull(store.get(utf8("a")));
      assertArrayEquals(utf8("22"), store.get(utf8("b")));
      assertEquals(hex(utf8("b"), utf8("c"), utf8("e")), hexKeys(store.scan(new byte[0], null)));
    }
  }

  @Test
  void readsCachedBeforeACommitSeeWhatItWrote() {
    Path db = dir.resolve("db");
    try (RocksStore store = RocksStore.open(db)) {
      commit(store, 1, List.of(put(utf8("a"), utf8("1")), put(utf8("b"), utf8("2"))));
      // Read (and cached) as committed at height 1: a value and an absence.
      assertArrayEquals(utf8("1"), store.get(utf8("a")));
      assertNull(store.get(utf8("x")));
      byte[] given = store.get(utf8("b"));
      given[0] = '9';
      commit(store, 2, List.of(put(utf8("a"), utf8("11")), put(utf8("x"), utf8("5"))));
      assertArrayEquals(utf8("11"), store.get(utf8("a")));
      assertArrayEquals(utf8("5"), store.get(utf8("x")));
      assertArrayEquals(utf8("2"), store.get(utf8("b")));
      commit(store, 3, List.of(delete(utf8("a"))));
      assertNull(store.get(utf8("a")));
      // The tree took the cached old values as hints: its root is the one of the state.
      assertArrayEquals(
          RocksStore.rootOf(List.of(put(utf8("b"), utf8("2")), put(utf8("x"), utf8("5")))),
          store.lastCommit().appHash());
    }
    try (RocksStore store = RocksStore.open(db)) {
      // A read that misses the (new, empty) cache: what the caller is given is its own, too.
      byte[] missed = store.get(utf8("b"));
      missed[0] = '9';
      assertArrayEquals(utf8("2"), store.get(utf8("b")));
    }
  }

  @Test
  void aBlockThatIsNeverCommittedLeavesNothing() {
    Path db = dir.resolve("db");
    try (RocksStore store = RocksStore.open(db)) {
      commit(store, 1, List.of(put(utf8("a"), utf8("1"))));
      // Height 2 is executed elsewhere (FinalizeBlock stages in memory) but commit() is never
      // called.
    }
    try (RocksStore store = RocksStore.open(db)) {
      assertEquals(1, store.lastCommit().height());
      assertArrayEquals(
          RocksStore.rootOf(List.of(put(utf8("a"), utf8("1")))), store.lastCommit().appHash());
      assertNull(store.appHashAt(2));
      assertEquals(List.of("61"), hexKeys(store.scan(new byte[0], null)));
    }
    Path empty = dir.resolve("empty");
    try (RocksStore store = RocksStore.open(empty)) {
      assertEquals(0, store.lastCommit().height());
    }
    try (RocksStore store = RocksStore.open(empty)) {
      assertEquals(0, store.lastCommit().height());
      assertEquals(0, store.lastCommit().appHash().length);
      assertFalse(store.scan(new byte[0], null).hasNext());
    }
  }

  /** A scan reads the database in batches that grow after the first: no key lost or repeated. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 7, 8, 9, 263, 264, 265, 700})
  void aScanOfAnyLengthReturnsEveryKeyInRangeOnce(int count) {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      List<Write> writes = new ArrayList<>();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        byte[] key = ByteBuffer.allocate(3).put((byte) 0x10).putShort((short) i).array();
        writes.add(put(key, key));
        expected.add(HexFormat.of().formatHex(key));
      }
      // Keys on both sides of the range, which no scan of it may return.
      writes.add(put(bytes(0x0F, 0xFF, 0xFF), bytes(1)));
      writes.add(put(bytes(0x11), bytes(1)));
      commit(store, 1, writes);

      assertEquals(expected, hexKeys(store.scan(bytes(0x10), bytes(0x11))));
      assertEquals(expected, hexKeys(store.scanPrefix(bytes(0x10))));
      int from = count / 3;
      assertEquals(
          expected.subList(from, count),
          hexKeys(
              store.scan(
                  HexFormat.of().parseHex(count == 0 ? "10" : expected.get(from)), bytes(0x11))));
    }
  }

  @Test
  void scanIsInUnsignedByteOrderAndBoundedHalfOpen() {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      List<byte[]> keys =
          List.of(
              bytes(0xFF),
              bytes(0x80),
              bytes(0x7F),
              bytes(0x01, 0x00),
              bytes(0x01),
              bytes(0x00),
              bytes(0xFF, 0xFF),
              bytes(0x80, 0x00, 0x01));
      List<Write> writes = new ArrayList<>();
      for (byte[] key : keys) {
        writes.add(put(key, key));
      }
      commit(store, 1, writes);

      assertEquals(
          List.of("00", "01", "0100", "7f", "80", "800001", "ff", "ffff"),
          hexKeys(store.scan(new byte[0], null)));
      // from is inclusive, to exclusive; bytes >= 0x80 sort after 0x7F (unsigned, not signed).
      assertEquals(List.of("01", "0100", "7f"), hexKeys(store.scan(bytes(0x01), bytes(0x80))));
      assertEquals(List.of("80", "800001"), hexKeys(store.scan(bytes(0x80), bytes(0xFF))));
      assertEquals(
          List.of("80", "800001", "ff"), hexKeys(store.scan(bytes(0x80), bytes(0xFF, 0x00))));
      // from need not exist.
      assertEquals(List.of("7f", "80"), hexKeys(store.scan(bytes(0x02), bytes(0x80, 0x00))));
      // Empty and inverted ranges.
      assertEquals(List.of(), hexKeys(store.scan(bytes(0x7F), bytes(0x7F))));
      assertEquals(List.of(), hexKeys(store.scan(bytes(0x90), bytes(0x10))));
      assertEquals(List.of("ff", "ffff"), hexKeys(store.scan(bytes(0xFF), null)));
      // Prefix scans, including the all-0xFF prefix that has no upper bound.
      assertEquals(List.of("01", "0100"), hexKeys(store.scanPrefix(bytes(0x01))));
      assertEquals(List.of("80", "800001"), hexKeys(store.scanPrefix(bytes(0x80))));
      assertEquals(List.of("ff", "ffff"), hexKeys(store.scanPrefix(bytes(0xFF))));
      assertEquals(List.of("ffff"), hexKeys(store.scanPrefix(bytes(0xFF, 0xFF))));

      Iterator<KeyValue> values = store.scan(bytes(0x7F), bytes(0x80));
      KeyValue only = values.next();
      assertArrayEquals(bytes(0x7F), only.value());
      assertFalse(values.hasNext());
      assertThrows(NoSuchElementException.class, values::next);
    }
  }

  /** The iterator refills in batches of 256: counts at, around and far past the boundary. */
  @ParameterizedTest
  @ValueSource(ints = {255, 256, 257, 512, 513, 1000})
  void prefixScanAcrossBatchBoundariesReturnsEveryEntryOnceInOrder(int count) {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      List<Write> writes = new ArrayList<>();
      // Neighbours on both sides of the prefix must stay out of the scan.
      writes.add(put(key(0x04, 0xFFFF), bytes(1)));
      writes.add(put(key(0x06, 0x0000), bytes(1)));
      writes.add(put(bytes(0x05), bytes(2))); // the bare prefix itself is inside the prefix range
      for (int i = 0; i < count; i++) {
        writes.add(put(key(0x05, i), ByteBuffer.allocate(4).putInt(i).array()));
      }
      commit(store, 1, writes);

      Iterator<KeyValue> scan = store.scanPrefix(bytes(0x05));
      assertArrayEquals(bytes(0x05), scan.next().key());
      for (int i = 0; i < count; i++) {
        assertTrue(scan.hasNext(), "entry " + i + " of " + count);
        assertTrue(scan.hasNext(), "hasNext is idempotent");
        KeyValue entry = scan.next();
        assertArrayEquals(key(0x05, i), entry.key(), "key " + i);
        assertEquals(i, ByteBuffer.wrap(entry.value()).getInt(), "value " + i);
      }
      assertFalse(scan.hasNext());
      assertThrows(NoSuchElementException.class, scan::next);

      // A bounded scan that starts and ends mid-batch.
      int from = Math.min(17, count);
      int to = count - 3;
      List<String> bounded = hexKeys(store.scan(key(0x05, from), key(0x05, to)));
      assertEquals(Math.max(0, to - from), bounded.size());
      if (!bounded.isEmpty()) {
        assertEquals(HexFormat.of().formatHex(key(0x05, from)), bounded.get(0));
        assertEquals(HexFormat.of().formatHex(key(0x05, to - 1)), bounded.get(bounded.size() - 1));
      }
      // Unbounded scan from the prefix sees the following neighbour too.
      assertEquals(count + 2, hexKeys(store.scan(bytes(0x05), null)).size());
    }
  }

  @Test
  void longScanWithValuesLargerThanTheirKeys() {
    // 700 entries with big values: batches are by count, and keys resume exactly where they
    // stopped.
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      List<Write> writes = new ArrayList<>();
      for (int i = 0; i < 700; i++) {
        byte[] value = new byte[1024];
        Arrays.fill(value, (byte) i);
        writes.add(put(key(0x01, i * 3), value));
      }
      commit(store, 1, writes);
      Iterator<KeyValue> scan = store.scanPrefix(bytes(0x01));
      int seen = 0;
      while (scan.hasNext()) {
        KeyValue entry = scan.next();
        assertArrayEquals(key(0x01, seen * 3), entry.key());
        assertEquals((byte) seen, entry.value()[1023]);
        seen++;
      }
      assertEquals(700, seen);
    }
  }

  @Test
  void aViewKeepsItsCommitWhileLaterBlocksCommit() {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      List<Write> first = new ArrayList<>();
      for (int id = 0; id < 600; id++) {
        first.add(put(key(1, id), utf8("v1")));
      }
      commit(store, 1, first);
      try (RocksStore.View view = store.view()) {
        List<Write> second = new ArrayList<>();
        for (int id = 0; id < 600; id++) {
          second.add(put(key(1, id), utf8("v2")));
        }
        second.add(put(key(1, 600), utf8("v2")));
        Iterator<KeyValue> scan = view.scan(key(1, 0), key(2, 0));
        scan.next();
        // Lands between the view's batches: the rest of the scan must still read height 1.
        commit(store, 2, second);

        int count = 1;
        while (scan.hasNext()) {
          assertEquals("v1", new String(scan.next().value(), StandardCharsets.UTF_8));
          count++;
        }
        assertEquals(600, count);
        assertEquals(1, view.lastCommit().height());
        assertArrayEquals(RocksStore.rootOf(first), view.lastCommit().appHash());
        assertNull(view.appHashAt(2));
        assertEquals("v1", new String(view.get(key(1, 7)), StandardCharsets.UTF_8));
      }
      try (RocksStore.View later = store.view()) {
        assertEquals(2, later.lastCommit().height());
        assertEquals("v2", new String(later.get(key(1, 7)), StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void aScanThatHitsACorruptFileFailsInsteadOfEndingEarly() throws Exception {
    Path db = dir.resolve("db");
    try (RocksStore store = RocksStore.open(db)) {
      List<Write> writes = new ArrayList<>();
      for (int id = 0; id < 20_000; id++) {
        writes.add(put(key(1, id), utf8("value-" + id + "-".repeat(40))));
      }
      commit(store, 1, writes);
    }
    // Reopening replays the WAL into a table file; the second close leaves only table files.
    RocksStore.open(db).close();
    // The two large table files hold the state and its tree; the meta column's small one stays
    // readable.
    List<Path> tables;
    try (var files = Files.list(db)) {
      tables = files.filter(f -> f.toString().endsWith(".sst")).toList();
    }
    for (Path table : tables) {
      // The state's table is compressed, the tree's not: both are far above the meta's few KiB.
      if (table.toFile().length() < 64 << 10) {
        continue;
      }
      byte[] content = Files.readAllBytes(table);
      // Data blocks come first; the index and footer at the end stay intact, so the file opens.
      for (int i = content.length / 4; i < content.length / 2; i += 97) {
        content[i] ^= 0x5a;
      }
      Files.write(table, content);
    }

    try (RocksStore store = RocksStore.open(db)) {
      StoreException failure =
          assertThrows(
              StoreException.class,
              () -> {
                Iterator<KeyValue> scan = store.scan(key(1, 0), key(2, 0));
                while (scan.hasNext()) {
                  scan.next();
                }
              });
      assertTrue(failure.getMessage().contains("cannot scan state"), failure.getMessage());
    }
  }
}
