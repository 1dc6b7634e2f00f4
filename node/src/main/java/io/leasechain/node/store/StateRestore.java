package io.leasechain.node.store;

import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.Write;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rebuilds an empty store from a state-sync snapshot, one chunk at a time so memory stays bounded
 * by a chunk. Chunk {@code i} of {@code n} is committed as tree version {@code height - n + 1 + i}
 * through the store's own prepare/commit, so the last chunk lands exactly on the snapshot height;
 * its root is checked against the trusted app hash before it is written. The intermediate versions
 * (partial states) are pruned at the end, so the first queryable height is the snapshot's. A
 * "restoring" mark in the store's metadata makes the next open wipe a restore a crash interrupted.
 */
public final class StateRestore {

  /** What applying a chunk led to. */
  public enum Outcome {
    /** Applied; more chunks are due. */
    MORE,
    /** The last chunk: the store is committed at the snapshot height with the trusted root. */
    RESTORED,
    /** The last chunk's root is not the trusted app hash: the store was wiped. */
    ROOT_MISMATCH
  }

  private final RocksStore store;
  private final long height;
  private final byte[] trustedAppHash;
  private final int chunks;
  private int applied;
  private byte[] lastKey;

  private StateRestore(RocksStore store, long height, byte[] trustedAppHash, int chunks) {
    this.store = store;
    this.height = height;
    this.trustedAppHash = trustedAppHash.clone();
    this.chunks = chunks;
  }

  /**
   * Wipes {@code store} and starts restoring the state of {@code height}, which {@code chunks}
   * chunks carry.
   *
   * @throws IllegalArgumentException when there are more chunks than heights to hold their versions
   *     ({@code chunks > height})
   */
  public static StateRestore begin(
      RocksStore store, long height, byte[] trustedAppHash, int chunks) {
    if (chunks < 1 || chunks > height) {
      throw new IllegalArgumentException(
          "a snapshot at height " + height + " cannot be restored from " + chunks + " chunks");
    }
    store.beginRestore();
    return new StateRestore(store, height, trustedAppHash, chunks);
  }

  /** How many chunks are applied so far. */
  public int applied() {
    return applied;
  }

  /**
   * Applies the next chunk's entries.
   *
   * @throws IllegalArgumentException when the entries do not follow the previous ones in strictly
   *     ascending key order (the snapshot is malformed); nothing of this chunk is written
   */
  public Outcome apply(List<KeyValue> entries) {
    if (applied == chunks) {
      throw new IllegalStateException("all " + chunks + " chunks are already applied");
    }
    List<Write> writes = new ArrayList<>(entries.size());
    byte[] previous = lastKey;
    for (KeyValue entry : entries) {
      if (previous != null && Arrays.compareUnsigned(previous, entry.key()) >= 0) {
        throw new IllegalArgumentException(
            "snapshot keys are not in strictly ascending order at chunk " + applied);
      }
      writes.add(new Write(entry.key(), entry.value()));
      previous = entry.key();
    }
    long version = height - chunks + 1 + applied;
    RocksStore.Pending pending = store.prepare(version, writes);
    boolean last = applied + 1 == chunks;
    if (last && !Arrays.equals(pending.appHash(), trustedAppHash)) {
      abort();
      return Outcome.ROOT_MISMATCH;
    }
    store.commit(pending);
    lastKey = previous;
    applied++;
    CrashPoints.reach("restore-chunk");
    if (!last) {
      return Outcome.MORE;
    }
    // Only the snapshot height is a real state: drop the partial versions below it.
    store.prune(height);
    store.endRestore();
    return Outcome.RESTORED;
  }

  /** Gives up: the store is left empty. */
  public void abort() {
    store.wipeRestore();
  }
}
