package io.leasechain.node.store;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;

/**
 * RocksDB tuning of the node's store, one place for every open (the store and tools that rewrite
 * its files). Every block reads a few thousand random keys of a state that outgrows memory, so the
 * point lookup is what is tuned: bloom filters let a read skip the levels that do not hold its key,
 * and one shared block cache keeps index, filter and data blocks decompressed in memory.
 */
public final class StoreOptions implements AutoCloseable {

  /** Default memory of the block cache (app.toml {@code [state] block_cache_mb}). */
  public static final long DEFAULT_BLOCK_CACHE_BYTES = 256L << 20;

  /** Column families in the order {@link #descriptors} lists them. */
  static final List<String> COLUMN_FAMILIES = List.of("default", "meta", "tree", "stale");

  private static final long WRITE_BUFFER_BYTES = 64L << 20;
  private static final long MAX_TOTAL_WAL_BYTES = 256L << 20;
  private static final int BLOOM_BITS_PER_KEY = 10;
  private static final double HIGH_PRIORITY_SHARE = 0.5;
  private static final int METADATA_PARTITION_BYTES = 4096;

  private final Cache cache;
  private final BloomFilter filter;
  private final DBOptions db;
  private final ColumnFamilyOptions lookups;
  private final ColumnFamilyOptions hits;

  /** Options with a block cache of {@code blockCacheBytes}; close them after the database. */
  public StoreOptions(long blockCacheBytes) {
    if (blockCacheBytes < 0) {
      throw new IllegalArgumentException("block cache must be >= 0 bytes, not " + blockCacheBytes);
    }
    // Index and filter blocks go to a high-priority pool of up to half the cache, evicted only
    // after the data blocks.
    cache = new LRUCache(Math.max(blockCacheBytes, 1L << 20), -1, false, HIGH_PRIORITY_SHARE);
    filter = new BloomFilter(BLOOM_BITS_PER_KEY, false);
    db =
        new DBOptions()
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            // The tree's memtable fills in seconds, the other families' in many minutes, and
            // their unflushed entries keep every log since alive: under RocksDB's own bound (2 GiB
            // here) a million-lease state kept 1.6 GB of logs, which every open replays.
            .setMaxTotalWalSize(MAX_TOTAL_WAL_BYTES);
    lookups = columnFamily(false, CompressionType.LZ4_COMPRESSION);
    // Tree nodes are read only where a parent names them, so a read almost always finds its key:
    // no filter in the last level, which holds most of them (and would hold most of the filter).
    // Internal nodes are SHA-256 hashes, which do not compress: LZ4 was tried on every block of
    // every flush and compaction, and the 1M-lease store's files came out 0.01 % smaller.
    hits = columnFamily(true, CompressionType.NO_COMPRESSION);
  }

  private ColumnFamilyOptions columnFamily(boolean optimizeForHits, CompressionType compression) {
    BlockBasedTableConfig table =
        new BlockBasedTableConfig()
            .setBlockCache(cache)
            .setFilterPolicy(filter)
            .setWholeKeyFiltering(true)
            // Index and filter in small partitions under a pinned top level: a read loads the few
            // kilobytes it needs. Whole per-file index and filter blocks (hundreds of kilobytes
            // each at a million leases) were evicted by the tree's random reads and reloaded, with
            // their checksums, on almost every read: blocks took seconds instead of milliseconds.
            .setIndexType(IndexType.kTwoLevelIndexSearch)
            .setPartitionFilters(true)
            .setMetadataBlockSize(METADATA_PARTITION_BYTES)
            .setPinTopLevelIndexAndFilter(true)
            .setCacheIndexAndFilterBlocks(true)
            .setCacheIndexAndFilterBlocksWithHighPriority(true)
            .setPinL0FilterAndIndexBlocksInCache(true);
    return new ColumnFamilyOptions()
        .setTableFormatConfig(table)
        .setCompressionType(compression)
        .setLevelCompactionDynamicLevelBytes(true)
        .setWriteBufferSize(WRITE_BUFFER_BYTES)
        .setOptimizeFiltersForHits(optimizeForHits);
  }

  public DBOptions db() {
    return db;
  }

  /** The descriptors of the store's column families, in {@link #COLUMN_FAMILIES} order. */
  public List<ColumnFamilyDescriptor> descriptors() {
    return COLUMN_FAMILIES.stream()
        .map(
            name ->
                new ColumnFamilyDescriptor(
                    name.equals("default")
                        ? RocksDB.DEFAULT_COLUMN_FAMILY
                        : name.getBytes(StandardCharsets.UTF_8),
                    name.equals("tree") ? hits : lookups))
        .toList();
  }

  @Override
  public void close() {
    hits.close();
    lookups.close();
    db.close();
    filter.close();
    cache.close();
  }
}
