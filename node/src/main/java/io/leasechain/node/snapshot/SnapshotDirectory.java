package io.leasechain.node.snapshot;

import io.leasechain.ledger.state.KeyValue;
import io.leasechain.node.config.AppConfig;
import io.leasechain.node.store.CrashPoints;
import io.leasechain.node.store.RocksStore;
import io.leasechain.node.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's state-sync snapshots on disk, {@code <data>/snapshots/<height>/} holding {@code
 * metadata} and chunks {@code 0, 1, ...} ({@link SnapshotFormat}). A snapshot is exported on a
 * background thread from a store view taken at Commit, so Commit never waits for it; it is written
 * under {@code .tmp-<height>}, fsynced and renamed into place, so a directory named by a height is
 * always complete. Only the newest {@code snapshot_keep_recent} are kept.
 */
public final class SnapshotDirectory implements AutoCloseable {

  /** Test-only: chunk size in bytes instead of {@link SnapshotFormat#DEFAULT_CHUNK_BYTES}. */
  public static final String CHUNK_BYTES_VARIABLE = "LEASECHAIN_SNAPSHOT_CHUNK_BYTES";

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotDirectory.class);
  private static final String METADATA = "metadata";
  private static final String TEMPORARY = ".tmp-";

  private final Path directory;
  private final long interval;
  private final int keepRecent;
  private final int chunkBytes;
  private final ExecutorService exporter;
  private final AtomicBoolean exporting = new AtomicBoolean();

  private SnapshotDirectory(Path directory, long interval, int keepRecent, int chunkBytes) {
    this.directory = directory;
    this.interval = interval;
    this.keepRecent = keepRecent;
    this.chunkBytes = chunkBytes;
    this.exporter =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "snapshot-export");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Opens (creating) {@code directory} and deletes what a crash left half-written there.
   *
   * @throws UncheckedIOException when the directory cannot be read or cleaned
   */
  public static SnapshotDirectory open(Path directory, AppConfig.StateConfig config) {
    String chunkBytes = System.getenv(CHUNK_BYTES_VARIABLE);
    return open(
        directory,
        config,
        chunkBytes == null || chunkBytes.isBlank()
            ? SnapshotFormat.DEFAULT_CHUNK_BYTES
            : Math.max(
                64, Math.min(Integer.parseInt(chunkBytes.trim()), SnapshotFormat.MAX_CHUNK_BYTES)));
  }

  static SnapshotDirectory open(Path directory, AppConfig.StateConfig config, int chunkBytes) {
    SnapshotDirectory snapshots =
        new SnapshotDirectory(
            directory, config.snapshotInterval(), config.snapshotKeepRecent(), chunkBytes);
    try {
      Files.createDirectories(directory);
      try (Stream<Path> entries = Files.list(directory)) {
        for (Path entry : entries.toList()) {
          if (height(entry) < 0 || !Files.exists(entry.resolve(METADATA))) {
            LOG.warn("deleting incomplete snapshot {}", entry);
            deleteTree(entry);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the snapshot directory " + directory, e);
    }
    return snapshots;
  }

  /**
   * Starts a snapshot of the commit just made when its height is a multiple of the interval: the
   * view is taken now, the export runs in the background. A snapshot falling due while the previous
   * one is still being written is skipped rather than queued, so views never pile up.
   */
  public void afterCommit(RocksStore store, long height) {
    if (interval == 0 || height % interval != 0) {
      return;
    }
    if (!exporting.compareAndSet(false, true)) {
      LOG.warn(
          "skipping the snapshot at height {}: the previous one is still being written", height);
      return;
    }
    RocksStore.View view = store.view();
    exporter.execute(
        () -> {
          try (view) {
            export(view);
          } catch (IOException | RuntimeException e) {
            LOG.error("snapshot at height {} failed: {}", height, e.toString(), e);
          } finally {
            exporting.set(false);
          }
        });
  }

  /** Every complete snapshot, newest first. */
  public List<SnapshotFormat.Metadata> list() {
    List<SnapshotFormat.Metadata> snapshots = new ArrayList<>();
    for (long height : heights()) {
      try {
        snapshots.add(
            SnapshotFormat.Metadata.decode(
                Files.readAllBytes(directory.resolve(Long.toString(height)).resolve(METADATA))));
      } catch (IOException | IllegalArgumentException e) {
        // Deleted by the exporter meanwhile, or damaged on disk: it is simply not offered.
        LOG.warn("skipping snapshot at height {}: {}", height, e.toString());
      }
    }
    return snapshots;
  }

  /** Chunk {@code index} of the snapshot at {@code height}, or null when there is none. */
  public byte[] chunk(long height, int index) {
    Path file = directory.resolve(Long.toString(height)).resolve(Integer.toString(index));
    try {
      if (index < 0
          || !Files.isRegularFile(file)
          || Files.size(file) > SnapshotFormat.MAX_CHUNK_BYTES) {
        return null;
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      LOG.warn("cannot read snapshot chunk {}: {}", file, e.toString());
      return null;
    }
  }

  /** Waits for a running export to finish (tests) and stops the exporter. */
  @Override
  public void close() {
    exporter.shutdown();
    try {
      if (!exporter.awaitTermination(60, TimeUnit.SECONDS)) {
        LOG.warn("a snapshot export still runs at shutdown; it is left incomplete");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void export(RocksStore.View view) throws IOException {
    long started = System.nanoTime();
    long height = view.lastCommit().height();
    Path target = directory.resolve(Long.toString(height));
    if (Files.exists(target)) {
      return;
    }
    Path temporary = directory.resolve(TEMPORARY + height);
    deleteTree(temporary);
    Files.createDirectories(temporary);
    List<byte[]> hashes = new ArrayList<>();
    long keys = 0;
    long bytes = 0;
    SnapshotFormat.ChunkBuilder chunk = new SnapshotFormat.ChunkBuilder();
    Iterator<KeyValue> entries = view.scan(new byte[0], null);
    while (entries.hasNext()) {
      KeyValue entry = entries.next();
      if (chunk.full() || (chunk.entries() > 0 && chunk.sizeWith(entry) > chunkBytes)) {
        bytes += writeChunk(temporary, hashes, chunk.toByteArray());
        chunk = new SnapshotFormat.ChunkBuilder();
      }
      chunk.add(entry);
      keys++;
    }
    bytes += writeChunk(temporary, hashes, chunk.toByteArray());
    SnapshotFormat.Metadata metadata =
        new SnapshotFormat.Metadata(height, view.lastCommit().appHash(), hashes);
    writeSynced(temporary.resolve(METADATA), metadata.encode());
    fsync(temporary);
    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    fsync(directory);
    LOG.info(
        "snapshot at height {}: {} keys in {} chunks ({} bytes), hash {}, in {} ms",
        height,
        keys,
        hashes.size(),
        bytes,
        java.util.HexFormat.of().formatHex(metadata.hash()),
        (System.nanoTime() - started) / 1_000_000);
    deleteOld();
  }

  private static long writeChunk(Path temporary, List<byte[]> hashes, byte[] chunk)
      throws IOException {
    writeSynced(temporary.resolve(Integer.toString(hashes.size())), chunk);
    hashes.add(io.leasechain.crypto.Hashes.sha256(chunk));
    CrashPoints.reach("snapshot-chunk");
    return chunk.length;
  }

  private void deleteOld() throws IOException {
    List<Long> heights = heights();
    for (long height : heights.subList(Math.min(keepRecent, heights.size()), heights.size())) {
      Path old = directory.resolve(Long.toString(height));
      // The metadata goes first: a crash mid-delete leaves a directory the next start removes.
      Files.deleteIfExists(old.resolve(METADATA));
      deleteTree(old);
      LOG.info("deleted snapshot at height {} (keeping the newest {})", height, keepRecent);
    }
  }

  /** Heights of the complete snapshots, newest first. */
  private List<Long> heights() {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries
          .filter(entry -> Files.exists(entry.resolve(METADATA)))
          .map(SnapshotDirectory::height)
          .filter(height -> height >= 0)
          .sorted(Comparator.reverseOrder())
          .toList();
    } catch (IOException e) {
      throw new StoreException("cannot list snapshots in " + directory + ": " + e, e);
    }
  }

  /** The height a snapshot directory is named by, or -1 for anything else. */
  private static long height(Path entry) {
    String name = entry.getFileName().toString();
    if (name.isEmpty() || name.length() > 18 || !name.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Long.parseLong(name);
  }

  private static void writeSynced(Path file, byte[] bytes) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
  }

  private static void fsync(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** Deletes {@code root} and everything under it; nothing if it does not exist. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
