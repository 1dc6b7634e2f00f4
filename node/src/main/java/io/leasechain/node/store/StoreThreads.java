package io.leasechain.node.store;

import java.util.function.Consumer;

/** Starting the store's own background threads, which read RocksDB, and waiting for them to end. */
final class StoreThreads {

  private StoreThreads() {}

  /**
   * Starts {@code task} on a daemon thread named {@code name}, or returns null when none can start
   * (the process is out of threads, which the JVM says with an OutOfMemoryError), having told
   * {@code cannot} why: the caller's work then waits or is done without it.
   */
  static Thread startDaemon(Runnable task, String name, Consumer<Throwable> cannot) {
    Thread started = new Thread(task, name);
    started.setDaemon(true);
    try {
      started.start();
    } catch (OutOfMemoryError | RuntimeException e) {
      cannot.accept(e);
      return null;
    }
    return started;
  }

  /**
   * Waits until {@code thread} has ended (at once when it is null or the calling thread); an
   * interrupt meanwhile is kept for the caller, not acted on, since the store must not close under
   * a thread still reading it.
   */
  static void awaitEnd(Thread thread) {
    if (thread == null || thread == Thread.currentThread()) {
      return;
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
