package io.leasechain.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.commitment.Lookup;
import io.leasechain.ledger.state.Write;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * A block's tree nodes are written behind its commit: until then every reader finds them in memory,
 * and a store copied before the write (as a crash leaves it) rebuilds them from the journal when it
 * opens, node for node.
 */
// A separate thread: a regression would hang in an uninterruptible wait, not fail.
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TreeWriteBehindTest {

  /**
   * A large tree write run beside the next block syncs itself; a small one, or one run on the
   * committing thread (one core), is left to the next commit's sync.
   */
  @Test
  void onlyALargeWriteOffTheCommittingThreadSyncsItself() throws Exception {
    Thread committer = new Thread(() -> {});
    try (WriteBatch large = new WriteBatch();
        WriteBatch small = new WriteBatch()) {
      large.put(new byte[] {1}, new byte[(int) RocksStore.SYNCED_BEHIND_BYTES]);
      small.put(new byte[] {1}, new byte[(int) RocksStore.SYNCED_BEHIND_BYTES / 2]);
      assertTrue(RocksStore.syncsBehind(committer, large));
      assertFalse(RocksStore.syncsBehind(committer, small));
      assertFalse(RocksStore.syncsBehind(Thread.currentThread(), large));
    }
  }

  /**
   * Wired as the rule says: a block's large tree write run on a helper syncs itself, the same write
   * run on the committing thread does not.
   */
  @Test
  void aLargeTreeWriteOnAHelperSyncsItselfAndOneOnTheCommittingThreadDoesNot() {
    List<Write> large = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      large.add(new Write(key(i), new byte[200]));
    }
    ExecutorService helper = Executors.newSingleThreadExecutor();
    HeldWrites inline = new HeldWrites();
    try (RocksStore onHelper = RocksStore.open(dir.resolve("helper"), 0, NO_NODE_CACHE, helper);
        RocksStore onCommitter = RocksStore.open(dir.resolve("inline"), 0, NO_NODE_CACHE, inline);
        HeldWrites released = inline) {
      RocksStoreTest.commit(onHelper, 1, large);
      // The next commit first waits for height 1's write; height 2's is small.
      RocksStoreTest.commit(onHelper, 2, block(2));
      assertEquals(1, onHelper.syncedTreeWrites());
      RocksStoreTest.commit(onCommitter, 1, large);
      inline.runAll();
      assertEquals(0, onCommitter.syncedTreeWrites());
    } finally {
      helper.shutdown();
    }
  }

  // No node cache: every read of the unwritten version must come from the commit's nodes.
  private static final RocksStore.Caches NO_NODE_CACHE =
      new RocksStore.Caches(0, StoreOptions.DEFAULT_BLOCK_CACHE_BYTES, 0);

  @TempDir Path dir;

  /**
   * Holds tree writes until the test runs them; closed before its store, it runs what is left, so
   * that a failing test ends instead of closing a store that waits for a held write.
   */
  private static final class HeldWrites implements Executor, AutoCloseable {
    private final Deque<Runnable> held = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable write) {
      held.add(write);
    }

    synchronized int size() {
      return held.size();
    }

    void runAll() {
      Runnable next;
      while ((next = poll()) != null) {
        next.run();
      }
    }

    private synchronized Runnable poll() {
      return held.poll();
    }

    @Override
    public void close() {
      runAll();
    }
  }

  private static byte[] key(int id) {
    return ByteBuffer.allocate(5).put((byte) 0x42).putInt(id).array();
  }

  private static byte[] value(long height, int id) {
    return ByteBuffer.allocate(16).putLong(height).putLong(id * 7919L).array();
  }

  /** Block {@code height}: puts 40 keys, some new and some rewritten, and deletes one. */
  private static List<Write> block(long height) {
    List<Write> writes = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      int id = (int) (height * 23 + i * 5) % 150;
      if (writes.stream().noneMatch(w -> java.util.Arrays.equals(w.key(), key(id)))) {
        writes.add(new Write(key(id), value(height, id)));
      }
    }
    if (height > 2) {
      int gone = (int) (height * 31) % 150;
      writes.removeIf(w -> java.util.Arrays.equals(w.key(), key(gone)));
      writes.add(new Write(key(gone), null));
    }
    return writes;
  }

  private static byte[] commit(RocksStore store, long height) {
    return RocksStoreTest.commit(store, height, block(height));
  }

  @Test
  void aCommittedVersionIsReadFromMemoryUntilItsTreeIsWritten() {
    byte[][] roots = new byte[7][];
    HeldWrites writes = new HeldWrites();
    try (RocksStore reference = RocksStore.open(dir.resolve("reference"));
        RocksStore store = RocksStore.open(dir.resolve("behind"), 0, NO_NODE_CACHE, writes);
        HeldWrites released = writes) {
      for (long height = 1; height <= 6; height++) {
        roots[(int) height] = commit(reference, height);
        assertArrayEquals(roots[(int) height], commit(store, height), "root at " + height);
        assertEquals(1, writes.size(), "height " + height + "'s tree write is held");
        Write some = block(height).get(0);
        try (RocksStore.View view = store.view()) {
          Lookup found = view.lookup(some.key());
          assertTrue(found.isPresent(), "key of height " + height + " in the unwritten version");
          assertArrayEquals(some.value(), found.found().value());
          assertArrayEquals(roots[(int) height], view.appHash());
          if (height > 1) {
            assertArrayEquals(roots[(int) height - 1], view.appHashAt(height - 1));
          }
          // The next block is prepared on the unwritten version; the write lands meanwhile, and
          // a view taken before it still reads the version.
          RocksStore.Pending next = store.prepare(height + 1, block(height + 1));
          writes.runAll();
          assertArrayEquals(some.value(), view.lookup(some.key()).found().value());
          assertArrayEquals(
              reference.prepare(height + 1, block(height + 1)).appHash(), next.appHash());
        }
      }
      writes.runAll();
      assertEquals(reference.countTreeNodes(), store.countTreeNodes());
    }
  }

  @Test
  void anOpenAfterACrashBeforeTheTreeWriteRebuildsItFromTheJournal() throws Exception {
    Path live = dir.resolve("live");
    Path crashed = dir.resolve("crashed");
    byte[] root;
    long nodes;
    HeldWrites writes = new HeldWrites();
    try (RocksStore store = RocksStore.open(live, 0, NO_NODE_CACHE, writes);
        HeldWrites released = writes) {
      for (long height = 1; height <= 4; height++) {
        commit(store, height);
        writes.runAll();
      }
      root = commit(store, 5);
      assertEquals(1, writes.size());
      // Nothing writes while height 5's tree write is held: the files are what kill -9 would leave.
      copy(live, crashed);
      writes.runAll();
      nodes = store.countTreeNodes();
    }
    RocksStore.open(crashed).close();
    assertEquals(
        entries(live), entries(crashed), "every column family, byte for byte, after the rebuild");
    try (RocksStore store = RocksStore.open(crashed)) {
      assertEquals(5, store.lastCommit().height());
      assertArrayEquals(root, store.appHashAt(5));
      assertEquals(nodes, store.countTreeNodes(), "the rebuilt version is the written one");
      for (Write write : block(5)) {
        try (RocksStore.View view = store.view()) {
          Lookup lookup = view.lookup(write.key());
          if (write.isDelete()) {
            assertNull(lookup.found(), "deleted at 5");
          } else {
            assertArrayEquals(write.value(), lookup.found().value());
          }
        }
      }
      byte[] after = commit(store, 6);
      try (RocksStore reference = RocksStore.open(live)) {
        assertArrayEquals(commit(reference, 6), after, "both go on alike");
      }
    }
    // The journal is gone once the version is rebuilt: a third open has nothing to do.
    try (RocksStore store = RocksStore.open(crashed)) {
      assertEquals(6, store.lastCommit().height());
      assertArrayEquals(store.lastCommit().appHash(), store.appHashAt(6));
    }
  }

  @Test
  void aFailedTreeWriteStopsTheNextCommitAndTheRestartRebuildsIt() {
    AtomicInteger writes = new AtomicInteger();
    Executor thirdFails =
        write -> {
          if (writes.incrementAndGet() == 3) {
            throw new RejectedExecutionException("no thread for the tree write");
          }
          write.run();
        };
    Path db = dir.resolve("db");
    byte[] third;
    try (RocksStore store = RocksStore.open(db, 0, NO_NODE_CACHE, thirdFails)) {
      commit(store, 1);
      commit(store, 2);
      assertFalse(store.treeWriteFailed());
      third = commit(store, 3);
      assertTrue(store.treeWriteFailed(), "the gauge's source shows the failure");
      // Height 3 is committed and stays readable from memory; nothing may be built on it.
      try (RocksStore.View view = store.view()) {
        Write some = block(3).get(0);
        assertArrayEquals(some.value(), view.lookup(some.key()).found().value());
      }
      RocksStore.Pending fourth = store.prepare(4, block(4));
      StoreException refused = assertThrows(StoreException.class, () -> store.commit(fourth));
      assertTrue(refused.getMessage().contains("height 3 was not written"), refused.getMessage());
      assertEquals(3, store.lastCommit().height());
      // A prune refuses too rather than work on a tree missing a version.
      assertThrows(StoreException.class, () -> store.prune(2));
    }
    try (RocksStore store = RocksStore.open(db);
        RocksStore reference = RocksStore.open(dir.resolve("reference"))) {
      for (long height = 1; height <= 3; height++) {
        commit(reference, height);
      }
      assertEquals(3, store.lastCommit().height());
      assertArrayEquals(third, store.appHashAt(3));
      assertArrayEquals(commit(reference, 4), commit(store, 4), "the rebuilt store goes on");
      assertEquals(reference.countTreeNodes(), store.countTreeNodes());
    }
  }

  /** Every entry of every column family, in order, as hex; the store must be closed. */
  private static List<String> entries(Path path) throws RocksDBException {
    List<String> out = new ArrayList<>();
    HexFormat hex = HexFormat.of();
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (StoreOptions options = new StoreOptions(1 << 20);
        RocksDB db =
            RocksDB.openReadOnly(options.db(), path.toString(), options.descriptors(), handles)) {
      for (int family = 0; family < handles.size(); family++) {
        try (RocksIterator entry = db.newIterator(handles.get(family))) {
          for (entry.seekToFirst(); entry.isValid(); entry.next()) {
            out.add(family + " " + hex.formatHex(entry.key()) + " " + hex.formatHex(entry.value()));
          }
          entry.status();
        }
      }
    } finally {
      handles.forEach(ColumnFamilyHandle::close);
    }
    assertTrue(out.size() > 100, path + " holds " + out.size() + " entries");
    return out;
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
  }
}
