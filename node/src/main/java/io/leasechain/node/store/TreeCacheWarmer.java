package io.leasechain.node.store;

import io.leasechain.commitment.StateTree;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a committed version's internal tree nodes into the node cache, on a thread of its own,
 * after the node starts: one level at a time from the root, until the version is walked or nine
 * tenths of the room in the internal nodes' share is used. Without it a started node's blocks read
 * the lower nodes of their paths from disk until their own reads have filled the cache; at a
 * million leases that is about 4,100 reads a block, for about a thousand blocks (BENCHMARKS.md,
 * session 14).
 */
final class TreeCacheWarmer {

  /** Node keys read from RocksDB in one call: what a stop may have to wait for. */
  static final int BATCH = 256;

  /**
   * The fewest bytes the cache takes for an internal node: the shortest key below the root, one
   * occupied slot, the cache's entry header.
   */
  private static final long SMALLEST_NODE = 10 + 5 + 40 + SlabCache.HEADER;

  private static final Logger LOG = LoggerFactory.getLogger(TreeCacheWarmer.class);

  /** Reads nodes by key: the node under each key, or null where there is none (pruned). */
  interface Reader {
    List<byte[]> read(List<byte[]> nodeKeys) throws RocksDBException;
  }

  private final long version;
  private final NodeCache cache;
  private final long generation;
  private final Reader reader;
  private final CountDownLatch ended = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean stopped;

  private TreeCacheWarmer(long version, NodeCache cache, Reader reader) {
    this.version = version;
    this.cache = cache;
    // Taken before any read: a wipe after it makes every put of this warmer a no-op.
    this.generation = cache.generation();
    this.reader = reader;
    this.thread = new Thread(this::run, "state-tree-cache-warmer");
    thread.setDaemon(true);
  }

  /** Starts warming the cache with {@code version}'s internal nodes. */
  static TreeCacheWarmer start(long version, NodeCache cache, Reader reader) {
    TreeCacheWarmer warmer = new TreeCacheWarmer(version, cache, reader);
    warmer.thread.start();
    return warmer;
  }

  /**
   * Stops the warmer and waits until it no longer reads: the store may close once this returns. An
   * interrupt is kept for the caller, not acted on halfway.
   */
  void stop() {
    stopped = true;
    boolean interrupted = false;
    while (true) {
      try {
        ended.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits up to {@code timeout} for the warmer to end; true if it has. */
  boolean await(Duration timeout) throws InterruptedException {
    return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** What one walk did, for its log line. */
  private static final class Progress {
    long nodes;
    long bytes;
    long absent;
    int levels;
    // A level's keys were left out for want of room.
    boolean cut;
    // Stays so only if an Error ends the walk; the thread then reports it too.
    String outcome = "stopped by an error";
  }

  private void run() {
    long started = System.nanoTime();
    Progress progress = new Progress();
    boolean failed = false;
    try {
      progress.outcome = walk(progress);
    } catch (RocksDBException | RuntimeException e) {
      failed = true;
      progress.outcome = "stopped by a failed read: " + e;
    } finally {
      try {
        String line =
            "state tree cache warmed from height {}: {} internal nodes ({} MiB), {} levels in full,"
                + " {} pruned meanwhile, in {} ms; {}";
        Object[] args = {
          version,
          progress.nodes,
          progress.bytes >> 20,
          progress.levels,
          progress.absent,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
          progress.outcome
        };
        if (failed) {
          LOG.warn(line, args);
        } else {
          LOG.info(line, args);
        }
      } finally {
        // Whatever happened above: close and wipe wait on this.
        ended.countDown();
      }
    }
  }

  /** Walks the version level by level; returns why it stopped. */
  private String walk(Progress progress) throws RocksDBException {
    // A tenth of the room stays for the nodes that blocks write and read meanwhile.
    long reserve = cache.internalRoom() / 10;
    Level level = new Level(StateTree.rootKey(version).length);
    level.add(StateTree.rootKey(version));
    // Whether this level holds every key of its depth (none left out for want of room).
    boolean whole = true;
    while (level.size() > 0) {
      boolean cut = false;
      // No more keys of the next level than the room left could hold.
      long wanted = Math.max(0, cache.internalRoom() - reserve) / SMALLEST_NODE;
      Level below = null;
      for (int from = 0; from < level.size(); from += BATCH) {
        if (stopped || cache.generation() != generation) {
          return "stopped (the node stopped, or its cache was cleared)";
        }
        List<byte[]> keys = level.keys(from, Math.min(level.size(), from + BATCH));
        List<byte[]> read = reader.read(keys);
        for (int i = 0; i < keys.size(); i++) {
          byte[] node = read.get(i);
          // Pruned since it was found: its replacement is in a newer version than this walk's.
          if (node == null) {
            progress.absent++;
            continue;
          }
          // Checked per node: filling the share would evict the upper levels put first.
          if (cache.internalRoom() <= reserve) {
            return "its share of tree_cache_mb is full";
          }
          cache.put(keys.get(i), node, generation);
          progress.nodes++;
          progress.bytes += SlabCache.HEADER + keys.get(i).length + node.length;
          List<byte[]> children = StateTree.internalChildKeys(keys.get(i), node);
          if (!children.isEmpty() && (below == null || below.size() < wanted)) {
            if (below == null) {
              below = new Level(children.get(0).length);
            }
            children.forEach(below::add);
          } else if (!children.isEmpty()) {
            cut = true;
          }
        }
      }
      if (progress.nodes == 0) {
        return "its root is not on disk (pruned)";
      }
      if (whole) {
        progress.levels++;
      }
      whole = !cut;
      progress.cut |= cut;
      level = below == null ? new Level(0) : below;
    }
    return progress.cut ? "walked what the room could hold" : "walked the whole version";
  }

  /** One level's node keys, all of one length, packed in one array rather than one each. */
  private static final class Level {
    private final int keyLength;
    private byte[] keys = new byte[0];
    private int size;

    Level(int keyLength) {
      this.keyLength = keyLength;
    }

    int size() {
      return size;
    }

    void add(byte[] key) {
      if (key.length != keyLength) {
        throw new IllegalStateException("node keys of one level differ in length");
      }
      if ((size + 1) * keyLength > keys.length) {
        keys = Arrays.copyOf(keys, Math.max(64 * keyLength, keys.length * 2));
      }
      System.arraycopy(key, 0, keys, size * keyLength, keyLength);
      size++;
    }

    List<byte[]> keys(int from, int to) {
      List<byte[]> out = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        out.add(Arrays.copyOfRange(keys, i * keyLength, (i + 1) * keyLength));
      }
      return out;
    }
  }
}
