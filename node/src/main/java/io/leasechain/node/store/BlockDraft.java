package io.leasechain.node.store;

import io.leasechain.commitment.KeyChange;
import io.leasechain.commitment.TreeBatch;
import io.leasechain.commitment.TreeDraft;
import io.leasechain.ledger.BlockProgress;
import io.leasechain.ledger.state.Write;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

/**
 * A block's tree version drafted while the block runs: the writes it reports ({@link
 * BlockProgress}) are applied in steps on the store's drafting thread, and {@link
 * RocksStore#prepare(long, List, BlockDraft)} applies what the block's whole write set still
 * changes. Only the block's time is at stake: the root is the same however the steps fell, and a
 * draft that failed or was left behind is dropped for an update of the whole write set.
 */
public final class BlockDraft implements BlockProgress {

  // What held gives for a key it lacks; compared by identity, so no value is mistaken for it.
  private static final byte[] UNSEEN = new byte[0];

  private final TreeDrafter drafter;
  private final RocksStore.Commit base;
  private final TreeDraft tree;
  private final UnaryOperator<byte[]> cachedValue;

  // Touched by the thread running a step, then by the one finishing the draft; the drafter's lock
  // hands them from one to the other. The value the draft holds for each key it was given (null:
  // deleted).
  private final Map<HashedKey, byte[]> held = new HashMap<>();

  // Guarded by the drafter.
  List<List<Write>> incoming = new ArrayList<>();
  boolean running;
  boolean ended;
  int steps;
  Throwable failure;

  BlockDraft(
      TreeDrafter drafter,
      RocksStore.Commit base,
      TreeDraft tree,
      UnaryOperator<byte[]> cachedValue) {
    this.drafter = drafter;
    this.base = base;
    this.tree = tree;
    this.cachedValue = cachedValue;
  }

  /**
   * What the block should report its writes to: this draft, or no one when nothing drafts it (a
   * single core, a drafting thread that could not start), so that the block does not copy writes
   * only to have them dropped.
   */
  public BlockProgress progress() {
    synchronized (drafter) {
      // A draft nothing drafts is ended from the start.
      return ended ? BlockProgress.NONE : this;
    }
  }

  @Override
  public void written(List<Write> writes) {
    drafter.offer(this, writes);
  }

  /** Drops the draft (its block failed or is not to be prepared): its thread moves on. */
  public void cancel() {
    drafter.end(this);
  }

  RocksStore.Commit base() {
    return base;
  }

  long height() {
    return tree.version();
  }

  /** Applies writes reported while the block ran, later ones over earlier ones to a key. */
  void step(List<List<Write>> reported) {
    Map<HashedKey, byte[]> latest = new HashMap<>();
    for (List<Write> writes : reported) {
      for (Write write : writes) {
        latest.put(new HashedKey(write.key()), write.value());
      }
    }
    // In any order: the update sorts its changes by key hash.
    List<KeyChange> changes = new ArrayList<>(latest.size());
    latest.forEach((key, value) -> change(key, value, changes));
    // One share of the step is offered to whoever ends the draft while the step runs.
    tree.apply(changes, drafter::spare, 1);
    held.putAll(latest);
  }

  /**
   * The version with the block's whole write set (one per key): what the steps have not applied
   * yet, and a key a step wrote that the block in the end did not, back to {@code committed}'s
   * value (not expected: a block's writes only grow, but the root must not depend on it).
   */
  TreeBatch finish(
      List<Write> writes, UnaryOperator<byte[]> committed, Executor helpers, int helperThreads) {
    List<KeyChange> changes = new ArrayList<>();
    int matched = 0;
    for (Write write : writes) {
      if (change(new HashedKey(write.key()), write.value(), changes)) {
        matched++;
      }
    }
    if (matched != held.size()) {
      Set<HashedKey> written = new HashSet<>();
      writes.forEach(write -> written.add(new HashedKey(write.key())));
      for (HashedKey key : held.keySet()) {
        if (!written.contains(key)) {
          change(key, committed.apply(key.bytes()), changes);
        }
      }
    }
    tree.apply(changes, helpers, helperThreads);
    return tree.batch(helpers, helperThreads);
  }

  /**
   * Whether a step ran: a draft with none is no better than an update of the whole write set. Read
   * by the thread that ended the draft, or under the drafter's lock.
   */
  boolean started() {
    return tree.started();
  }

  /** Whether a step ran, from any thread (for tests). */
  boolean stepped() {
    synchronized (drafter) {
      return steps > 0;
    }
  }

  /** Whether every write heard so far has been applied or dropped, from any thread (for tests). */
  boolean caughtUp() {
    synchronized (drafter) {
      return incoming.isEmpty() && !running;
    }
  }

  /**
   * Adds the change of {@code key} to {@code value} unless the draft holds that already, with the
   * old value the draft holds (or the state cache's, for a key it has not seen) as the hint.
   * Returns whether the draft had seen the key.
   */
  private boolean change(HashedKey key, byte[] value, List<KeyChange> changes) {
    byte[] drafted = held.getOrDefault(key, UNSEEN);
    boolean seen = drafted != UNSEEN;
    byte[] hint = seen ? drafted : cachedValue.apply(key.bytes());
    if (!seen || !Arrays.equals(hint, value)) {
      changes.add(new KeyChange(key.bytes(), value, hint));
    }
    return seen;
  }
}
