package io.leasechain.node.store;

import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.state.Write;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
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

/**
 * The node's committed state in RocksDB. Ledger keys live in the default column family; the node's
 * own bookkeeping (last committed height and app hash, app hash per height) lives in "meta",
 * outside the state the app hash commits to. A block's writes and its bookkeeping go to disk in one
 * synced WriteBatch, so a crash leaves either all of a block or none of it.
 */
public final class RocksStore implements AutoCloseable, ReadableState {

  private static final byte[] LAST_COMMIT = "last_commit".getBytes(StandardCharsets.UTF_8);
  private static final byte[] APP_HASH_PREFIX = "app_hash/".getBytes(StandardCharsets.UTF_8);

  static {
    RocksDB.loadLibrary();
  }

  private final DBOptions dbOptions;
  private final ColumnFamilyOptions columnOptions;
  private final RocksDB db;
  private final ColumnFamilyHandle state;
  private final ColumnFamilyHandle meta;
  private final WriteOptions syncWrites;
  private volatile Commit last;

  /** The last committed block: its height and the app hash after it (empty before genesis). */
  public record Commit(long height, byte[] appHash) {}

  private RocksStore(Path directory) throws RocksDBException {
    dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
    columnOptions = new ColumnFamilyOptions();
    List<ColumnFamilyDescriptor> descriptors =
        List.of(
            new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columnOptions),
            new ColumnFamilyDescriptor("meta".getBytes(StandardCharsets.UTF_8), columnOptions));
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    db = RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
    state = handles.get(0);
    meta = handles.get(1);
    syncWrites = new WriteOptions().setSync(true);
    last = readLastCommit();
  }

  public static RocksStore open(Path directory) {
    try {
      Files.createDirectories(directory);
      return new RocksStore(directory);
    } catch (RocksDBException | java.io.IOException e) {
      throw new StoreException(
          "cannot open state database at " + directory + ": " + e.getMessage(), e);
    }
  }

  public Commit lastCommit() {
    return last;
  }

  /** The app hash committed after {@code height}, or null if that height was never committed. */
  public byte[] appHashAt(long height) {
    try {
      return db.get(meta, appHashKey(height));
    } catch (RocksDBException e) {
      throw new StoreException("cannot read app hash at height " + height, e);
    }
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

  /** Persists one block's writes and its (height, app hash) atomically, with the WAL synced. */
  public void commit(long height, byte[] appHash, List<Write> writes) {
    try (WriteBatch batch = new WriteBatch()) {
      for (Write write : writes) {
        if (write.isDelete()) {
          batch.delete(state, write.key());
        } else {
          batch.put(state, write.key(), write.value());
        }
      }
      batch.put(meta, LAST_COMMIT, encodeCommit(height, appHash));
      batch.put(meta, appHashKey(height), appHash);
      db.write(syncWrites, batch);
      last = new Commit(height, appHash.clone());
    } catch (RocksDBException e) {
      throw new StoreException("cannot commit height " + height + ": " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] get(byte[] key) {
    try {
      return db.get(state, key);
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
   * commits; close it to let RocksDB drop what only it still needs.
   */
  public View view() {
    return new View(db.getSnapshot());
  }

  /** Committed state frozen at one commit (a RocksDB snapshot); safe to use from any thread. */
  public final class View implements ReadableState, AutoCloseable {
    private final Snapshot snapshot;
    private final ReadOptions options;
    private final Commit commit;

    private View(Snapshot snapshot) {
      this.snapshot = snapshot;
      this.options = new ReadOptions().setSnapshot(snapshot);
      try {
        this.commit = decodeCommit(db.get(meta, options, LAST_COMMIT));
      } catch (RocksDBException e) {
        close();
        throw new StoreException("cannot read the last commit: " + e.getMessage(), e);
      }
    }

    /** The commit this view shows. */
    public Commit lastCommit() {
      return commit;
    }

    /** The app hash committed after {@code height} as of this view, or null. */
    public byte[] appHashAt(long height) {
      try {
        return db.get(meta, options, appHashKey(height));
      } catch (RocksDBException e) {
        throw new StoreException("cannot read app hash at height " + height, e);
      }
    }

    @Override
    public byte[] get(byte[] key) {
      try {
        return db.get(state, options, key);
      } catch (RocksDBException e) {
        throw new StoreException("cannot read state: " + e.getMessage(), e);
      }
    }

    @Override
    public Iterator<KeyValue> scan(byte[] from, byte[] to) {
      return new RangeIterator(snapshot, from, to);
    }

    @Override
    public void close() {
      options.close();
      db.releaseSnapshot(snapshot);
    }
  }

  @Override
  public void close() {
    state.close();
    meta.close();
    db.close();
    syncWrites.close();
    columnOptions.close();
    dbOptions.close();
  }

  private Commit readLastCommit() throws RocksDBException {
    return decodeCommit(db.get(meta, LAST_COMMIT));
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

  private static byte[] appHashKey(long height) {
    return ByteBuffer.allocate(APP_HASH_PREFIX.length + 8)
        .put(APP_HASH_PREFIX)
        .putLong(height)
        .array();
  }

  /**
   * A bounded scan; it materializes entries in small batches so that no RocksDB iterator outlives a
   * call (ledger code never closes iterators). Over a snapshot every batch reads the same state. An
   * iterator that stops on an error (a failing disk, a corrupt file) throws rather than end the
   * scan early: a short scan would silently compute a different app hash.
   */
  private final class RangeIterator implements Iterator<KeyValue> {
    private static final int BATCH = 256;
    private final Snapshot snapshot;
    private final byte[] to;
    private final List<KeyValue> buffer = new ArrayList<>(BATCH);
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
        while (iterator.isValid() && buffer.size() < BATCH) {
          buffer.add(new KeyValue(iterator.key(), iterator.value()));
          iterator.next();
        }
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
