package io.leasechain.node.snapshot;

import com.google.protobuf.ByteString;
import io.leasechain.ledger.state.KeyValue;
import io.leasechain.node.abci.proto.RequestApplySnapshotChunk;
import io.leasechain.node.abci.proto.RequestLoadSnapshotChunk;
import io.leasechain.node.abci.proto.RequestOfferSnapshot;
import io.leasechain.node.abci.proto.ResponseApplySnapshotChunk;
import io.leasechain.node.abci.proto.ResponseListSnapshots;
import io.leasechain.node.abci.proto.ResponseLoadSnapshotChunk;
import io.leasechain.node.abci.proto.ResponseOfferSnapshot;
import io.leasechain.node.abci.proto.Snapshot;
import io.leasechain.node.store.RocksStore;
import io.leasechain.node.store.StateRestore;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The four ABCI state-sync calls: serving this node's snapshots to peers, and restoring an empty
 * store from a peer's snapshot. Chunks are checked against the SHA-256 list of the offered metadata
 * (a bad one is refetched from another peer), and the rebuilt tree against the app hash CometBFT's
 * light client verified. Called under the application lock, one call at a time.
 */
public final class StateSync {

  /** Test-only: "true" makes this node serve every chunk with its last byte flipped. */
  public static final String CORRUPT_CHUNKS = "LEASECHAIN_FAILPOINT_CORRUPT_SNAPSHOT_CHUNKS";

  private static final Logger LOG = LoggerFactory.getLogger(StateSync.class);

  private final RocksStore store;
  private final SnapshotDirectory snapshots;
  private final Runnable onRestored;
  private final boolean corruptChunks;

  /** The snapshot being restored and its progress, or null. */
  private SnapshotFormat.Metadata offered;

  /** Volatile: queries, on their own threads, refuse to answer while it is set. */
  private volatile StateRestore restore;

  private long restoreStarted;

  /**
   * Chunks of an accepted snapshot that the store already holds (its height and trusted app hash),
   * answered without being applied; 0 when none.
   */
  private int heldChunks;

  /**
   * @param snapshots this node's snapshots, or null to serve none
   * @param onRestored run once a restore committed the snapshot height
   */
  public StateSync(RocksStore store, SnapshotDirectory snapshots, Runnable onRestored) {
    this.store = store;
    this.snapshots = snapshots;
    this.onRestored = onRestored;
    this.corruptChunks = Boolean.parseBoolean(System.getenv(CORRUPT_CHUNKS));
  }

  /** Starts a snapshot after the commit of {@code height} when one is due. */
  public void afterCommit(long height) {
    if (snapshots != null) {
      snapshots.afterCommit(store, height);
    }
  }

  /**
   * Whether a restore is under way: the store then holds part of a snapshot, committed as versions
   * below its height, which no query may take for the chain's state.
   */
  public boolean restoring() {
    return restore != null;
  }

  public ResponseListSnapshots listSnapshots() {
    ResponseListSnapshots.Builder response = ResponseListSnapshots.newBuilder();
    if (snapshots != null) {
      for (SnapshotFormat.Metadata metadata : snapshots.list()) {
        byte[] encoded = metadata.encode();
        response.addSnapshots(
            Snapshot.newBuilder()
                .setHeight(metadata.height())
                .setFormat(SnapshotFormat.FORMAT)
                .setChunks(metadata.chunks())
                .setHash(ByteString.copyFrom(metadata.hash()))
                .setMetadata(ByteString.copyFrom(encoded)));
      }
    }
    return response.build();
  }

  public ResponseLoadSnapshotChunk loadSnapshotChunk(RequestLoadSnapshotChunk request) {
    byte[] chunk =
        snapshots == null || request.getFormat() != SnapshotFormat.FORMAT
            ? null
            : snapshots.chunk(request.getHeight(), request.getChunk());
    if (chunk == null) {
      return ResponseLoadSnapshotChunk.getDefaultInstance();
    }
    if (corruptChunks) {
      LOG.warn(
          "failpoint {}: serving chunk {} of height {} corrupted",
          CORRUPT_CHUNKS,
          request.getChunk(),
          request.getHeight());
      chunk[chunk.length - 1] ^= 1;
    }
    return ResponseLoadSnapshotChunk.newBuilder().setChunk(ByteString.copyFrom(chunk)).build();
  }

  public ResponseOfferSnapshot offerSnapshot(RequestOfferSnapshot request) {
    Snapshot snapshot = request.getSnapshot();
    if (snapshot.getFormat() != SnapshotFormat.FORMAT) {
      LOG.info("OfferSnapshot: format {} is not {}", snapshot.getFormat(), SnapshotFormat.FORMAT);
      return offer(ResponseOfferSnapshot.Result.REJECT_FORMAT);
    }
    // CometBFT may give up on a snapshot on its own (chunks timing out) and offer another: the
    // partial restore, whose chunks are committed as versions below its height, goes first.
    abandon();
    heldChunks = 0;
    RocksStore.Commit held = store.lastCommit();
    if (held.height() != 0
        && held.height() == snapshot.getHeight()
        && snapshot.getChunks() > 0
        && Arrays.equals(held.appHash(), request.getAppHash().toByteArray())) {
      // A restore that reached the disk, then a crash before CometBFT recorded it: CometBFT starts
      // state sync over again, and the state it wants is already here, checked against the same
      // trusted app hash. Its chunks are taken without being applied.
      LOG.info(
          "OfferSnapshot: the store already holds height {} with the trusted app hash; accepting"
              + " its chunks without applying them",
          held.height());
      heldChunks = snapshot.getChunks();
      return offer(ResponseOfferSnapshot.Result.ACCEPT);
    }
    if (held.height() != 0) {
      LOG.warn(
          "OfferSnapshot: the store already holds height {}; state sync needs an empty node",
          held.height());
      return offer(ResponseOfferSnapshot.Result.ABORT);
    }
    SnapshotFormat.Metadata metadata;
    try {
      metadata = SnapshotFormat.Metadata.decode(snapshot.getMetadata().toByteArray());
    } catch (IllegalArgumentException e) {
      return reject(snapshot, "malformed metadata: " + e.getMessage());
    }
    if (!Arrays.equals(metadata.hash(), snapshot.getHash().toByteArray())
        || metadata.height() != snapshot.getHeight()
        || metadata.chunks() != snapshot.getChunks()) {
      return reject(snapshot, "its hash, height or chunk count disagree with its metadata");
    }
    if (!Arrays.equals(metadata.appHash(), request.getAppHash().toByteArray())) {
      return reject(
          snapshot,
          "it claims app hash "
              + hex(metadata.appHash())
              + " but the light client verified "
              + hex(request.getAppHash().toByteArray()));
    }
    if (metadata.chunks() > metadata.height()) {
      return reject(snapshot, "more chunks than heights to restore them as versions");
    }
    restore =
        StateRestore.begin(
            store, metadata.height(), request.getAppHash().toByteArray(), metadata.chunks());
    offered = metadata;
    restoreStarted = System.nanoTime();
    LOG.info(
        "OfferSnapshot: restoring height {} from {} chunks, trusted app hash {}",
        metadata.height(),
        metadata.chunks(),
        hex(metadata.appHash()));
    return offer(ResponseOfferSnapshot.Result.ACCEPT);
  }

  public ResponseApplySnapshotChunk applySnapshotChunk(RequestApplySnapshotChunk request) {
    if (heldChunks > 0) {
      if (request.getIndex() == heldChunks - 1) {
        heldChunks = 0;
        onRestored.run();
      }
      return apply(ResponseApplySnapshotChunk.Result.ACCEPT);
    }
    if (restore == null) {
      LOG.warn("ApplySnapshotChunk {} without an accepted snapshot", request.getIndex());
      return apply(ResponseApplySnapshotChunk.Result.ABORT);
    }
    int index = request.getIndex();
    if (index < restore.applied()) {
      return apply(ResponseApplySnapshotChunk.Result.ACCEPT);
    }
    if (index > restore.applied()) {
      LOG.warn("ApplySnapshotChunk {} while chunk {} is due; restarting", index, restore.applied());
      abandon();
      return apply(ResponseApplySnapshotChunk.Result.RETRY_SNAPSHOT);
    }
    byte[] chunk = request.getChunk().toByteArray();
    if (chunk.length > SnapshotFormat.MAX_CHUNK_BYTES || !offered.matches(index, chunk)) {
      LOG.warn(
          "ApplySnapshotChunk: refusing chunk {} of height {} from peer {}: its SHA-256 is not the"
              + " one the snapshot metadata lists; refetching it from another peer",
          index,
          offered.height(),
          request.getSender());
      ResponseApplySnapshotChunk.Builder retry =
          ResponseApplySnapshotChunk.newBuilder()
              .setResult(ResponseApplySnapshotChunk.Result.RETRY)
              .addRefetchChunks(index);
      if (!request.getSender().isEmpty()) {
        retry.addRejectSenders(request.getSender());
      }
      return retry.build();
    }
    StateRestore.Outcome outcome;
    try {
      List<KeyValue> entries = SnapshotFormat.decodeChunk(chunk);
      outcome = restore.apply(entries);
    } catch (IllegalArgumentException e) {
      // The chunk is the one the metadata lists, so the snapshot itself is bad.
      LOG.warn(
          "ApplySnapshotChunk: rejecting snapshot at height {}: {}",
          offered.height(),
          e.getMessage());
      abandon();
      return apply(ResponseApplySnapshotChunk.Result.REJECT_SNAPSHOT);
    }
    switch (outcome) {
      case MORE -> {
        return apply(ResponseApplySnapshotChunk.Result.ACCEPT);
      }
      case ROOT_MISMATCH -> {
        LOG.warn(
            "ApplySnapshotChunk: the restored tree's root is not the trusted app hash {}; rejecting"
                + " the snapshot at height {}",
            hex(offered.appHash()),
            offered.height());
        restore = null;
        offered = null;
        return apply(ResponseApplySnapshotChunk.Result.REJECT_SNAPSHOT);
      }
      default -> {
        LOG.info(
            "state sync: restored height {} from {} chunks in {} ms, app hash {}",
            offered.height(),
            offered.chunks(),
            (System.nanoTime() - restoreStarted) / 1_000_000,
            hex(offered.appHash()));
        restore = null;
        offered = null;
        onRestored.run();
        return apply(ResponseApplySnapshotChunk.Result.ACCEPT);
      }
    }
  }

  /** Drops a restore in progress, leaving the store empty. */
  private void abandon() {
    if (restore != null) {
      restore.abort();
      restore = null;
      offered = null;
    }
  }

  private static ResponseOfferSnapshot reject(Snapshot snapshot, String why) {
    LOG.warn("OfferSnapshot: rejecting the snapshot at height {}: {}", snapshot.getHeight(), why);
    return offer(ResponseOfferSnapshot.Result.REJECT);
  }

  private static ResponseOfferSnapshot offer(ResponseOfferSnapshot.Result result) {
    return ResponseOfferSnapshot.newBuilder().setResult(result).build();
  }

  private static ResponseApplySnapshotChunk apply(ResponseApplySnapshotChunk.Result result) {
    return ResponseApplySnapshotChunk.newBuilder().setResult(result).build();
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().withUpperCase().formatHex(bytes);
  }
}
