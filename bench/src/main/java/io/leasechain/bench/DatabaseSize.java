package io.leasechain.bench;

import io.leasechain.node.store.StoreOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.LogFile;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WalFileType;

/**
 * The on-disk size of a closed node database after a flush and a full compaction (what a node
 * settles to), and its keys per column family. Opens the directory with plain RocksDB and the
 * store's options, outside the store, to compact every column family.
 */
public record DatabaseSize(long sstBytes, long walBytes, Map<String, Long> keys) {

  static {
    RocksDB.loadLibrary();
  }

  public long bytes() {
    return sstBytes + walBytes;
  }

  /** Compacts the database at {@code directory} (not open elsewhere) and measures it. */
  public static DatabaseSize compactAndMeasure(Path directory) {
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    // The store's own options: the compaction rewrites every file as the node would write it.
    try (StoreOptions options = new StoreOptions(StoreOptions.DEFAULT_BLOCK_CACHE_BYTES)) {
      List<ColumnFamilyDescriptor> descriptors = options.descriptors();
      try (RocksDB db = RocksDB.open(options.db(), directory.toString(), descriptors, handles);
          FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
        db.flush(flush, handles);
        Map<String, Long> keys = new LinkedHashMap<>();
        for (int i = 0; i < handles.size(); i++) {
          db.compactRange(handles.get(i));
          keys.put(
              new String(descriptors.get(i).getName(), StandardCharsets.UTF_8),
              db.getLongProperty(handles.get(i), "rocksdb.estimate-num-keys"));
        }
        long wal = 0;
        for (LogFile file : db.getSortedWalFiles()) {
          if (file.type() == WalFileType.kAliveLogFile) {
            wal += file.sizeFileBytes();
          }
        }
        long sst = db.getAggregatedLongProperty("rocksdb.live-sst-files-size");
        handles.forEach(ColumnFamilyHandle::close);
        return new DatabaseSize(sst, wal, keys);
      }
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot measure " + directory + ": " + e.getMessage(), e);
    }
  }
}
