package io.leasechain.node.store;

/** Waiting for the store's own background threads, which read RocksDB, before it closes. */
final class StoreThreads {

  private StoreThreads() {}

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
