package io.leasechain.node.store;

import io.leasechain.commitment.InnerHashes;
import io.leasechain.commitment.KeyChange;
import io.leasechain.commitment.Lookup;
import io.leasechain.commitment.NodeStore;
import io.leasechain.commitment.StateTree;
import io.leasechain.commitment.TreeBatch;
import io.leasechain.commitment.TreeDraft;
import io.leasechain.commitment.TreeLeaf;
import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.state.Write;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.LogFile;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;
import org.rocksdb.WalFileType;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's committed state in RocksDB. Ledger keys live in the default column family (the latest
 * state, for fast reads and scans); the state tree's nodes, versioned by height, live in "tree" and
 * its root after a block is that block's app hash; "stale" indexes the tree nodes each height
 * replaced, by that height, so pruning finds them without walking the tree; the node's own
 * bookkeeping (last commit, oldest kept height) lives in "meta". A block's writes, its bookkeeping
 * and a journal of its writes go to disk in one synced WriteBatch, so a crash leaves either all of
 * a block or none of it; its tree nodes and stale-index entries are written behind, on a tree
 * helper, while the next block executes, and read from memory until then. The write behind removes
 * the journal; an open that finds one rebuilds that tree version from it.
 */
public final class RocksStore implements AutoCloseable, ReadableState {

  /** Default memory for cached state values (app.toml {@code [state] state_cache_mb}). */
  public static final long DEFAULT_STATE_CACHE_BYTES = 64L << 20;

  /** Default memory for cached tree nodes (app.toml {@code [state] tree_cache_mb}). */
  public static final long DEFAULT_NODE_CACHE_BYTES = 256L << 20;

  /**
   * Stale nodes deleted per prune batch, with the index entries it finishes: a version with more
   * nodes than a batch has room for is split across batches.
   */
  static final int PRUNE_BATCH = 10_000;

  /**
   * A tree write behind a commit, run off the committing thread, of at least this many bytes syncs
   * the WAL itself (syncsBehind).
   */
  static final long SYNCED_BEHIND_BYTES = 256L << 10;

  private static final byte[] LAST_COMMIT = "last_commit".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OLDEST = "oldest_height".getBytes(StandardCharsets.UTF_8);
  private static final byte[] TREE_JOURNAL = "tree_journal".getBytes(StandardCharsets.UTF_8);
  private static final Logger LOG = LoggerFactory.getLogger(RocksStore.class);
  private static final byte[] EMPTY_VALUE = new byte[0];

  static {
    RocksDB.loadLibrary();
  }

  private final StoreOptions options;
  private final RocksDB db;
  private final ColumnFamilyHandle state;
  private final ColumnFamilyHandle meta;
  private final ColumnFamilyHandle tree;
  private final ColumnFamilyHandle stale;
  private final WriteOptions syncWrites;
  // Not synced: the next commit's synced write takes it to disk, and until then the journal does
  // (unless the write syncs itself: syncsBehind).
  private final WriteOptions behindWrites;
  // Tree writes behind a commit that synced themselves, for tests.
  private final AtomicLong syncedTreeWrites = new AtomicLong();
  private final NodeCache nodeCache;
  // What the updates of this store's versions keep of their nodes' binary subtrees.
  private final InnerHashes innerHashes = new InnerHashes();
  private final StateCache stateCache;
  // A block's tree update is shared with one helper thread per other core: the tree is most of a
  // block's commit work at a large state. Threads start at the first update that needs them.
  private final int treeHelperThreads = Math.max(0, Runtime.getRuntime().availableProcessors() - 1);
  private final ExecutorService treeHelpers = treeHelpers(treeHelperThreads);
  private final Executor treeWriter;

  /**
   * The last commit's tree write while it may still be under way. Set before the commit's synced
   * write and cleared after the tree write, both under this lock, which a view also holds while it
   * takes its snapshot: a snapshot that lacks a committed version's nodes comes with them.
   */
  private final Object behindLock = new Object();

  private Behind behind;
  private final long keepRecent;
  private final Object writeLock = new Object();
  private volatile Commit last;
  private volatile long oldestStored;

  /**
   * Held by each prune batch and by every wipe, not by commits: a prune batch reads the stale index
   * and deletes what it names with no wipe in between, and a prune started before a wipe stops
   * rather than delete by the old history's index in the new one ({@link #wipes}).
   */
  private final Object pruneLock = new Object();

  /** How many times a state-sync wipe emptied the store; guarded by pruneLock. */
  private long wipes;

  private volatile Runnable onCommit = () -> {};

  private final TreeReadAhead readAhead = new TreeReadAhead(this::walkAhead);
  private final TreeDrafter drafter = new TreeDrafter();
  private final boolean readsAhead;

  // The warmer's reads leave RocksDB's block cache to the blocks' own reads.
  private final ReadOptions warmReads = new ReadOptions().setFillCache(false);
  private final Object warmerLock = new Object();
  // Null until started, and when there was nothing to warm; guarded by warmerLock.
  private TreeCacheWarmer warmer;
  // Set by close: no warmer starts after it; guarded by warmerLock.
  private boolean closing;

  /** The last committed block: its height and the app hash after it (empty before genesis). */
  public record Commit(long height, byte[] appHash) {

    /** The tree version of this commit: its height, or -1 (the empty tree) before genesis. */
    long treeVersion() {
      return height == 0 ? -1 : height;
    }
  }

  /**
   * A committed version's tree nodes, readable here until {@code written} completes. Indexed on the
   * first read only: the node cache holds them too, unless it evicted some.
   */
  private static final class Behind {
    private final long height;
    private final List<TreeBatch.Node> nodes;
    private final CompletableFuture<Void> written = new CompletableFuture<>();
    private volatile NavigableMap<byte[], byte[]> byKey;

    Behind(long height, List<TreeBatch.Node> nodes) {
      this.height = height;
      this.nodes = nodes;
    }

    /** The node under {@code nodeKey} if it is one of these (same version), else null. */
    byte[] node(byte[] nodeKey) {
      if (StateTree.versionOf(nodeKey) != height) {
        return null;
      }
      NavigableMap<byte[], byte[]> index = byKey;
      if (index == null) {
        synchronized (this) {
          index = byKey;
          if (index == null) {
            index = new TreeMap<>(Arrays::compareUnsigned);
            for (TreeBatch.Node node : nodes) {
              index.put(node.key(), node.value());
            }
            byKey = index;
          }
        }
      }
      return index.get(nodeKey);
    }
  }

  /**
   * A block's tree version computed on top of the commit it was built on, not yet written; {@link
   * #commit} writes it unless another commit came first.
   */
  public static final class Pending {
    private final Commit base;
    private final long baseVersion;
    private final long height;
    private final List<Write> writes;
    private final TreeBatch batch;
    private final boolean drafted;

    private Pending(
        Commit base,
        long baseVersion,
        long height,
        List<Write> writes,
        TreeBatch batch,
        boolean drafted) {
      this.base = base;
      this.baseVersion = baseVersion;
      this.height = height;
      this.writes = List.copyOf(writes);
      this.batch = batch;
      this.drafted = drafted;
    }

    /** Whether the tree version was finished from a draft (for tests). */
    boolean drafted() {
      return drafted;
    }

    public long height() {
      return height;
    }

    /** The root of the state tree after this block: its app hash. */
    public byte[] appHash() {
      return batch.rootHash().clone();
    }

    /** The state writes this block commits. */
    public List<Write> writes() {
      return writes;
    }
  }

  private RocksStore(Path directory, long keepRecent, Caches caches, Executor treeWriter)
      throws RocksDBException {
    options = new StoreOptions(caches.blockBytes());
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      db = RocksDB.open(options.db(), directory.toString(), options.descriptors(), handles);
    } catch (RocksDBException e) {
      options.close();
      throw e;
    }
    state = handles.get(0);
    meta = handles.get(1);
    tree = handles.get(2);
    stale = handles.get(3);
    syncWrites = new WriteOptions().setSync(true);
    behindWrites = new WriteOptions();
    this.treeWriter = treeWriter == null ? this::beside : treeWriter;
    nodeCache = new NodeCache(caches.nodeBytes());
    readsAhead = caches.nodeBytes() > 0;
    stateCache = new StateCache(caches.stateBytes());
    this.keepRecent = keepRecent;
    try {
      last = decodeCommit(db.get(meta, LAST_COMMIT));
      oldestStored = decodeHeight(db.get(meta, OLDEST));
      recoverInterruptedRestore();
      recoverTree();
    } catch (RocksDBException | RuntimeException e) {
      // Refused to open: RocksDB's lock goes, so that a retry in this process may open it.
      release();
      throw e;
    }
  }

  /**
   * Starts warming the tree cache with the latest height's internal nodes on a thread of its own
   * ({@code TreeCacheWarmer}); once per store, and only by the node it runs (not by tools that open
   * a store for a moment). Nothing to warm at height 0 or without a tree cache.
   */
  public void startTreeCacheWarmer() {
    long version;
    synchronized (behindLock) {
      // A version still written behind its commit is not on disk yet; the one before it is, and
      // shares nearly every node with it.
      version = behind != null ? behind.height - 1 : last.height();
    }
    synchronized (warmerLock) {
      if (warmer == null && !closing && version > 0 && nodeCache.internalRoom() > 0) {
        warmer = TreeCacheWarmer.start(version, nodeCache, this::readNodes);
      }
    }
  }

  /** Opens (or creates) an archive store: every committed height stays queryable. */
  public static RocksStore open(Path directory) {
    return open(directory, 0);
  }

  /**
   * Opens (or creates) the store; with {@code keepRecent > 0} only heights {@code latest -
   * keepRecent} and above are queryable, and {@link #prune} may drop the older versions.
   */
  public static RocksStore open(Path directory, long keepRecent) {
    return open(directory, keepRecent, DEFAULT_NODE_CACHE_BYTES);
  }

  /** As {@link #open(Path, long)}, keeping up to {@code nodeCacheBytes} of tree nodes in memory. */
  public static RocksStore open(Path directory, long keepRecent, long nodeCacheBytes) {
    return open(
        directory,
        keepRecent,
        new Caches(
            nodeCacheBytes, StoreOptions.DEFAULT_BLOCK_CACHE_BYTES, DEFAULT_STATE_CACHE_BYTES));
  }

  /**
   * The store's memory, in bytes: decoded tree nodes ({@code [state] tree_cache_mb}), RocksDB's
   * blocks ({@code block_cache_mb}) and committed state values ({@code state_cache_mb}).
   */
  public record Caches(long nodeBytes, long blockBytes, long stateBytes) {
    public Caches {
      if (nodeBytes < 0 || blockBytes < 0 || stateBytes < 0) {
        throw new IllegalArgumentException("cache sizes must be >= 0 bytes");
      }
      // Checked here, before the store opens anything: the internal nodes' share is three quarters.
      if (nodeBytes - nodeBytes / 4 > SlabCache.MAX_CAPACITY) {
        throw new IllegalArgumentException(
            "the tree cache's internal three quarters must fit in "
                + SlabCache.MAX_CAPACITY
                + " bytes, not "
                + (nodeBytes - nodeBytes / 4));
      }
    }
  }

  /** As {@link #open(Path, long)}, with the given memory for its caches. */
  public static RocksStore open(Path directory, long keepRecent, Caches caches) {
    return open(directory, keepRecent, caches, null);
  }

  /** As above, writing trees behind commits on {@code treeWriter} (null: the tree helpers). */
  static RocksStore open(Path directory, long keepRecent, Caches caches, Executor treeWriter) {
    if (keepRecent < 0) {
      throw new IllegalArgumentException("keep_recent must be >= 0, not " + keepRecent);
    }
    try {
      Files.createDirectories(directory);
      return new RocksStore(directory, keepRecent, caches, treeWriter);
    } catch (RocksDBException | java.io.IOException e) {
      throw new StoreException(
          "cannot open state database at " + directory + ": " + e.getMessage(), e);
    }
  }

  public Commit lastCommit() {
    return last;
  }

  /** How many heights below the latest stay queryable; 0: all of them (archive). */
  public long keepRecent() {
    return keepRecent;
  }

  /**
   * The lowest height still queryable: the first committed height on an archive node, else no lower
   * than {@code latest - keepRecent}; 0 before the first commit.
   */
  public long oldestHeight() {
    return oldestOf(last.height(), oldestStored);
  }

  private long oldestOf(long latest, long stored) {
    return keepRecent == 0 ? stored : Math.max(stored, latest - keepRecent);
  }

  /** The app hash (tree root) after {@code height}, or null if that height is not kept. */
  public byte[] appHashAt(long height) {
    try (View view = view()) {
      return view.appHashAt(height);
    }
  }

  /** The root of a tree holding only {@code writes} (deletes ignored): the app hash of genesis. */
  public static byte[] rootOf(List<Write> writes) {
    // Built from the empty tree, so nothing is ever read from the store.
    return StateTree.apply(nodeKey -> null, -1, 0, changes(writes, key -> null)).rootHash();
  }

  /**
   * Computes the tree version {@code height} with {@code writes} (one per key) applied to the last
   * commit, without writing anything.
   */
  public Pending prepare(long height, List<Write> writes) {
    Commit base = last;
    if (height <= base.height()) {
      throw new IllegalArgumentException(
          "cannot prepare height " + height + " over committed height " + base.height());
    }
    // What still waits to be read ahead is this update's to read now, or a later block's.
    readAhead.clear();
    long baseVersion = base.treeVersion();
    // The cached old value lets the tree skip reading the key's leaf; it is checked against the
    // leaf's hash, so a stale one would only cost that read.
    TreeBatch batch = onLatest(baseVersion, height, changes(writes, stateCache::present));
    return new Pending(base, baseVersion, height, writes, batch, false);
  }

  /**
   * Starts drafting the tree version {@code height} on top of the last commit from the writes the
   * block reports while it runs, on a thread of its own ({@link BlockDraft}); {@link #prepare(long,
   * List, BlockDraft)} finishes it. Ends the draft before it, if one is still open (which then
   * hears nothing more, and is finished from what it holds). On a single core the drafting would
   * only take turns with the block: the draft's {@link BlockDraft#progress} is then no one, and the
   * block's tree is updated at its end.
   */
  public BlockDraft draft(long height) {
    Commit base = last;
    if (height <= base.height()) {
      throw new IllegalArgumentException(
          "cannot draft height " + height + " over committed height " + base.height());
    }
    BlockDraft draft =
        new BlockDraft(
            drafter,
            base,
            new TreeDraft(latestNodes(), innerHashes, base.treeVersion(), height),
            stateCache::present);
    if (treeHelperThreads > 0) {
      drafter.start(draft);
    } else {
      drafter.end(draft);
    }
    return draft;
  }

  /**
   * {@link #prepare(long, List)}, finishing {@code draft} (which this ends, whatever happens): what
   * its steps applied is not applied again. A draft of another height or base, one that failed, or
   * one with no step taken, is dropped for an update of the whole write set; the version is the
   * same either way.
   */
  public Pending prepare(long height, List<Write> writes, BlockDraft draft) {
    Throwable failure = drafter.end(draft);
    if (failure != null || !draft.started() || draft.height() != height || draft.base() != last) {
      return prepare(height, writes);
    }
    readAhead.clear();
    TreeBatch batch;
    try {
      batch = draft.finish(writes, this::get, treeHelpers, treeHelperThreads);
    } catch (RuntimeException e) {
      // A fault of the draft's own would otherwise halt the node; a fault of the store's meets
      // the whole update too, and is thrown from there.
      LOG.warn("cannot finish the drafted state tree of height {}; updating it whole", height, e);
      return prepare(height, writes);
    }
    return new Pending(draft.base(), draft.base().treeVersion(), height, writes, batch, true);
  }

  /**
   * Reads ahead, on a thread of its own, the tree nodes of the last commit that the next block's
   * update will read if it writes {@code key} (deletes it, when {@code deleting}): the keys a tx
   * admitted to the mempool writes come here, so that the block finds them in the node cache.
   * Returns at once; the next {@link #prepare} drops the keys still waiting.
   */
  public void readAhead(byte[] key, boolean deleting) {
    // Without a tree cache the walk's reads would be kept nowhere.
    if (readsAhead) {
      readAhead.offer(key, deleting);
    }
  }

  // The update's own hint is the state cache's value, so the walk reads the leaf the update will.
  private void walkAhead(byte[] key, boolean deleting) {
    long version = last.height();
    if (version > 0) {
      StateTree.readAhead(latestNodes(), version, key, stateCache.present(key), deleting);
    }
  }

  /** Tree version {@code version}: {@code changes} on {@code baseVersion}, shared with helpers. */
  private TreeBatch onLatest(long baseVersion, long version, List<KeyChange> changes) {
    return StateTree.apply(
        latestNodes(), innerHashes, baseVersion, version, changes, treeHelpers, treeHelperThreads);
  }

  /**
   * Persists a prepared block: its state writes, a journal of them and the new last commit in one
   * synced WriteBatch, then its tree nodes and stale-node index behind it, on a tree helper; the
   * next commit first waits for that. Refuses a block not prepared on top of the current last
   * commit.
   *
   * @throws StoreException when a write fails, this one or the previous block's tree write (which
   *     the journal repairs at the next open)
   */
  public void commit(Pending pending) {
    synchronized (writeLock) {
      Commit current = last;
      if (pending.base.height() != current.height()
          || !Arrays.equals(pending.base.appHash(), current.appHash())) {
        throw new IllegalStateException(
            "height "
                + pending.height
                + " was prepared on height "
                + pending.base.height()
                + ", but the last commit is height "
                + current.height());
      }
      awaitTreeWritten();
      long height = pending.height;
      byte[] root = pending.batch.rootHash();
      // The new nodes go into the node cache while the batch is built and written: their keys
      // carry this version, which no reader asks for before `last` names it.
      CompletableFuture<Void> caching = beside(() -> cacheNodes(pending.batch.newNodes()));
      Behind unwritten = new Behind(height, pending.batch.newNodes());
      Commit committed = new Commit(height, root.clone());
      boolean durable = false;
      try (WriteBatch batch = new WriteBatch()) {
        for (Write write : pending.writes) {
          if (write.isDelete()) {
            batch.delete(state, write.key());
          } else {
            batch.put(state, write.key(), write.value());
          }
        }
        batch.put(
            meta,
            TREE_JOURNAL,
            new TreeJournal(height, pending.baseVersion, pending.writes).encode());
        batch.put(meta, LAST_COMMIT, encodeCommit(height, root));
        boolean first = current.height() == 0;
        if (first) {
          batch.put(meta, OLDEST, encodeHeight(height));
        }
        synchronized (behindLock) {
          behind = unwritten;
        }
        CrashPoints.reach("tree-commit");
        db.write(syncWrites, batch);
        durable = true;
        // RocksDB applies a batch atomically, so the latest a crash can come in this write is
        // once it is durable but before this process knows it committed.
        CrashPoints.reach("rocks-write");
        if (first) {
          oldestStored = height;
        }
        last = committed;
      } catch (RocksDBException e) {
        forget(unwritten);
        uncache(caching);
        throw new StoreException("cannot commit height " + height + ": " + e.getMessage(), e);
      } catch (RuntimeException | Error e) {
        if (durable) {
          // Readable still (its nodes are right whatever comes next), but not to be built on.
          failed(unwritten, e);
        } else {
          forget(unwritten);
          uncache(caching);
        }
        throw e;
      }
      writeTreeBehind(unwritten, pending.batch);
      // Committed now: the next block reads these first.
      try {
        stateCache.committed(pending.writes);
      } catch (RuntimeException | Error e) {
        // Half-updated, some entries would keep a value older than this commit.
        stateCache.clear();
        uncache(caching);
        throw e;
      }
      try {
        caching.join();
      } catch (CompletionException e) {
        // The block is committed: a node cache that failed to take its nodes only costs reads,
        // but an Error (out of memory) is the process's, not the cache's.
        nodeCache.clear();
        if (e.getCause() instanceof Error error) {
          throw error;
        }
      }
    }
    onCommit.run();
  }

  /**
   * Writes a committed version's tree nodes and stale-index entries, and removes its journal, on
   * the tree writer; {@code unwritten} serves its nodes until then, and keeps serving them if the
   * write fails (the next commit then fails, and the next open rebuilds the version).
   */
  private void writeTreeBehind(Behind unwritten, TreeBatch batch) {
    Thread committer = Thread.currentThread();
    try {
      treeWriter.execute(
          () -> {
            try (WriteBatch writes = treeWrites(unwritten.height, batch)) {
              CrashPoints.reach("tree-behind");
              boolean syncs = syncsBehind(committer, writes);
              db.write(syncs ? syncWrites : behindWrites, writes);
              if (syncs) {
                syncedTreeWrites.incrementAndGet();
              }
              forget(unwritten);
            } catch (RocksDBException | RuntimeException | Error e) {
              failed(unwritten, e);
            }
          });
    } catch (RuntimeException | Error e) {
      failed(unwritten, e);
      if (e instanceof Error error) {
        throw error;
      }
    }
  }

  /**
   * Whether a tree write behind a commit syncs the WAL itself. A large one written beside the next
   * block does: left unsynced, the next commit's synced write took its megabytes to disk with it
   * (1-1.3 MB for a block of 1,000 txs at 1k leases, 5.5-7 MB at 1M) and Commit waited for that. A
   * small one, or one written on the committing thread (one core), is left to the next commit's
   * sync: there a second sync a block would cost more than the bytes it moves, for a node replaying
   * small blocks most of all.
   */
  static boolean syncsBehind(Thread committer, WriteBatch writes) {
    return Thread.currentThread() != committer && writes.getDataSize() >= SYNCED_BEHIND_BYTES;
  }

  // Said when it happens: on a chain without empty blocks the next commit may be hours away.
  private static void failed(Behind unwritten, Throwable cause) {
    LOG.error(
        "cannot write the state tree of height {}: the next commit fails, and a restart rebuilds"
            + " it from its journal",
        unwritten.height,
        cause);
    unwritten.written.completeExceptionally(cause);
  }

  /** A version's tree nodes and stale-index entries, with the removal of its journal. */
  private WriteBatch treeWrites(long height, TreeBatch batch) throws RocksDBException {
    WriteBatch writes = new WriteBatch();
    try {
      // In ascending key order, which RocksDB's memtable inserts fastest: sorted here, behind the
      // commit, rather than in the update the block waits for.
      List<TreeBatch.Node> nodes = new ArrayList<>(batch.newNodes());
      nodes.sort((a, b) -> Arrays.compareUnsigned(a.key(), b.key()));
      for (TreeBatch.Node node : nodes) {
        writes.put(tree, node.key(), node.value());
      }
      if (!batch.staleNodeKeys().isEmpty()) {
        writes.put(stale, encodeHeight(height), staleList(batch.staleNodeKeys()));
      }
      writes.delete(meta, TREE_JOURNAL);
      return writes;
    } catch (RocksDBException | RuntimeException | Error e) {
      writes.close();
      throw e;
    }
  }

  /** Tree writes behind a commit that synced the WAL themselves since the store opened. */
  long syncedTreeWrites() {
    return syncedTreeWrites.get();
  }

  /** Whether the tree write behind the last commit failed: the next commit then refuses. */
  public boolean treeWriteFailed() {
    Behind unwritten;
    synchronized (behindLock) {
      unwritten = behind;
    }
    return unwritten != null && unwritten.written.isCompletedExceptionally();
  }

  /**
   * Waits for the last commit's tree write.
   *
   * @throws StoreException when it failed: no commit may follow a version whose tree is not stored
   */
  private void awaitTreeWritten() {
    Behind unwritten;
    synchronized (behindLock) {
      unwritten = behind;
    }
    if (unwritten == null) {
      return;
    }
    try {
      unwritten.written.join();
    } catch (CompletionException e) {
      throw new StoreException(
          "the state tree of height "
              + unwritten.height
              + " was not written ("
              + e.getCause()
              + "); a restart rebuilds it from its journal",
          e.getCause());
    }
  }

  /** Waits for the last commit's tree write, whatever its outcome (logged when it happened). */
  private void settleTreeWrite() {
    try {
      awaitTreeWritten();
    } catch (StoreException e) {
      // Failed: its journal stays for the next open, or goes with a wipe.
    }
  }

  /**
   * Stops serving a version's nodes from memory: written, or never committed. Either way nothing is
   * left to wait for.
   */
  private void forget(Behind unwritten) {
    synchronized (behindLock) {
      if (behind == unwritten) {
        behind = null;
      }
    }
    unwritten.written.complete(null);
  }

  /**
   * Rebuilds the tree version of a commit whose tree write a crash cut short, from the journal the
   * commit wrote, and checks its root against the committed app hash.
   */
  private void recoverTree() throws RocksDBException {
    byte[] bytes = db.get(meta, TREE_JOURNAL);
    if (bytes == null) {
      return;
    }
    TreeJournal journal = TreeJournal.decode(bytes);
    if (journal.height() != last.height()) {
      throw new StoreException(
          "the tree journal is of height "
              + journal.height()
              + ", but the last commit is height "
              + last.height(),
          null);
    }
    TreeBatch batch =
        onLatest(journal.baseVersion(), journal.height(), changes(journal.writes(), key -> null));
    if (!Arrays.equals(batch.rootHash(), last.appHash())) {
      throw new StoreException(
          "the state tree of height "
              + journal.height()
              + " rebuilt from its journal has root "
              + HexFormat.of().formatHex(batch.rootHash())
              + ", not the committed app hash "
              + HexFormat.of().formatHex(last.appHash()),
          null);
    }
    try (WriteBatch writes = treeWrites(journal.height(), batch)) {
      db.write(syncWrites, writes);
    }
    LOG.warn(
        "rebuilt the state tree of height {} from its journal: the node stopped before writing it",
        journal.height());
  }

  // Deepest first: the root and upper levels, which the next block reads first, end up the most
  // recently used.
  private void cacheNodes(List<TreeBatch.Node> nodes) {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodeCache.put(nodes.get(i).key(), nodes.get(i).value());
    }
  }

  /** Runs {@code task} on a tree helper, or on this thread when there is none (or it refuses). */
  private CompletableFuture<Void> beside(Runnable task) {
    if (treeHelperThreads > 0) {
      try {
        return CompletableFuture.runAsync(task, treeHelpers);
      } catch (RejectedExecutionException e) {
        // Closing: done here instead.
      }
    }
    try {
      task.run();
      return CompletableFuture.completedFuture(null);
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * After a commit that failed: its nodes leave the cache, since a later block of the same height
   * may put other nodes under the same keys.
   */
  private void uncache(CompletableFuture<Void> caching) {
    try {
      caching.join();
    } catch (CompletionException e) {
      // The commit's own failure is the one reported.
    }
    nodeCache.clear();
  }

  /** Runs {@code listener} after every commit, on the committing thread: it must not block. */
  void onCommit(Runnable listener) {
    onCommit = listener;
  }

  /**
   * Deletes the tree nodes only versions below {@code belowHeight} need (stale since a height up to
   * {@code belowHeight}), in batches of about {@link #PRUNE_BATCH}, each with its index entries, so
   * that a crash between batches leaves an index that a later prune finishes from. The new oldest
   * height is recorded first, so no view can start at a height being pruned. Stops early, to be
   * resumed, when the calling thread is interrupted. Returns the number of nodes deleted.
   */
  public long prune(long belowHeight) {
    return prune(belowHeight, PRUNE_BATCH, Long.MAX_VALUE);
  }

  /** {@link #prune} in batches of {@code batchSize}, stopping after {@code maxBatches} of them. */
  long prune(long belowHeight, int batchSize, long maxBatches) {
    // The stale entries of the last commit come with its tree write.
    awaitTreeWritten();
    long deleted = 0;
    long generation;
    try {
      // Under writeLock, which every wipe also holds: the height check, the generation and the
      // oldest kept height all belong to one history.
      synchronized (writeLock) {
        long latest = last.height();
        if (belowHeight > latest) {
          throw new IllegalArgumentException(
              "cannot prune below height " + belowHeight + ": the latest is " + latest);
        }
        synchronized (pruneLock) {
          generation = wipes;
        }
        if (belowHeight > oldestStored) {
          db.put(meta, syncWrites, OLDEST, encodeHeight(belowHeight));
          oldestStored = belowHeight;
        }
      }
      byte[] end = ByteBuffer.allocate(8).putLong(belowHeight + 1).array();
      // Each batch starts after the last entry the previous one deleted: seeking from the first
      // entry again would step over every tombstone left so far (quadratic in a large prune).
      byte[] from = new byte[0];
      for (long batches = 0;
          batches < maxBatches && !Thread.currentThread().isInterrupted();
          batches++) {
        PruneBatch pruned = pruneBatch(from, end, batchSize, generation);
        deleted += pruned.count();
        if (!pruned.full()) {
          break;
        }
        from = pruned.resumeFrom();
      }
    } catch (RocksDBException e) {
      throw new StoreException(
          "cannot prune below height " + belowHeight + ": " + e.getMessage(), e);
    }
    return deleted;
  }

  /**
   * How many nodes a prune batch deleted, whether it stopped at its size with entries left in the
   * range, and the key the next batch seeks.
   */
  private record PruneBatch(int count, boolean full, byte[] resumeFrom) {}

  /**
   * Deletes up to {@code batchSize} of the nodes the stale index names in {@code [from, end)}, with
   * the entries it finishes; nothing when a wipe came since the prune began.
   */
  private PruneBatch pruneBatch(byte[] from, byte[] end, int batchSize, long generation)
      throws RocksDBException {
    synchronized (pruneLock) {
      if (wipes != generation) {
        return new PruneBatch(0, false, null);
      }
      return pruneBatchLocked(from, end, batchSize);
    }
  }

  private PruneBatch pruneBatchLocked(byte[] from, byte[] end, int batchSize)
      throws RocksDBException {
    byte[] resumeFrom = null;
    List<byte[]> nodeKeys = new ArrayList<>();
    boolean full;
    try (Slice upper = new Slice(end);
        ReadOptions options = new ReadOptions().setIterateUpperBound(upper);
        RocksIterator index = db.newIterator(stale, options);
        WriteBatch batch = new WriteBatch()) {
      // An entry is deleted in the batch that deletes the last of the nodes it names; a version
      // too large for the room left gives up its first nodes and keeps the rest, in one batch.
      for (index.seek(from); index.isValid() && nodeKeys.size() < batchSize; index.next()) {
        byte[] entry = index.key();
        List<byte[]> named = new ArrayList<>();
        if (entry.length == 8) {
          parseStaleList(index.value(), named, entry);
        } else {
          // An entry of a node each, as builds before the per-version list wrote them.
          named.add(Arrays.copyOfRange(entry, 8, entry.length));
        }
        int room = batchSize - nodeKeys.size();
        if (named.size() > room) {
          batch.put(stale, entry, staleList(named.subList(room, named.size())));
          named = named.subList(0, room);
          resumeFrom = entry;
        } else {
          batch.delete(stale, entry);
          resumeFrom = Arrays.copyOf(entry, entry.length + 1);
        }
        for (byte[] nodeKey : named) {
          batch.delete(tree, nodeKey);
          nodeKeys.add(nodeKey);
        }
        if (resumeFrom == entry) {
          break;
        }
      }
      full = index.isValid();
      index.status();
      if (resumeFrom == null) {
        return new PruneBatch(0, false, null);
      }
      db.write(syncWrites, batch);
      nodeKeys.forEach(nodeCache::remove);
    }
    CrashPoints.reach("prune");
    return new PruneBatch(nodeKeys.size(), full, resumeFrom);
  }

  /** What the database holds on disk and in memory, in bytes, as RocksDB reports it. */
  public record Size(long sstFiles, long walFiles, long memtables) {}

  /**
   * The sizes of the live SST files and of the write-ahead log (together the database's disk
   * footprint; a fresh database holds everything in its WAL until the first memtable flush), and of
   * the memtables. Cheap: RocksDB keeps the figures, only the WAL files are stat'ed.
   */
  public Size size() {
    try {
      long wal = 0;
      for (LogFile file : db.getSortedWalFiles()) {
        if (file.type() == WalFileType.kAliveLogFile) {
          wal += file.sizeFileBytes();
        }
      }
      return new Size(
          db.getAggregatedLongProperty("rocksdb.live-sst-files-size"),
          wal,
          db.getAggregatedLongProperty("rocksdb.cur-size-all-mem-tables"));
    } catch (RocksDBException e) {
      throw new StoreException("cannot read the database size: " + e.getMessage(), e);
    }
  }

  /** The exact number of tree nodes stored: a full scan of the tree column family. */
  long countTreeNodes() {
    awaitTreeWritten();
    long count = 0;
    try (RocksIterator nodes = db.newIterator(tree)) {
      for (nodes.seekToFirst(); nodes.isValid(); nodes.next()) {
        count++;
      }
      nodes.status();
    } catch (RocksDBException e) {
      throw new StoreException("cannot count tree nodes: " + e.getMessage(), e);
    }
    return count;
  }

  /** The bytes of tree nodes cached in memory now. */
  long cachedNodeBytes() {
    return nodeCache.bytes();
  }

  /** The keys waiting to be read ahead, and the one being walked (for tests). */
  int readAheadPending() {
    return readAhead.pending();
  }

  /** The memory the tree cache's two shares hold now, as the cache counts it. */
  public record TreeCacheBytes(long internalNodes, long leaves) {}

  /** What the tree cache holds now: cheap, for metrics. */
  public TreeCacheBytes treeCacheBytes() {
    return nodeCache.shareBytes();
  }

  /** RocksDB's estimate of the number of tree nodes stored (all kept versions); cheap. */
  public long estimatedTreeNodes() {
    try {
      return db.getLongProperty(tree, "rocksdb.estimate-num-keys");
    } catch (RocksDBException e) {
      throw new StoreException("cannot read the tree size: " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] get(byte[] key) {
    StateCache.Lookup cached = stateCache.get(key);
    if (cached.found()) {
      return cached.value();
    }
    try {
      byte[] value = db.get(state, key);
      // The caller gets its own array: it may change it, and the cached one must not change.
      stateCache.put(key.clone(), value == null ? null : value.clone(), cached.generation());
      return value;
    } catch (RocksDBException e) {
      throw new StoreException("cannot read state: " + e.getMessage(), e);
    }
  }

  @Override
  public Iterator<KeyValue> scan(byte[] from, byte[] to) {
    return new RangeIterator(null, from, to);
  }

  /**
   * A read-only view of the state as last committed when this is called, unaffected by later
   * commits and prunes; close it to let RocksDB drop what only it still needs.
   */
  public View view() {
    // Before the snapshot: a wipe between the two then only makes this view cache nothing.
    long generation = nodeCache.generation();
    Snapshot snapshot;
    Behind unwritten;
    synchronized (behindLock) {
      snapshot = db.getSnapshot();
      unwritten = behind;
    }
    ReadOptions options = new ReadOptions().setSnapshot(snapshot);
    try {
      Commit commit = decodeCommit(db.get(meta, options, LAST_COMMIT));
      long oldest = oldestOf(commit.height(), decodeHeight(db.get(meta, options, OLDEST)));
      return new View(
          snapshot,
          options,
          nodesAt(options, generation, unwritten),
          commit,
          oldest,
          commit.height(),
          commit.appHash());
    } catch (RocksDBException | RuntimeException e) {
      options.close();
      db.releaseSnapshot(snapshot);
      throw e instanceof RocksDBException
          ? new StoreException("cannot read the last commit: " + e.getMessage(), e)
          : (RuntimeException) e;
    }
  }

  /**
   * A read-only view of the state after {@code height}, unaffected by later commits and prunes.
   *
   * @throws HeightUnavailableException when that height is pruned or not committed yet
   */
  public View viewAt(long height) {
    View latest = view();
    if (height == latest.height) {
      return latest;
    }
    if (height < latest.oldest || height > latest.height) {
      latest.close();
      throw new HeightUnavailableException(height, latest.oldest, latest.height);
    }
    byte[] root = StateTree.rootHash(latest.nodes, height);
    if (root == null) {
      latest.close();
      throw new HeightUnavailableException(height, latest.oldest, latest.height);
    }
    return new View(
        latest.snapshot, latest.options, latest.nodes, latest.commit, latest.oldest, height, root);
  }

  /**
   * Committed state frozen at one height (the latest, or a kept older one) over a RocksDB snapshot;
   * safe to use from any thread. The latest height reads the state column family; an older one
   * reads the state tree at that version, key by key.
   */
  public final class View implements ReadableState, AutoCloseable {
    private final Snapshot snapshot;
    private final ReadOptions options;
    private final Commit commit;
    private final long oldest;
    private final long height;
    private final byte[] appHash;
    private final NodeStore nodes;

    private View(
        Snapshot snapshot,
        ReadOptions options,
        NodeStore nodes,
        Commit commit,
        long oldest,
        long height,
        byte[] appHash) {
      this.snapshot = snapshot;
      this.options = options;
      this.nodes = nodes;
      this.commit = commit;
      this.oldest = oldest;
      this.height = height;
      this.appHash = appHash;
    }

    /** The height this view reads (0 before the first commit). */
    public long height() {
      return height;
    }

    /** The app hash (tree root) after {@link #height()}; empty before the first commit. */
    public byte[] appHash() {
      return appHash.clone();
    }

    /** The latest commit when this view was taken (newer than {@link #height()} for a past one). */
    public Commit lastCommit() {
      return commit;
    }

    /** The lowest height queryable when this view was taken. */
    public long oldestHeight() {
      return oldest;
    }

    /** The app hash after {@code height} as of this view, or null if that height is not kept. */
    public byte[] appHashAt(long height) {
      if (height == commit.height() && height > 0) {
        return commit.appHash().clone();
      }
      if (height < oldest || height > commit.height() || height <= 0) {
        return null;
      }
      return StateTree.rootHash(nodes, height);
    }

    @Override
    public byte[] get(byte[] key) {
      if (height != commit.height()) {
        return StateTree.get(nodes, height, key);
      }
      try {
        return db.get(state, options, key);
      } catch (RocksDBException e) {
        throw new StoreException("cannot read state: " + e.getMessage(), e);
      }
    }

    /**
     * Scans the latest state.
     *
     * @throws HistoricalScanException on a view of a past height
     */
    @Override
    public Iterator<KeyValue> scan(byte[] from, byte[] to) {
      if (height != commit.height()) {
        throw new HistoricalScanException(height);
      }
      return new RangeIterator(snapshot, from, to);
    }

    /** The key's leaf and path to the root at this height, or its neighbours if it is absent. */
    public Lookup lookup(byte[] key) {
      if (height == 0) {
        return new Lookup(null, null, null);
      }
      return StateTree.lookup(nodes, height, key);
    }

    /**
     * Up to {@code limit} leaves of this height in key-hash order, after key hash {@code
     * afterKeyHash} (null: from the first); empty before the first commit.
     */
    public List<TreeLeaf> leaves(byte[] afterKeyHash, int limit) {
      if (height == 0) {
        return List.of();
      }
      return StateTree.leaves(nodes, height, afterKeyHash, limit);
    }

    @Override
    public void close() {
      options.close();
      db.releaseSnapshot(snapshot);
    }
  }

  /**
   * Daemon threads, so that a helper never keeps a stopping node alive, which end after a minute
   * idle, so that a store never closed (a tool's) does not keep them.
   */
  private static ExecutorService treeHelpers(int threads) {
    AtomicInteger next = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            Math.max(1, threads),
            Math.max(1, threads),
            1,
            TimeUnit.MINUTES,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, "state-tree-helper-" + next.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Waits up to {@code timeout} for the tree cache to be warmed after open (see {@code
   * TreeCacheWarmer}); true once it is, or when there is nothing to warm.
   */
  public boolean awaitTreeCacheWarmed(Duration timeout) throws InterruptedException {
    TreeCacheWarmer started;
    synchronized (warmerLock) {
      started = warmer;
    }
    return started == null || started.await(timeout);
  }

  private List<byte[]> readNodes(List<byte[]> nodeKeys) throws RocksDBException {
    return db.multiGetAsList(warmReads, Collections.nCopies(nodeKeys.size(), tree), nodeKeys);
  }

  /** Stops the warmer, if one runs, and waits until it no longer reads; none starts after close. */
  private void stopWarmer(boolean forGood) {
    synchronized (warmerLock) {
      closing |= forGood;
      if (warmer != null) {
        warmer.stop();
      }
    }
  }

  @Override
  public void close() {
    // The warmer, the read-ahead and the drafter read RocksDB on threads of their own: they end
    // before anything closes.
    readAhead.close();
    drafter.close();
    stopWarmer(true);
    settleTreeWrite();
    try {
      // The tree write behind the last commit may not be synced; a clean stop leaves it on disk.
      db.syncWal();
    } catch (RocksDBException e) {
      LOG.warn("cannot sync the write-ahead log at close: {}", e.getMessage());
    }
    release();
  }

  private void release() {
    // Helpers run parts only while a prepare waits for them, so none reads RocksDB past here.
    // Not shutdownNow: a dropped task would leave the future waiting on it unfinished.
    treeHelpers.shutdown();
    state.close();
    meta.close();
    tree.close();
    stale.close();
    db.close();
    syncWrites.close();
    behindWrites.close();
    warmReads.close();
    options.close();
  }

  // State-sync restore hooks, for StateRestore only. A "restoring" mark in meta is written before
  // the store is wiped and removed once the snapshot height is committed; an open that finds it
  // wipes again, so a crash mid-restore leaves an empty store.

  private static final byte[] RESTORING = "restoring".getBytes(StandardCharsets.UTF_8);
  private static final int WIPE_BATCH = 10_000;

  /** Marks a restore under way, then empties the store. */
  void beginRestore() {
    synchronized (writeLock) {
      try {
        db.put(meta, syncWrites, RESTORING, EMPTY_VALUE);
        wipe();
      } catch (RocksDBException e) {
        throw new StoreException("cannot start a state-sync restore: " + e.getMessage(), e);
      }
    }
  }

  /** The restore committed the snapshot height: the store is whole again. */
  void endRestore() {
    try {
      db.delete(meta, syncWrites, RESTORING);
    } catch (RocksDBException e) {
      throw new StoreException("cannot finish a state-sync restore: " + e.getMessage(), e);
    }
  }

  /** Gives a restore up, leaving the store empty. */
  void wipeRestore() {
    synchronized (writeLock) {
      try {
        wipe();
        db.delete(meta, syncWrites, RESTORING);
      } catch (RocksDBException e) {
        throw new StoreException("cannot wipe a state-sync restore: " + e.getMessage(), e);
      }
    }
  }

  private void recoverInterruptedRestore() throws RocksDBException {
    if (db.get(meta, RESTORING) != null) {
      LOG.warn("wiping the state-sync restore a crash interrupted; the store starts empty");
      wipe();
      db.delete(meta, syncWrites, RESTORING);
    }
  }

  /** Deletes every key of every column family but the restoring mark, in bounded batches. */
  private void wipe() throws RocksDBException {
    // No tree write may land in the emptied store, and no warmer read the old history into it
    // (a read-ahead walk may read it, but its puts carry the old generation and the cache drops
    // them).
    readAhead.clear();
    stopWarmer(false);
    settleTreeWrite();
    synchronized (behindLock) {
      behind = null;
    }
    synchronized (pruneLock) {
      wipeLocked();
    }
  }

  private void wipeLocked() throws RocksDBException {
    for (ColumnFamilyHandle family : List.of(state, tree, stale, meta)) {
      boolean more = true;
      while (more) {
        try (RocksIterator iterator = db.newIterator(family);
            WriteBatch batch = new WriteBatch()) {
          int count = 0;
          for (iterator.seekToFirst(); iterator.isValid() && count < WIPE_BATCH; iterator.next()) {
            if (family != meta || !Arrays.equals(iterator.key(), RESTORING)) {
              batch.delete(family, iterator.key());
              count++;
            }
          }
          iterator.status();
          more = iterator.isValid();
          db.write(syncWrites, batch);
        }
      }
    }
    last = new Commit(0, new byte[0]);
    oldestStored = 0;
    wipes++;
    nodeCache.clear();
    stateCache.clear();
  }

  /** Tree nodes as committed now (what {@link #prepare} builds on). */
  private NodeStore latestNodes() {
    long generation = nodeCache.generation();
    Behind unwritten;
    synchronized (behindLock) {
      unwritten = behind;
    }
    return nodesAt(null, generation, unwritten);
  }

  /**
   * Tree nodes through the cache, then those of {@code unwritten} (null: none), then read from
   * {@code options}' snapshot (or the latest).
   */
  private NodeStore nodesAt(ReadOptions options, long generation, Behind unwritten) {
    return nodeKey -> {
      byte[] cached = nodeCache.get(nodeKey);
      if (cached != null) {
        return cached;
      }
      if (unwritten != null) {
        byte[] node = unwritten.node(nodeKey);
        if (node != null) {
          return node;
        }
      }
      byte[] node;
      try {
        node = options == null ? db.get(tree, nodeKey) : db.get(tree, options, nodeKey);
      } catch (RocksDBException e) {
        throw new StoreException("cannot read the state tree: " + e.getMessage(), e);
      }
      if (node != null) {
        nodeCache.put(nodeKey, node, generation);
      }
      return node;
    };
  }

  /** The writes as tree changes, each with {@code previous}'s hint of its old value (or null). */
  private static List<KeyChange> changes(List<Write> writes, UnaryOperator<byte[]> previous) {
    List<KeyChange> changes = new ArrayList<>(writes.size());
    for (Write write : writes) {
      changes.add(new KeyChange(write.key(), write.value(), previous.apply(write.key())));
    }
    return changes;
  }

  private static Commit decodeCommit(byte[] bytes) {
    if (bytes == null) {
      return new Commit(0, new byte[0]);
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long height = buffer.getLong();
    byte[] appHash = new byte[buffer.remaining()];
    buffer.get(appHash);
    return new Commit(height, appHash);
  }

  private static byte[] encodeCommit(long height, byte[] appHash) {
    return ByteBuffer.allocate(8 + appHash.length).putLong(height).put(appHash).array();
  }

  private static long decodeHeight(byte[] bytes) {
    return bytes == null ? 0 : ByteBuffer.wrap(bytes).getLong();
  }

  private static byte[] encodeHeight(long height) {
    return ByteBuffer.allocate(8).putLong(height).array();
  }

  /**
   * A version's stale-index value: the keys of the nodes it replaced, each after its length in one
   * byte. One entry per version, not one per node: at a million leases a block replaces about
   * 16,500 nodes, and as many memtable inserts cost more than the rest of its tree write.
   */
  static byte[] staleList(List<byte[]> nodeKeys) {
    int size = 0;
    for (byte[] key : nodeKeys) {
      if (key.length == 0 || key.length > 255) {
        throw new IllegalArgumentException("a tree node key of " + key.length + " bytes");
      }
      size = Math.addExact(size, 1 + key.length);
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    for (byte[] key : nodeKeys) {
      out.put((byte) key.length).put(key);
    }
    return out.array();
  }

  /**
   * Adds the node keys of a {@link #staleList} to {@code out}; {@code entry} names it in errors.
   */
  static void parseStaleList(byte[] list, List<byte[]> out, byte[] entry) {
    int at = 0;
    while (at < list.length) {
      int length = list[at] & 0xFF;
      if (length == 0 || at + 1 + length > list.length) {
        throw new StoreException(
            "corrupt stale-index entry "
                + HexFormat.of().formatHex(entry)
                + " at byte "
                + at
                + ": pruning stops there",
            null);
      }
      out.add(Arrays.copyOfRange(list, at + 1, at + 1 + length));
      at += 1 + length;
    }
  }

  /**
   * A bounded scan; it materializes entries in small batches so that no RocksDB iterator outlives a
   * call (ledger code never closes iterators). Over a snapshot every batch reads the same state. An
   * iterator that stops on an error (a failing disk, a corrupt file) throws rather than end the
   * scan early: a short scan would silently compute a different app hash.
   */
  private final class RangeIterator implements Iterator<KeyValue> {
    // Most scans of a block want one entry or a few (the first due entry of an index, the open bids
    // of an order), and each entry read costs two copies out of RocksDB: the first read takes a
    // few, the next ones more, so that a long scan still seeks once per BATCH entries.
    private static final int FIRST_BATCH = 8;
    private static final int BATCH = 256;
    private final Snapshot snapshot;
    private final byte[] to;
    private final List<KeyValue> buffer = new ArrayList<>(FIRST_BATCH);
    private int batch = FIRST_BATCH;
    private int position;
    private byte[] resumeFrom;
    private boolean exhausted;

    RangeIterator(Snapshot snapshot, byte[] from, byte[] to) {
      this.snapshot = snapshot;
      this.to = to;
      this.resumeFrom = from;
      fill(false);
    }

    private void fill(boolean skipFirst) {
      buffer.clear();
      position = 0;
      try (Slice upper = to == null ? null : new Slice(to);
          ReadOptions options = new ReadOptions();
          RocksIterator iterator = db.newIterator(state, configure(options, upper))) {
        iterator.seek(resumeFrom);
        if (skipFirst
            && iterator.isValid()
            && java.util.Arrays.equals(iterator.key(), resumeFrom)) {
          iterator.next();
        }
        while (iterator.isValid() && buffer.size() < batch) {
          buffer.add(new KeyValue(iterator.key(), iterator.value()));
          iterator.next();
        }
        batch = BATCH;
        exhausted = !iterator.isValid();
        iterator.status();
      } catch (RocksDBException e) {
        throw new StoreException("cannot scan state: " + e.getMessage(), e);
      }
      if (!buffer.isEmpty()) {
        resumeFrom = buffer.get(buffer.size() - 1).key();
      }
    }

    private ReadOptions configure(ReadOptions options, Slice upper) {
      if (upper != null) {
        options.setIterateUpperBound(upper);
      }
      return snapshot == null ? options : options.setSnapshot(snapshot);
    }

    @Override
    public boolean hasNext() {
      if (position < buffer.size()) {
        return true;
      }
      if (exhausted) {
        return false;
      }
      fill(true);
      return position < buffer.size();
    }

    @Override
    public KeyValue next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return buffer.get(position++);
    }
  }
}
