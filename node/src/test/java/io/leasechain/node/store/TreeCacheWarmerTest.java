package io.leasechain.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.commitment.InMemoryNodeStore;
import io.leasechain.commitment.KeyChange;
import io.leasechain.commitment.StateTree;
import io.leasechain.commitment.TreeBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rocksdb.RocksDBException;

/** The warmer's walk, its budget, and how it ends: over an in-memory tree and a real cache. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TreeCacheWarmerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final InMemoryNodeStore tree = new InMemoryNodeStore();

  /** Version 1 over {@code keys} keys, version 2 changing a tenth of them. */
  private void twoVersions(int keys) {
    List<KeyChange> first = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      first.add(new KeyChange(utf8("lease/" + i), utf8("v" + i)));
    }
    tree.write(StateTree.apply(tree, -1, 1, first));
    List<KeyChange> second = new ArrayList<>();
    for (int i = 0; i < keys / 10; i++) {
      second.add(new KeyChange(utf8("lease/" + i * 7), i % 2 == 0 ? null : utf8("w" + i)));
    }
    TreeBatch batch = StateTree.apply(tree, 1, 2, second);
    tree.write(batch);
  }

  /** Every internal node of {@code version}, from the root down. */
  private List<byte[]> internalNodeKeys(long version) {
    List<byte[]> all = new ArrayList<>();
    List<byte[]> level = List.of(StateTree.rootKey(version));
    while (!level.isEmpty()) {
      all.addAll(level);
      List<byte[]> below = new ArrayList<>();
      for (byte[] key : level) {
        below.addAll(StateTree.internalChildKeys(key, tree.get(key)));
      }
      level = below;
    }
    return all;
  }

  private TreeCacheWarmer.Reader counting(AtomicInteger keysRead) {
    return keys -> {
      keysRead.addAndGet(keys.size());
      List<byte[]> nodes = new ArrayList<>(keys.size());
      keys.forEach(key -> nodes.add(tree.get(key)));
      return nodes;
    };
  }

  @Test
  void readsEveryInternalNodeOfTheVersionOnceAndNoLeaf() throws Exception {
    twoVersions(20_000);
    List<byte[]> expected = internalNodeKeys(2);
    NodeCache cache = new NodeCache(1L << 30);
    AtomicInteger read = new AtomicInteger();

    TreeCacheWarmer warmer = TreeCacheWarmer.start(2, cache, counting(read));

    assertTrue(warmer.await(WAIT));
    assertEquals(expected.size(), read.get(), "each internal node read once, no leaf");
    long bytes = 0;
    for (byte[] key : expected) {
      byte[] cached = cache.get(key);
      assertNotNull(cached, "an internal node of the version was not cached");
      bytes += key.length + cached.length + SlabCache.HEADER;
    }
    assertEquals(bytes, cache.bytes(), "the cache holds the version's internal nodes only");
  }

  @Test
  void aNodePrunedMeanwhileIsSkippedAndTheRestStillWarmed() throws Exception {
    twoVersions(20_000);
    byte[] root = StateTree.rootKey(2);
    byte[] gone = StateTree.internalChildKeys(root, tree.get(root)).get(3);
    // Every internal node but the pruned one and those below it.
    List<byte[]> expected = new ArrayList<>();
    List<byte[]> level = List.of(root);
    while (!level.isEmpty()) {
      List<byte[]> below = new ArrayList<>();
      for (byte[] key : level) {
        if (!java.util.Arrays.equals(key, gone)) {
          expected.add(key);
          below.addAll(StateTree.internalChildKeys(key, tree.get(key)));
        }
      }
      level = below;
    }
    NodeCache cache = new NodeCache(1L << 30);
    TreeCacheWarmer.Reader reader =
        keys -> {
          List<byte[]> nodes = new ArrayList<>();
          keys.forEach(key -> nodes.add(java.util.Arrays.equals(key, gone) ? null : tree.get(key)));
          return nodes;
        };

    TreeCacheWarmer warmer = TreeCacheWarmer.start(2, cache, reader);

    assertTrue(warmer.await(WAIT));
    long bytes = 0;
    for (byte[] key : expected) {
      byte[] cached = cache.get(key);
      assertNotNull(cached, "a node beside the pruned one was not warmed");
      bytes += key.length + cached.length + SlabCache.HEADER;
    }
    assertEquals(bytes, cache.bytes());
  }

  @Test
  void stopsAtNineTenthsOfItsShareWithTheUpperLevelsKept() throws Exception {
    twoVersions(20_000);
    List<byte[]> expected = internalNodeKeys(2);
    // A fifth of the version's internal nodes fit in the internal share (three quarters).
    long share = expected.size() / 5 * (long) (SlabCache.HEADER + 200);
    NodeCache cache = new NodeCache(share * 4 / 3);
    long room = cache.internalRoom();

    TreeCacheWarmer warmer = TreeCacheWarmer.start(2, cache, counting(new AtomicInteger()));

    assertTrue(warmer.await(WAIT));
    assertTrue(cache.internalRoom() <= room / 10, "stopped early: " + cache.internalRoom());
    assertTrue(cache.internalRoom() > 0, "filled its share, so the cache evicted");
    // Nothing evicted: the first level walked, all of it, is still there.
    for (byte[] key : expected.subList(0, 17)) {
      assertNotNull(cache.get(key), "an upper-level node was evicted");
    }
  }

  @Test
  void aWipeWhileItReadsLeavesNothingInTheCache() throws Exception {
    twoVersions(20_000);
    NodeCache cache = new NodeCache(1L << 30);
    AtomicInteger calls = new AtomicInteger();
    TreeCacheWarmer.Reader reader =
        keys -> {
          calls.incrementAndGet();
          // What a state-sync wipe does to the cache while a read is under way.
          cache.clear();
          List<byte[]> nodes = new ArrayList<>();
          keys.forEach(key -> nodes.add(tree.get(key)));
          return nodes;
        };

    TreeCacheWarmer warmer = TreeCacheWarmer.start(2, cache, reader);

    assertTrue(warmer.await(WAIT));
    assertEquals(0, cache.bytes(), "nodes of the wiped history were cached");
    assertEquals(1, calls.get(), "it went on reading after the wipe");
  }

  @Test
  void stopWaitsForTheReadUnderWayAndNoReadStartsAfterIt() throws Exception {
    twoVersions(20_000);
    NodeCache cache = new NodeCache(1L << 30);
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    TreeCacheWarmer.Reader reader =
        keys -> {
          calls.incrementAndGet();
          reading.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          List<byte[]> nodes = new ArrayList<>();
          keys.forEach(key -> nodes.add(tree.get(key)));
          return nodes;
        };
    TreeCacheWarmer warmer = TreeCacheWarmer.start(2, cache, reader);
    assertTrue(reading.await(30, TimeUnit.SECONDS));

    Thread stopper = new Thread(warmer::stop, "stopper");
    stopper.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (stopper.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(Thread.State.WAITING, stopper.getState(), "stop returned during a read");
    release.countDown();
    stopper.join(TimeUnit.SECONDS.toMillis(30));

    assertFalse(stopper.isAlive(), "stop did not return once the read ended");
    assertEquals(1, calls.get(), "a read started after stop");
    assertTrue(warmer.await(Duration.ZERO));
  }

  @Test
  void aFailedReadEndsItWithTheCacheAsItWas() throws Exception {
    twoVersions(2_000);
    NodeCache cache = new NodeCache(1L << 30);
    TreeCacheWarmer.Reader failing =
        keys -> {
          throw new RocksDBException("disk gone");
        };

    TreeCacheWarmer warmer = TreeCacheWarmer.start(2, cache, failing);

    assertTrue(warmer.await(WAIT));
    assertEquals(0, cache.bytes());
    assertNull(cache.get(StateTree.rootKey(2)));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
