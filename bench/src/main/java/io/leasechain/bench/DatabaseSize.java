package io.leasechain.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LogFile;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WalFileType;

/**
 * The on-disk size of a closed node database after a flush and a full compaction (what a node
 * settles to), and its keys per column family. Opens the directory with plain RocksDB, so it
 * measures whatever column families the store keeps.
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
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (Options options = new Options();
        DBOptions dbOptions = new DBOptions()) {
      for (byte[] name : RocksDB.listColumnFamilies(options, directory.toString())) {
        descriptors.add(new ColumnFamilyDescriptor(name));
      }
      try (RocksDB db = RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
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
