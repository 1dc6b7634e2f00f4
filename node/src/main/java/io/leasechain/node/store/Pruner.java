package io.leasechain.node.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prunes the state tree in the background to the {@code keep_recent} window: a commit only wakes
 * it, so consensus never waits for a prune. One per node, started and stopped with it; on start it
 * first finishes a prune a crash interrupted.
 */
public final class Pruner implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);

  private final RocksStore store;
  private final Thread thread;
  private final Object signal = new Object();
  private boolean pending = true;
  private boolean stopping;

  private Pruner(RocksStore store) {
    this.store = store;
    this.thread = new Thread(this::run, "leasechain-pruner");
    thread.setDaemon(true);
  }

  /**
   * Starts pruning {@code store} after each commit; null (nothing to do) when the store keeps every
   * height.
   */
  public static Pruner start(RocksStore store) {
    if (store.keepRecent() == 0) {
      return null;
    }
    Pruner pruner = new Pruner(store);
    store.onCommit(pruner::signal);
    pruner.thread.start();
    return pruner;
  }

  /** Wakes the pruner; returns at once. */
  void signal() {
    synchronized (signal) {
      pending = true;
      signal.notifyAll();
    }
  }

  private void run() {
    while (true) {
      synchronized (signal) {
        while (!pending && !stopping) {
          try {
            signal.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (stopping) {
          return;
        }
        pending = false;
      }
      // No memory of how far it pruned: a state-sync restore wipes the store and may restart it
      // below that, and a prune with nothing left to delete is one seek into the stale index.
      long target = store.lastCommit().height() - store.keepRecent();
      if (target <= 0) {
        continue;
      }
      try {
        long deleted = store.prune(target);
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
        if (deleted > 0) {
          LOG.debug("pruned {} state tree nodes below height {}", deleted, target);
        }
      } catch (RuntimeException e) {
        // A failing disk, or a restore wiping the store under this prune: retried after the next
        // commit. Dying here would let the tree grow without bound while the node runs on.
        LOG.error(
            "pruning below height {} failed; retrying after the next commit: {}",
            target,
            e.toString(),
            e);
      }
    }
  }

  /** Stops pruning (mid-prune, between two batches) and waits for the thread to end. */
  @Override
  public void close() {
    synchronized (signal) {
      stopping = true;
      signal.notifyAll();
    }
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    store.onCommit(() -> {});
  }
}
