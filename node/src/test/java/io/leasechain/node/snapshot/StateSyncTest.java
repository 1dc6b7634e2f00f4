package io.leasechain.node.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.leasechain.ledger.query.QueryError;
import io.leasechain.ledger.state.Write;
import io.leasechain.node.abci.proto.RequestApplySnapshotChunk;
import io.leasechain.node.abci.proto.RequestLoadSnapshotChunk;
import io.leasechain.node.abci.proto.RequestOfferSnapshot;
import io.leasechain.node.abci.proto.RequestQuery;
import io.leasechain.node.abci.proto.ResponseApplySnapshotChunk;
import io.leasechain.node.abci.proto.ResponseOfferSnapshot;
import io.leasechain.node.abci.proto.ResponseQuery;
import io.leasechain.node.abci.proto.Snapshot;
import io.leasechain.node.app.LeasechainApp;
import io.leasechain.node.config.AppConfig;
import io.leasechain.node.store.RocksStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots written from one real RocksDB store and restored into another through the four ABCI
 * calls, as CometBFT drives them: the restored store commits the snapshot height with the same
 * root, and every way a snapshot or chunk can be wrong is refused without leaving partial state.
 */
class StateSyncTest {

  private static final int HEIGHT = 4;

  @TempDir Path temp;
  private RocksStore source;
  private RocksStore target;
  private final AtomicInteger restoredCalls = new AtomicInteger();

  @BeforeEach
  void snapshotASourceStore() {
    source = RocksStore.open(temp.resolve("source"));
    for (int height = 1; height <= HEIGHT; height++) {
      List<Write> writes = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        writes.add(
            new Write(bytes("key/" + (height * 37 + i) % 250), bytes("v" + height + "/" + i)));
      }
      if (height == HEIGHT) {
        writes.add(new Write(bytes("key/7"), null));
      }
      source.commit(source.prepare(height, writes));
    }
    try (SnapshotDirectory snapshots = directory(1)) {
      snapshots.afterCommit(source, HEIGHT);
    }
    target = RocksStore.open(temp.resolve("target"));
  }

  @AfterEach
  void close() {
    source.close();
    if (target != null) {
      target.close();
    }
  }

  @Test
  void restoresAnotherStoresSnapshotChunkByChunkAtItsHeightAndRoot() {
    SnapshotFormat.Metadata metadata = newest();
    assertTrue(metadata.chunks() > 1, "several chunks: " + metadata.chunks());
    assertTrue(metadata.chunks() <= HEIGHT);
    StateSync sync = stateSync();
    assertEquals(
        ResponseOfferSnapshot.Result.ACCEPT,
        sync.offerSnapshot(offer(metadata, source.lastCommit().appHash())).getResult());
    for (int i = 0; i < metadata.chunks(); i++) {
      assertEquals(
          ResponseApplySnapshotChunk.Result.ACCEPT,
          sync.applySnapshotChunk(chunk(i, load(i), "peer")).getResult());
    }
    assertEquals(1, restoredCalls.get());
    assertEquals(HEIGHT, target.lastCommit().height());
    assertArrayEquals(source.lastCommit().appHash(), target.lastCommit().appHash());
    assertEquals(HEIGHT, target.oldestHeight());
    for (int i = 0; i < 250; i++) {
      assertArrayEquals(source.get(bytes("key/" + i)), target.get(bytes("key/" + i)), "key/" + i);
    }
    assertNull(target.get(bytes("key/7")));
    // A restored store carries on with the next block like any other.
    target.commit(target.prepare(HEIGHT + 1, List.of(new Write(bytes("key/new"), bytes("x")))));
    assertEquals(HEIGHT + 1, target.lastCommit().height());
  }

  @Test
  void refusesAChunkWhoseHashIsNotInTheMetadataAndAsksAnotherPeerForIt() {
    SnapshotFormat.Metadata metadata = newest();
    StateSync sync = stateSync();
    sync.offerSnapshot(offer(metadata, source.lastCommit().appHash()));
    byte[] corrupted = load(0);
    corrupted[corrupted.length - 1] ^= 1;

    ResponseApplySnapshotChunk refused = sync.applySnapshotChunk(chunk(0, corrupted, "liar"));

    assertEquals(ResponseApplySnapshotChunk.Result.RETRY, refused.getResult());
    assertEquals(List.of(0), refused.getRefetchChunksList());
    assertEquals(List.of("liar"), refused.getRejectSendersList());
    assertEquals(0, target.lastCommit().height());
    for (int i = 0; i < metadata.chunks(); i++) {
      assertEquals(
          ResponseApplySnapshotChunk.Result.ACCEPT,
          sync.applySnapshotChunk(chunk(i, load(i), "honest")).getResult());
    }
    assertArrayEquals(source.lastCommit().appHash(), target.lastCommit().appHash());
  }

  @Test
  void offersThatCannotBeRestoredAreRefusedBeforeAnyChunk() {
    SnapshotFormat.Metadata metadata = newest();
    byte[] root = source.lastCommit().appHash();
    StateSync sync = stateSync();
    byte[] other = root.clone();
    other[0] ^= 1;
    assertEquals(
        ResponseOfferSnapshot.Result.REJECT,
        sync.offerSnapshot(offer(metadata, other)).getResult());
    RequestOfferSnapshot wrongFormat = offer(metadata, root);
    wrongFormat =
        wrongFormat.toBuilder()
            .setSnapshot(wrongFormat.getSnapshot().toBuilder().setFormat(2))
            .build();
    assertEquals(
        ResponseOfferSnapshot.Result.REJECT_FORMAT, sync.offerSnapshot(wrongFormat).getResult());
    RequestOfferSnapshot wrongHash = offer(metadata, root);
    wrongHash =
        wrongHash.toBuilder()
            .setSnapshot(wrongHash.getSnapshot().toBuilder().setHash(ByteString.copyFrom(root)))
            .build();
    assertEquals(ResponseOfferSnapshot.Result.REJECT, sync.offerSnapshot(wrongHash).getResult());
    assertEquals(
        ResponseOfferSnapshot.Result.ABORT,
        new StateSync(source, null, () -> {}).offerSnapshot(offer(metadata, other)).getResult(),
        "a node with state of its own is not overwritten");
  }

  @Test
  void aSnapshotWhoseStateDoesNotHashToTheTrustedRootIsRejectedAndLeavesNothing() {
    SnapshotFormat.Metadata real = newest();
    byte[] claimed = real.appHash().clone();
    claimed[5] ^= 1;
    // Consistent metadata (its chunks are the real ones) claiming another root, which the light
    // client "verified": only rebuilding the tree shows the lie.
    SnapshotFormat.Metadata lying =
        new SnapshotFormat.Metadata(real.height(), claimed, real.chunkHashes());
    StateSync sync = stateSync();
    assertEquals(
        ResponseOfferSnapshot.Result.ACCEPT, sync.offerSnapshot(offer(lying, claimed)).getResult());
    ResponseApplySnapshotChunk.Result last = null;
    for (int i = 0; i < real.chunks(); i++) {
      last = sync.applySnapshotChunk(chunk(i, load(i), "peer")).getResult();
    }
    assertEquals(ResponseApplySnapshotChunk.Result.REJECT_SNAPSHOT, last);
    assertEquals(0, restoredCalls.get());
    assertEquals(0, target.lastCommit().height());
    assertFalse(target.scan(new byte[0], null).hasNext(), "the partial state is wiped");
  }

  @Test
  void aRestoreCutShortByACrashLeavesAnEmptyStoreAtTheNextOpen() {
    SnapshotFormat.Metadata metadata = newest();
    StateSync sync = stateSync();
    sync.offerSnapshot(offer(metadata, source.lastCommit().appHash()));
    sync.applySnapshotChunk(chunk(0, load(0), "peer"));
    sync.applySnapshotChunk(chunk(1, load(1), "peer"));
    assertTrue(target.scan(new byte[0], null).hasNext());
    target.close();

    target = RocksStore.open(temp.resolve("target"));

    assertEquals(0, target.lastCommit().height());
    assertFalse(target.scan(new byte[0], null).hasNext());
  }

  /**
   * Killed after the restore is on disk but before CometBFT recorded it, the node starts state sync
   * again over a store that already holds the snapshot: aborting would leave it stuck for good.
   */
  @Test
  void aNodeKilledAfterItsRestoreCompletedAcceptsTheSameSnapshotAgainWithoutReapplyingIt() {
    SnapshotFormat.Metadata metadata = newest();
    byte[] root = source.lastCommit().appHash();
    StateSync sync = stateSync();
    sync.offerSnapshot(offer(metadata, root));
    for (int i = 0; i < metadata.chunks(); i++) {
      sync.applySnapshotChunk(chunk(i, load(i), "peer"));
    }
    target.close();
    target = RocksStore.open(temp.resolve("target"));

    StateSync again = stateSync();
    assertEquals(
        ResponseOfferSnapshot.Result.ACCEPT,
        again.offerSnapshot(offer(metadata, root)).getResult());
    for (int i = 0; i < metadata.chunks(); i++) {
      assertEquals(
          ResponseApplySnapshotChunk.Result.ACCEPT,
          again.applySnapshotChunk(chunk(i, load(i), "peer")).getResult());
    }
    assertEquals(2, restoredCalls.get());
    assertEquals(HEIGHT, target.lastCommit().height());
    assertArrayEquals(root, target.lastCommit().appHash());
    assertArrayEquals(source.get(bytes("key/1")), target.get(bytes("key/1")));
  }

  @Test
  void anOfferInTheMiddleOfARestoreStartsItOverRatherThanAbortingStateSync() {
    SnapshotFormat.Metadata metadata = newest();
    byte[] root = source.lastCommit().appHash();
    StateSync sync = stateSync();
    sync.offerSnapshot(offer(metadata, root));
    sync.applySnapshotChunk(chunk(0, load(0), "peer"));
    assertTrue(target.lastCommit().height() > 0, "chunk 0 is committed as a version below");

    assertEquals(
        ResponseOfferSnapshot.Result.ACCEPT, sync.offerSnapshot(offer(metadata, root)).getResult());
    for (int i = 0; i < metadata.chunks(); i++) {
      assertEquals(
          ResponseApplySnapshotChunk.Result.ACCEPT,
          sync.applySnapshotChunk(chunk(i, load(i), "peer")).getResult());
    }
    assertArrayEquals(root, target.lastCommit().appHash());
  }

  @Test
  void queriesAreRefusedWhileARestoreHoldsOnlyPartOfTheState() {
    SnapshotFormat.Metadata metadata = newest();
    LeasechainApp app = new LeasechainApp(target, false);
    app.offerSnapshot(offer(metadata, source.lastCommit().appHash()));
    app.applySnapshotChunk(chunk(0, load(0), "peer"));
    long partial = target.lastCommit().height();

    ResponseQuery answer =
        app.query(RequestQuery.newBuilder().setPath("/app_hash/" + partial).build());

    assertEquals(QueryError.HEIGHT_UNAVAILABLE.code(), answer.getCode(), answer.getLog());
    assertTrue(answer.getLog().contains("state sync"), answer.getLog());
  }

  @Test
  void theDirectoryKeepsTheNewestSnapshotsAndDropsHalfWrittenOnes() throws Exception {
    Path snapshots = temp.resolve("snapshots");
    Files.createDirectories(snapshots.resolve(".tmp-9"));
    Files.createDirectories(snapshots.resolve("8"));
    Files.write(snapshots.resolve("8").resolve("0"), new byte[] {1});
    try (SnapshotDirectory directory = directory(1)) {
      assertFalse(Files.exists(snapshots.resolve(".tmp-9")));
      assertFalse(Files.exists(snapshots.resolve("8")));
      source.commit(source.prepare(HEIGHT + 1, List.of(new Write(bytes("a"), bytes("b")))));
      directory.afterCommit(source, HEIGHT + 1);
    }
    // One directory per export: close() waits for it, and a snapshot due while another is being
    // written would be skipped.
    try (SnapshotDirectory directory = directory(1)) {
      source.commit(source.prepare(HEIGHT + 2, List.of(new Write(bytes("a"), bytes("c")))));
      directory.afterCommit(source, HEIGHT + 2);
    }
    try (SnapshotDirectory directory = directory(1)) {
      assertEquals(
          List.of((long) HEIGHT + 2, (long) HEIGHT + 1),
          directory.list().stream().map(SnapshotFormat.Metadata::height).toList());
      assertNull(directory.chunk(HEIGHT, 0), "the oldest beyond snapshot_keep_recent is deleted");
    }
  }

  /**
   * A hostile peer's chunk that matches its own metadata may pack 16 MiB of tiny entries: millions
   * of objects, then tree leaves, before the root check can refuse it.
   */
  @Test
  void aChunkOfMoreEntriesThanAnExporterCutsIsRefusedBeforeTheyAreBuilt() {
    int entries = SnapshotFormat.MAX_CHUNK_ENTRIES + 1;
    java.nio.ByteBuffer chunk = java.nio.ByteBuffer.allocate(1 + 10 * entries);
    chunk.put((byte) SnapshotFormat.FORMAT);
    for (int i = 0; i < entries; i++) {
      chunk.putInt(1).put((byte) i).putInt(1).put((byte) 1);
    }
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class, () -> SnapshotFormat.decodeChunk(chunk.array()));
    assertTrue(refused.getMessage().contains("entries"), refused.getMessage());
  }

  @Test
  void anExporterCutsAChunkAtTheEntryLimitSoPeersCanRestoreIt() throws Exception {
    try (RocksStore many = RocksStore.open(temp.resolve("many"))) {
      List<Write> writes = new ArrayList<>();
      for (int i = 0; i <= SnapshotFormat.MAX_CHUNK_ENTRIES; i++) {
        writes.add(new Write(bytes("k" + i), bytes("v")));
      }
      many.commit(many.prepare(2, writes));
      Path folder = temp.resolve("many-snapshots");
      try (SnapshotDirectory snapshots =
          SnapshotDirectory.open(
              folder, new AppConfig.StateConfig(0, 1, 1), SnapshotFormat.MAX_CHUNK_BYTES)) {
        snapshots.afterCommit(many, 2);
      }
      try (SnapshotDirectory snapshots =
          SnapshotDirectory.open(
              folder, new AppConfig.StateConfig(0, 1, 1), SnapshotFormat.MAX_CHUNK_BYTES)) {
        SnapshotFormat.Metadata metadata = snapshots.list().get(0);
        assertEquals(2, metadata.chunks());
        for (int i = 0; i < metadata.chunks(); i++) {
          SnapshotFormat.decodeChunk(snapshots.chunk(2, i));
        }
      }
    }
  }

  @Test
  void malformedChunksAndMetadataAreRefusedWithAReason() {
    assertThrows(IllegalArgumentException.class, () -> SnapshotFormat.decodeChunk(new byte[] {2}));
    assertThrows(
        IllegalArgumentException.class,
        () -> SnapshotFormat.decodeChunk(new byte[] {1, 0, 0, 0, 9, 1}));
    byte[] metadata = newest().encode();
    assertThrows(
        IllegalArgumentException.class,
        () ->
            SnapshotFormat.Metadata.decode(java.util.Arrays.copyOf(metadata, metadata.length - 1)));
  }

  private SnapshotDirectory directory(int interval) {
    return SnapshotDirectory.open(
        temp.resolve("snapshots"), new AppConfig.StateConfig(0, interval, 2), 2048);
  }

  private SnapshotFormat.Metadata newest() {
    try (SnapshotDirectory snapshots = directory(1)) {
      return snapshots.list().get(0);
    }
  }

  private byte[] load(int index) {
    try (SnapshotDirectory snapshots = directory(1)) {
      StateSync server = new StateSync(source, snapshots, () -> {});
      return server
          .loadSnapshotChunk(
              RequestLoadSnapshotChunk.newBuilder()
                  .setHeight(HEIGHT)
                  .setFormat(SnapshotFormat.FORMAT)
                  .setChunk(index)
                  .build())
          .getChunk()
          .toByteArray();
    }
  }

  private StateSync stateSync() {
    return new StateSync(target, null, restoredCalls::incrementAndGet);
  }

  private static RequestOfferSnapshot offer(SnapshotFormat.Metadata metadata, byte[] trusted) {
    return RequestOfferSnapshot.newBuilder()
        .setSnapshot(
            Snapshot.newBuilder()
                .setHeight(metadata.height())
                .setFormat(SnapshotFormat.FORMAT)
                .setChunks(metadata.chunks())
                .setHash(ByteString.copyFrom(metadata.hash()))
                .setMetadata(ByteString.copyFrom(metadata.encode())))
        .setAppHash(ByteString.copyFrom(trusted))
        .build();
  }

  private static RequestApplySnapshotChunk chunk(int index, byte[] chunk, String sender) {
    return RequestApplySnapshotChunk.newBuilder()
        .setIndex(index)
        .setChunk(ByteString.copyFrom(chunk))
        .setSender(sender)
        .build();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
