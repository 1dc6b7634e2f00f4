package io.leasechain.node.store;

import static io.leasechain.node.store.RocksStoreTest.commit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.commitment.InMemoryNodeStore;
import io.leasechain.commitment.KeyChange;
import io.leasechain.commitment.ReferenceTree;
import io.leasechain.commitment.StateTree;
import io.leasechain.commitment.TreeBatch;
import io.leasechain.commitment.TreeHashes;
import io.leasechain.commitment.TreeLeaf;
import io.leasechain.ledger.state.Write;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;

/**
 * {@link RocksStore}'s state tree on a real RocksDB: roots, versions, historical views and pruning,
 * checked against the tree's in-memory store and its reference root.
 */
class StateTreeStoreTest {

  @TempDir Path dir;

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A seeded random chain: each block puts or deletes a few of {@code keys} keys. Keeps every
   * height's full state (as sorted key → value strings) and mirrors every version into an in-memory
   * node store, the expected content of the tree column family.
   */
  private static final class Chain {
    final Random random;
    final int keys;
    final InMemoryNodeStore expected = new InMemoryNodeStore();
    final Map<Long, TreeMap<String, String>> states = new ConcurrentHashMap<>();
    TreeMap<String, String> current = new TreeMap<>();
    long height;

    Chain(long seed, int keys) {
      this.random = new Random(seed);
      this.keys = keys;
    }

    List<Write> nextBlock() {
      Map<String, String> block = new TreeMap<>();
      int size = 1 + random.nextInt(8);
      for (int i = 0; i < size; i++) {
        String key = "k" + random.nextInt(keys);
        block.put(key, random.nextInt(4) == 0 ? null : "v" + height + "-" + random.nextInt(1000));
      }
      List<Write> writes = new ArrayList<>();
      List<KeyChange> changes = new ArrayList<>();
      block.forEach(
          (key, value) -> {
            writes.add(new Write(utf8(key), value == null ? null : utf8(value)));
            changes.add(new KeyChange(utf8(key), value == null ? null : utf8(value)));
            if (value == null) {
              current.remove(key);
            } else {
              current.put(key, value);
            }
          });
      TreeBatch batch = StateTree.apply(expected, height == 0 ? -1 : height, height + 1, changes);
      expected.write(batch);
      height++;
      states.put(height, new TreeMap<>(current));
      return writes;
    }

    void run(RocksStore store, int blocks) {
      for (int i = 0; i < blocks; i++) {
        List<Write> writes = nextBlock();
        commit(store, height, writes);
      }
    }

    static byte[] reference(Map<String, String> state) {
      List<TreeLeaf> leaves = new ArrayList<>();
      state.forEach((k, v) -> leaves.add(new TreeLeaf(utf8(k), utf8(v))));
      return ReferenceTree.root(leaves);
    }
  }

  /** Every key of height {@code h} reads its value there, and its leaves are exactly that state. */
  private static void assertHeightReadable(RocksStore store, Chain chain, long h) {
    TreeMap<String, String> state = chain.states.get(h);
    try (RocksStore.View view = store.viewAt(h)) {
      assertEquals(h, view.height());
      assertArrayEquals(Chain.reference(state), view.appHash(), "root at " + h);
      for (int k = 0; k < chain.keys; k++) {
        String key = "k" + k;
        byte[] value = view.get(utf8(key));
        String expected = state.get(key);
        assertEquals(expected, value == null ? null : new String(value, StandardCharsets.UTF_8));
      }
      List<TreeLeaf> leaves = view.leaves(null, Integer.MAX_VALUE);
      TreeMap<String, String> walked = new TreeMap<>();
      leaves.forEach(
          leaf ->
              walked.put(
                  new String(leaf.key(), StandardCharsets.UTF_8),
                  new String(leaf.value(), StandardCharsets.UTF_8)));
      assertEquals(state, walked, "leaves at " + h);
    }
  }

  @Test
  void theRootMatchesTheReferenceRootOverTheWholeStateAfterRandomBlocksAndSurvivesReopen() {
    Path db = dir.resolve("db");
    Chain chain = new Chain(7, 300);
    byte[] root;
    try (RocksStore store = RocksStore.open(db)) {
      for (int block = 0; block < 300; block++) {
        List<Write> writes = chain.nextBlock();
        RocksStore.Pending pending = store.prepare(chain.height, writes);
        assertArrayEquals(Chain.reference(chain.current), pending.appHash(), "height " + block);
        store.commit(pending);
      }
      root = store.lastCommit().appHash();
      assertEquals(chain.expected.size(), store.countTreeNodes());
    }
    try (RocksStore store = RocksStore.open(db)) {
      assertEquals(300, store.lastCommit().height());
      assertArrayEquals(root, store.lastCommit().appHash());
      assertArrayEquals(root, store.appHashAt(300));
      // The next block builds on the reopened tree.
      List<Write> writes = chain.nextBlock();
      assertArrayEquals(
          Chain.reference(chain.current), store.prepare(301, writes).appHash(), "after reopen");
    }
  }

  @Test
  void genesisRootIsTheRootOfItsWritesAlone() {
    List<Write> genesis = List.of(new Write(utf8("a"), utf8("1")), new Write(utf8("b"), utf8("2")));
    assertArrayEquals(
        ReferenceTree.root(
            List.of(new TreeLeaf(utf8("a"), utf8("1")), new TreeLeaf(utf8("b"), utf8("2")))),
        RocksStore.rootOf(genesis));
    assertArrayEquals(TreeHashes.EMPTY, RocksStore.rootOf(List.of()));
  }

  @Test
  void aPendingNotBuiltOnTheLastCommitIsRefused() {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      RocksStore.Pending one = store.prepare(1, List.of(new Write(utf8("a"), utf8("1"))));
      RocksStore.Pending rival = store.prepare(1, List.of(new Write(utf8("a"), utf8("2"))));
      RocksStore.Pending early = store.prepare(2, List.of(new Write(utf8("b"), utf8("1"))));
      store.commit(one);
      assertThrows(IllegalStateException.class, () -> store.commit(rival));
      assertThrows(IllegalStateException.class, () -> store.commit(early));
      assertThrows(IllegalStateException.class, () -> store.commit(one));
      assertEquals(1, store.lastCommit().height());
      assertArrayEquals(one.appHash(), store.lastCommit().appHash());
      assertArrayEquals(utf8("1"), store.get(utf8("a")));
      assertNull(store.get(utf8("b")));
      assertThrows(IllegalArgumentException.class, () -> store.prepare(1, List.of()));
    }
  }

  @Test
  void viewAtReadsEachKeptHeightAndRefusesPrunedAndFutureOnes() {
    try (RocksStore store = RocksStore.open(dir.resolve("db"), 10)) {
      Chain chain = new Chain(3, 40);
      chain.run(store, 30);
      assertEquals(20, store.oldestHeight());
      for (long h = 20; h <= 30; h++) {
        assertHeightReadable(store, chain, h);
        assertArrayEquals(Chain.reference(chain.states.get(h)), store.appHashAt(h));
      }
      // Past the window: refused before pruning even ran, so answers do not depend on timing.
      HeightUnavailableException pruned =
          assertThrows(HeightUnavailableException.class, () -> store.viewAt(19));
      assertEquals(20, pruned.oldest());
      assertEquals(30, pruned.latest());
      assertEquals("height 19 is pruned: this node keeps heights 20..30", pruned.getMessage());
      assertNull(store.appHashAt(19));
      HeightUnavailableException future =
          assertThrows(HeightUnavailableException.class, () -> store.viewAt(31));
      assertEquals("height 31 is above the latest committed height 30", future.getMessage());
      assertThrows(HeightUnavailableException.class, () -> store.viewAt(0));
      try (RocksStore.View past = store.viewAt(25)) {
        assertThrows(HistoricalScanException.class, () -> past.scan(new byte[0], null));
        assertTrue(past.lookup(utf8("k1")) != null);
      }
      try (RocksStore.View latest = store.viewAt(30)) {
        assertEquals(chain.states.get(30L).size(), countScan(latest));
      }
    }
  }

  private static int countScan(RocksStore.View view) {
    int[] count = {0};
    view.scan(new byte[0], null).forEachRemaining(entry -> count[0]++);
    return count[0];
  }

  @Test
  void pruningRemovesExactlyTheStaleNodesAndKeepsLaterVersionsWhole() {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      Chain chain = new Chain(11, 200);
      chain.run(store, 120);
      long before = store.countTreeNodes();
      assertEquals(chain.expected.size(), before);
      long deleted = store.prune(100, 37, Long.MAX_VALUE);
      int expectedDeleted = chain.expected.prune(100);
      assertEquals(expectedDeleted, deleted);
      assertTrue(deleted > 0);
      assertEquals(chain.expected.size(), store.countTreeNodes());
      assertEquals(100, store.oldestHeight());
      for (long h = 100; h <= 120; h++) {
        assertHeightReadable(store, chain, h);
      }
      assertThrows(HeightUnavailableException.class, () -> store.viewAt(99));
      // Pruning again below the same height finds nothing left to delete.
      assertEquals(0, store.prune(100));
    }
  }

  @Test
  void aPruneStoppedBetweenBatchesAndResumedAfterReopenEndsAsAnUninterruptedOne() {
    Path db = dir.resolve("db");
    Chain chain = new Chain(5, 200);
    long firstTwo;
    try (RocksStore store = RocksStore.open(db)) {
      chain.run(store, 80);
      // Two synced batches of 25 nodes, then the process stops (each batch is atomic on disk).
      firstTwo = store.prune(70, 25, 2);
    }
    int expectedDeleted = chain.expected.prune(70);
    assertEquals(50, firstTwo);
    assertTrue(expectedDeleted > 50, "more than the two batches to prune: " + expectedDeleted);
    try (RocksStore store = RocksStore.open(db)) {
      // The raised oldest height was recorded before the first batch.
      assertEquals(70, store.oldestHeight());
      assertEquals(expectedDeleted - firstTwo, store.prune(70));
      assertEquals(chain.expected.size(), store.countTreeNodes());
      for (long h = 70; h <= 80; h++) {
        assertHeightReadable(store, chain, h);
      }
    }
  }

  @Test
  void aStoreWithTheOldIndexOfAnEntryPerNodePrunesThemAlongsideTheNewOnes() throws Exception {
    Path db = dir.resolve("db");
    Chain chain = new Chain(17, 200);
    try (RocksStore store = RocksStore.open(db)) {
      chain.run(store, 40);
    }
    // Rewrites the odd heights' lists as builds before them wrote their index: height ‖ node key.
    int rewritten = 0;
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (StoreOptions options = new StoreOptions(1 << 20);
        RocksDB raw = RocksDB.open(options.db(), db.toString(), options.descriptors(), handles)) {
      ColumnFamilyHandle stale = handles.get(StoreOptions.COLUMN_FAMILIES.indexOf("stale"));
      for (long h = 1; h <= 40; h += 2) {
        byte[] height = ByteBuffer.allocate(8).putLong(h).array();
        byte[] list = raw.get(stale, height);
        if (list == null) {
          continue;
        }
        List<byte[]> nodeKeys = new ArrayList<>();
        RocksStore.parseStaleList(list, nodeKeys, height);
        for (byte[] nodeKey : nodeKeys) {
          raw.put(
              stale,
              ByteBuffer.allocate(8 + nodeKey.length).put(height).put(nodeKey).array(),
              new byte[0]);
        }
        raw.delete(stale, height);
        rewritten++;
      }
    } finally {
      handles.forEach(ColumnFamilyHandle::close);
    }
    assertTrue(rewritten > 10, rewritten + " heights rewritten");
    try (RocksStore store = RocksStore.open(db)) {
      // An odd bound ends on an old-form height; batches of 3 split most versions.
      assertEquals(chain.expected.prune(31), store.prune(31, 3, Long.MAX_VALUE));
      assertEquals(chain.expected.size(), store.countTreeNodes());
      for (long h = 31; h <= 40; h++) {
        assertHeightReadable(store, chain, h);
      }
    }
  }

  @Test
  void aVersionLargerThanABatchIsPrunedInPiecesEachStoppableAndResumedAfterReopen() {
    Path db = dir.resolve("db");
    Chain chain = new Chain(23, 200);
    int expectedDeleted;
    long deleted = 0;
    try (RocksStore store = RocksStore.open(db)) {
      chain.run(store, 50);
      expectedDeleted = chain.expected.prune(45);
      // One node per batch: every version of more than one node is split across batches.
      for (int stops = 0; stops < 5; stops++) {
        deleted += store.prune(45, 1, 3);
      }
    }
    assertEquals(15, deleted, "five stops of three one-node batches");
    try (RocksStore store = RocksStore.open(db)) {
      assertEquals(expectedDeleted - deleted, store.prune(45, 2, Long.MAX_VALUE));
      assertEquals(chain.expected.size(), store.countTreeNodes());
      for (long h = 45; h <= 50; h++) {
        assertHeightReadable(store, chain, h);
      }
      assertEquals(0, store.prune(45));
    }
  }

  @Test
  void aStaleListRoundTripsAndACorruptOneIsRefused() {
    List<byte[]> keys = List.of(new byte[] {1}, new byte[255], new byte[] {7, 8, 9});
    List<byte[]> parsed = new ArrayList<>();
    RocksStore.parseStaleList(RocksStore.staleList(keys), parsed, new byte[8]);
    assertEquals(keys.size(), parsed.size());
    for (int i = 0; i < keys.size(); i++) {
      assertArrayEquals(keys.get(i), parsed.get(i));
    }
    byte[] list = RocksStore.staleList(keys);
    assertThrows(
        StoreException.class,
        () ->
            RocksStore.parseStaleList(
                Arrays.copyOf(list, list.length - 1), new ArrayList<>(), new byte[8]));
    assertThrows(
        StoreException.class,
        () -> RocksStore.parseStaleList(new byte[] {0}, new ArrayList<>(), new byte[8]));
    assertThrows(
        IllegalArgumentException.class, () -> RocksStore.staleList(List.of(new byte[256])));
  }

  @Test
  void viewsTakenBeforeAPruneKeepReadingTheirHeightWhileItRuns() throws Exception {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      Chain chain = new Chain(13, 300);
      chain.run(store, 60);
      List<RocksStore.View> views = new ArrayList<>();
      try {
        for (long h = 1; h <= 60; h += 6) {
          views.add(store.viewAt(h));
        }
        CompletableFuture<Long> prune =
            CompletableFuture.supplyAsync(() -> store.prune(55, 10, Long.MAX_VALUE));
        CompletableFuture<Void> commits = CompletableFuture.runAsync(() -> chain.run(store, 5));
        for (RocksStore.View view : views) {
          TreeMap<String, String> state = chain.states.get(view.height());
          for (int k = 0; k < 300; k++) {
            byte[] value = view.get(utf8("k" + k));
            assertEquals(
                state.get("k" + k),
                value == null ? null : new String(value, StandardCharsets.UTF_8),
                "height " + view.height());
          }
        }
        prune.get();
        commits.get();
        // Even after the prune finished, the views it pruned under still read whole versions.
        for (RocksStore.View view : views) {
          TreeMap<String, String> walked = new TreeMap<>();
          view.leaves(null, Integer.MAX_VALUE)
              .forEach(
                  leaf ->
                      walked.put(
                          new String(leaf.key(), StandardCharsets.UTF_8),
                          new String(leaf.value(), StandardCharsets.UTF_8)));
          assertEquals(chain.states.get(view.height()), walked, "height " + view.height());
        }
      } finally {
        views.forEach(RocksStore.View::close);
      }
      assertThrows(HeightUnavailableException.class, () -> store.viewAt(54));
      assertHeightReadable(store, chain, 55);
    }
  }

  @Test
  void thePrunerFollowsCommitsInTheBackgroundToTheKeepRecentWindow() throws Exception {
    try (RocksStore store = RocksStore.open(dir.resolve("db"), 5)) {
      Chain chain = new Chain(17, 100);
      try (Pruner pruner = Pruner.start(store)) {
        chain.run(store, 40);
        chain.expected.prune(35);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (store.countTreeNodes() != chain.expected.size()) {
          assertTrue(Instant.now().isBefore(deadline), "the pruner did not catch up");
          Thread.onSpinWait();
        }
      }
      assertEquals(35, store.oldestHeight());
      for (long h = 35; h <= 40; h++) {
        assertHeightReadable(store, chain, h);
      }
    }
    try (RocksStore archive = RocksStore.open(dir.resolve("archive"))) {
      assertNull(Pruner.start(archive));
    }
  }

  /**
   * A state-sync restore can land below heights the pruner already handled (a bad snapshot high up
   * was abandoned for an honest lower one): pruning must follow the new history, not stop until the
   * chain passes the old one.
   */
  @Test
  void thePrunerKeepsPruningAfterARestoreToALowerHeight() throws Exception {
    Chain restored = new Chain(2, 100);
    for (int i = 0; i < 10; i++) {
      restored.nextBlock();
    }
    List<io.leasechain.ledger.state.KeyValue> entries = new ArrayList<>();
    restored.current.forEach(
        (k, v) -> entries.add(new io.leasechain.ledger.state.KeyValue(utf8(k), utf8(v))));
    byte[] trusted = Chain.reference(restored.current);
    List<List<Write>> blocks = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      blocks.add(restored.nextBlock());
    }
    try (RocksStore store = RocksStore.open(dir.resolve("db"), 2);
        RocksStore expected = RocksStore.open(dir.resolve("expected"), 2)) {
      try (Pruner pruner = Pruner.start(store)) {
        Chain before = new Chain(1, 100);
        before.run(store, 30);
        before.expected.prune(28);
        awaitTreeNodes(store, before.expected.size());
        for (RocksStore target : List.of(store, expected)) {
          assertEquals(
              StateRestore.Outcome.RESTORED,
              StateRestore.begin(target, 10, trusted, 1).apply(entries));
          for (int i = 0; i < blocks.size(); i++) {
            commit(target, 11 + i, blocks.get(i));
          }
        }
        expected.prune(18);
        awaitTreeNodes(store, expected.countTreeNodes());
      }
    }
  }

  /**
   * A wipe for state sync reuses node keys (version, path) with other contents: a view taken before
   * it still reads the old nodes from its snapshot, and must not leave them in the cache where the
   * new history's blocks would build on them.
   */
  @Test
  void aViewTakenBeforeAWipeLeavesNoneOfItsNodesInTheCache() {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      commit(
          store, 1, List.of(new Write(utf8("a"), utf8("old")), new Write(utf8("b"), utf8("old"))));
      try (RocksStore.View before = store.view()) {
        store.beginRestore();
        assertEquals(0, store.cachedNodeBytes());
        assertArrayEquals(utf8("old"), before.lookup(utf8("a")).found().value());
        assertEquals(0, store.cachedNodeBytes(), "nodes of the wiped history were cached");
      }
    }
  }

  @Test
  void aReopenedStoreWarmsItsCacheWithTheLatestVersionsInternalNodes() throws Exception {
    Path db = dir.resolve("db");
    Chain chain = new Chain(11, 3_000);
    try (RocksStore store = RocksStore.open(db)) {
      chain.run(store, 400);
    }
    long expected = 0;
    List<byte[]> level = List.of(StateTree.rootKey(chain.height));
    while (!level.isEmpty()) {
      List<byte[]> below = new ArrayList<>();
      for (byte[] key : level) {
        byte[] node = chain.expected.get(key);
        expected += key.length + node.length + SlabCache.HEADER;
        below.addAll(StateTree.internalChildKeys(key, node));
      }
      level = below;
    }
    try (RocksStore store = RocksStore.open(db)) {
      assertEquals(0, store.cachedNodeBytes(), "an open alone warms nothing");
      store.startTreeCacheWarmer();
      assertTrue(store.awaitTreeCacheWarmed(Duration.ofSeconds(30)));
      assertEquals(expected, store.cachedNodeBytes(), "not the latest version's internal nodes");
      assertHeightReadable(store, chain, chain.height);
    }
  }

  @Test
  void aTreeCacheLargerThanItsSlabsAddressIsRefusedBeforeTheStoreOpens() {
    assertThrows(IllegalArgumentException.class, () -> new RocksStore.Caches(8_000L << 20, 0, 0));
    new RocksStore.Caches(5_461L << 20, 0, 0);
  }

  /** A warmer reads RocksDB on its own thread: closing or wiping the store must end it first. */
  @Test
  void closingOrWipingAStoreWhileItsCacheWarmsStopsTheWarmerFirst() throws Exception {
    Path db = dir.resolve("db");
    List<Write> writes = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      writes.add(new Write(utf8("lease/" + i), utf8("v" + i)));
    }
    try (RocksStore store = RocksStore.open(db)) {
      commit(store, 1, writes);
    }
    for (int i = 0; i < 20; i++) {
      RocksStore store = RocksStore.open(db);
      store.startTreeCacheWarmer();
      store.close();
    }
    try (RocksStore store = RocksStore.open(db)) {
      store.startTreeCacheWarmer();
      store.beginRestore();
      assertEquals(0, store.cachedNodeBytes(), "the warmer cached nodes of the wiped history");
      assertTrue(store.awaitTreeCacheWarmed(Duration.ZERO), "the warmer outlived the wipe");
      store.wipeRestore();
    }
  }

  @Test
  void aKeyReadAheadHasTheLeafItsInsertSplitsCachedAndChangesNoRoot() {
    Path db = dir.resolve("db");
    Map<String, String> state = new TreeMap<>();
    List<Write> genesis = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      genesis.add(new Write(utf8("k" + i), utf8("v" + i)));
      state.put("k" + i, "v" + i);
    }
    try (RocksStore store = RocksStore.open(db)) {
      commit(store, 1, genesis);
    }
    // A new key whose path ends at another key's leaf (not at an empty slot), found on the same
    // tree in memory.
    InMemoryNodeStore replica = new InMemoryNodeStore();
    List<KeyChange> changes = new ArrayList<>();
    genesis.forEach(w -> changes.add(new KeyChange(w.key(), w.value())));
    replica.write(StateTree.apply(replica, -1, 1, changes));
    String inserted = null;
    for (int i = 0; inserted == null; i++) {
      boolean[] leafRead = {false};
      StateTree.readAhead(
          k -> {
            byte[] node = replica.get(k);
            leafRead[0] |= StateTree.isLeafNode(node);
            return node;
          },
          1,
          utf8("new" + i),
          null,
          false);
      inserted = leafRead[0] ? "new" + i : null;
    }
    try (RocksStore store = RocksStore.open(db)) {
      assertEquals(0, store.treeCacheBytes().leaves(), "a fresh open caches no leaf");
      store.readAhead(utf8(inserted), false);
      Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
      while (store.readAheadPending() > 0) {
        assertTrue(Instant.now().isBefore(deadline), "the read-ahead did not finish");
        Thread.onSpinWait();
      }
      assertTrue(store.treeCacheBytes().internalNodes() > 0, "no internal node was read ahead");
      assertTrue(store.treeCacheBytes().leaves() > 0, "the leaf the insert splits was not read");

      state.put(inserted, "x");
      assertArrayEquals(
          Chain.reference(state),
          commit(store, 2, List.of(new Write(utf8(inserted), utf8("x")))),
          "the root after a read-ahead");
      // Keys still waiting when the store closes are dropped; nothing reads the closed database.
      for (int i = 0; i < 2_000; i++) {
        store.readAhead(utf8("k" + i), i % 3 == 0);
      }
    }
  }

  private static void awaitTreeNodes(RocksStore store, long count) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (store.countTreeNodes() != count) {
      assertTrue(
          Instant.now().isBefore(deadline),
          "the pruner left " + store.countTreeNodes() + " tree nodes, not " + count);
      Thread.onSpinWait();
    }
  }

  @Test
  void historicalReadsOfUnchangedKeysAgreeWithTheLatestState() {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      commit(store, 1, List.of(new Write(utf8("a"), utf8("1")), new Write(utf8("b"), utf8("1"))));
      commit(store, 2, List.of(new Write(utf8("a"), null)));
      try (RocksStore.View one = store.viewAt(1);
          RocksStore.View two = store.viewAt(2)) {
        assertArrayEquals(utf8("1"), one.get(utf8("a")));
        assertNull(two.get(utf8("a")));
        assertTrue(Arrays.equals(one.get(utf8("b")), two.get(utf8("b"))));
        assertTrue(one.lookup(utf8("a")).isPresent());
        assertTrue(!two.lookup(utf8("a")).isPresent());
      }
    }
  }
}
