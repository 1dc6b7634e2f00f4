package io.leasechain.node.store;

import io.leasechain.commitment.MissingVersionException;
import io.leasechain.ledger.state.Write;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that drafts the running block's tree version ({@link BlockDraft}): it takes the writes
 * reported since its last step and applies them, step after step, while the block's own thread runs
 * txs, so that the block waits at its end only for what came after the last step. One draft at a
 * time: a new one ends the one before. A step that fails fails its draft only, which the block then
 * replaces by an update of its whole write set.
 */
final class TreeDrafter {

  private static final Logger LOG = LoggerFactory.getLogger(TreeDrafter.class);

  private BlockDraft current;
  // A share of the step under way, for the thread that ends its draft to take; null when none.
  private Runnable spare;
  private Thread thread;
  private boolean warned;
  private boolean closed;

  /**
   * Makes {@code draft} the one drafted, ending the one before; the thread starts with the first.
   */
  synchronized void start(BlockDraft draft) {
    if (current != null) {
      current.ended = true;
      current = null;
    }
    if (!closed && (thread != null || startThread())) {
      current = draft;
    } else {
      // Nothing will draft it: its writes are not kept.
      draft.ended = true;
    }
  }

  /** Queues writes a block reported; dropped when its draft has ended. */
  synchronized void offer(BlockDraft draft, List<Write> writes) {
    if (draft.ended || writes.isEmpty()) {
      return;
    }
    draft.incoming.add(writes);
    notifyAll();
  }

  /**
   * Holds a share of the running step's work (a task of its update's, which finds nothing left to
   * do once the step has done it all) for {@link #end} to take, rather than wait idle.
   */
  synchronized void spare(Runnable share) {
    spare = share;
  }

  /**
   * Ends {@code draft} and waits for its step under way, taking a share of that step meanwhile, so
   * that the caller may finish the draft (or drop it) on its own thread; returns its failure, or
   * null.
   */
  Throwable end(BlockDraft draft) {
    boolean interrupted = false;
    Throwable failure;
    Runnable share = null;
    synchronized (this) {
      draft.ended = true;
      draft.incoming = List.of();
      if (current == draft) {
        current = null;
      }
      if (draft.running) {
        share = spare;
        spare = null;
      }
    }
    if (share != null) {
      // The update catches what its parts throw and rethrows it on the step's own thread.
      share.run();
    }
    synchronized (this) {
      while (draft.running) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      failure = draft.failure;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return failure;
  }

  /** Ends the current draft and waits for the thread: nothing reads the store after. */
  void close() {
    Thread running;
    synchronized (this) {
      closed = true;
      if (current != null) {
        current.ended = true;
        current = null;
      }
      running = thread;
      notifyAll();
    }
    StoreThreads.awaitEnd(running);
  }

  /**
   * A thread that cannot start (the process is out of threads) only costs the drafting: the block
   * updates its tree at its end, as without one, and the next draft tries again.
   */
  private boolean startThread() {
    thread =
        StoreThreads.startDaemon(
            this::run,
            "state-tree-drafter",
            e -> warnOnce("cannot start the state tree drafter", e));
    return thread != null;
  }

  // A wiped or pruned version under a step is expected now and then (a state-sync restore);
  // anything else is worth one warning, and the block's own update meets the same fault if real.
  private synchronized void warnOnce(String what, Throwable e) {
    if (e instanceof MissingVersionException || warned) {
      LOG.debug("{}: {}", what, e.toString());
    } else {
      warned = true;
      LOG.warn("{} (said once; blocks update their tree at their end): {}", what, e.toString());
    }
  }

  /** Records the end of a step of {@code draft}: taken, or failed (which ends the draft). */
  private synchronized void stepped(BlockDraft draft, Throwable failure) {
    draft.running = false;
    spare = null;
    if (failure == null) {
      draft.steps++;
    } else {
      draft.failure = failure;
      draft.ended = true;
      if (current == draft) {
        current = null;
      }
    }
    notifyAll();
  }

  private void run() {
    try {
      while (true) {
        BlockDraft draft;
        List<List<Write>> reported;
        synchronized (this) {
          while (!closed && (current == null || current.incoming.isEmpty())) {
            wait();
          }
          if (closed) {
            return;
          }
          draft = current;
          reported = draft.incoming;
          draft.incoming = new ArrayList<>();
          draft.running = true;
        }
        Throwable failure = null;
        try {
          draft.step(reported);
        } catch (RuntimeException | Error e) {
          failure = e;
        } finally {
          // Before anything else (logging may fail too): a draft left running would keep its
          // block waiting in end() for ever.
          stepped(draft, failure);
        }
        if (failure != null) {
          warnOnce("a state tree draft step failed and its draft is dropped", failure);
        }
        if (failure instanceof Error error) {
          // The process's trouble, not the draft's: this thread ends, the next draft starts one.
          throw error;
        }
      }
    } catch (InterruptedException e) {
      // Nothing here interrupts this thread; if something else does, the next draft starts one.
    } finally {
      synchronized (this) {
        thread = null;
        if (current != null) {
          current.ended = true;
          current = null;
        }
        notifyAll();
      }
    }
  }
}
