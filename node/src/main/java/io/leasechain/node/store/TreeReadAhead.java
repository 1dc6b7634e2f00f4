package io.leasechain.node.store;

import io.leasechain.commitment.MissingVersionException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys waiting for their tree paths to be read ahead, and the one thread that reads them: the keys
 * txs admitted to the mempool write, whose tree nodes the next block's update would otherwise read
 * from disk while the block waits (a large state's leaves are rarely cached). It decides nothing: a
 * walk's reads only fill the node cache, a key read ahead in vain costs its reads, one never read
 * ahead costs the update its reads, and a walk that fails (its version pruned or wiped under it) is
 * dropped. Keys wait in the order they came, and each is walked once until the next {@link #clear}
 * (the accounts every tx writes would otherwise be walked once per tx); past {@link #CAPACITY} new
 * ones are dropped, so a flood of txs costs at most that many walks a block.
 */
final class TreeReadAhead {

  /**
   * Keys waiting and walked since the last clear, at most: well above a block's writes, a bound
   * only for a flooded mempool.
   */
  static final int CAPACITY = 16_384;

  private static final Logger LOG = LoggerFactory.getLogger(TreeReadAhead.class);

  /** Reads the tree nodes an update writing (or {@code deleting}) {@code key} will read. */
  interface Walk {
    void walk(byte[] key, boolean deleting);
  }

  private final Walk walk;
  // Guarded by this: keys to the latest write's kind, in the order they first came; and the keys
  // taken for a walk since the last clear.
  private final Map<ByteBuffer, Boolean> waiting = new LinkedHashMap<>();
  private final Set<ByteBuffer> walked = new HashSet<>();
  private Thread thread;
  private boolean warned;
  private boolean walking;
  private boolean closed;

  TreeReadAhead(Walk walk) {
    this.walk = walk;
  }

  /** Queues {@code key} (a copy of it); the thread starts with the first key. */
  synchronized void offer(byte[] key, boolean deleting) {
    if (closed) {
      return;
    }
    ByteBuffer wrapped = ByteBuffer.wrap(key.clone());
    if (walked.contains(wrapped)
        || (waiting.size() + walked.size() >= CAPACITY && !waiting.containsKey(wrapped))) {
      return;
    }
    waiting.put(wrapped, deleting);
    if (thread == null) {
      startThread();
    }
    notifyAll();
  }

  /**
   * Starts the walking thread. One that cannot start (the process is out of threads, which the JVM
   * says with an OutOfMemoryError) only costs the read-ahead: the keys wait, the next offer tries
   * again, and the CheckTx that offered them goes on.
   */
  private void startThread() {
    thread =
        StoreThreads.startDaemon(
            this::run,
            "tree-read-ahead",
            e -> {
              if (!warned) {
                warned = true;
                LOG.warn("cannot start the tree read-ahead thread (said once): {}", e.toString());
              }
            });
  }

  /**
   * Drops the waiting keys and forgets which were walked: a block's update has begun, what it needs
   * it reads itself, and after it the paths are those of a new version.
   */
  synchronized void clear() {
    waiting.clear();
    walked.clear();
  }

  /** The number of keys waiting, and the one being walked if any (for tests). */
  synchronized int pending() {
    return waiting.size() + (walking ? 1 : 0);
  }

  /** Drops the waiting keys and waits for the walk under way: nothing reads the store after. */
  void close() {
    Thread running;
    synchronized (this) {
      closed = true;
      waiting.clear();
      walked.clear();
      running = thread;
      notifyAll();
    }
    StoreThreads.awaitEnd(running);
  }

  // A pruned or wiped version under a walk is expected now and then; anything else is worth one
  // warning (the block's own update then meets the same fault and reports it).
  private synchronized void failed(RuntimeException e) {
    if (e instanceof MissingVersionException || warned) {
      LOG.debug("a tree read-ahead walk failed and is dropped: {}", e.toString());
    } else {
      warned = true;
      LOG.warn("a tree read-ahead walk failed and is dropped (said once): {}", e.toString());
    }
  }

  private void run() {
    try {
      while (true) {
        Map.Entry<ByteBuffer, Boolean> next;
        synchronized (this) {
          walking = false;
          while (waiting.isEmpty() && !closed) {
            wait();
          }
          if (closed) {
            return;
          }
          Iterator<Map.Entry<ByteBuffer, Boolean>> first = waiting.entrySet().iterator();
          next = first.next();
          first.remove();
          walked.add(next.getKey());
          walking = true;
        }
        try {
          walk.walk(next.getKey().array(), next.getValue());
        } catch (RuntimeException e) {
          failed(e);
        }
      }
    } catch (InterruptedException e) {
      // Nothing here interrupts this thread; if something else does, another one takes over.
    } finally {
      synchronized (this) {
        walking = false;
        thread = null;
        // Keys queued while this thread was ending would otherwise wait for the next offer.
        if (!closed && !waiting.isEmpty()) {
          startThread();
        }
      }
    }
  }
}
