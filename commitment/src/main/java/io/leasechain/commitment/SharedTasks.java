package io.leasechain.commitment;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tasks shared by the calling thread and helpers, each taken once by whichever thread asks next, so
 * that the work is done however many helpers turn up, and by the caller alone when none does.
 */
final class SharedTasks {

  private final List<? extends Runnable> tasks;
  // Written by the thread that ran the task; read after awaitAll, which orders the two.
  private final Throwable[] failures;
  private final AtomicInteger next = new AtomicInteger();
  private final CountDownLatch done;

  private SharedTasks(List<? extends Runnable> tasks) {
    this.tasks = tasks;
    this.failures = new Throwable[tasks.size()];
    this.done = new CountDownLatch(tasks.size());
  }

  /**
   * Runs {@code tasks} on the calling thread and on up to {@code helperThreads} tasks of {@code
   * helpers}, and returns once every one has ended, so that no helper still works once this returns
   * or throws; then throws the first failure in the tasks' order, whichever thread met it.
   */
  static void runAll(List<? extends Runnable> tasks, Executor helpers, int helperThreads) {
    SharedTasks shared = new SharedTasks(tasks);
    try {
      for (int h = 0; h < Math.min(helperThreads, tasks.size() - 1); h++) {
        try {
          helpers.execute(shared::run);
        } catch (RejectedExecutionException | OutOfMemoryError e) {
          // Helpers shutting down, or no thread to be had for one: helpers are only a speed-up,
          // so the calling thread takes their share.
          break;
        }
      }
    } finally {
      // Even when handing out work failed otherwise, the tasks a helper took must end before
      // anything is thrown.
      shared.run();
      shared.awaitAll();
    }
    for (Throwable failure : shared.failures) {
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      if (failure instanceof Error e) {
        throw e;
      }
      if (failure != null) {
        throw new IllegalStateException("a shared task failed", failure);
      }
    }
  }

  /** Runs tasks until none is left untaken (a helper that starts late finds none and returns). */
  private void run() {
    for (int i = next.getAndIncrement(); i < tasks.size(); i = next.getAndIncrement()) {
      try {
        tasks.get(i).run();
      } catch (Throwable e) {
        // Whatever it is (a checked exception thrown sneakily too), a task that ended without its
        // result must not pass for one that returned.
        failures[i] = e;
      } finally {
        done.countDown();
      }
    }
  }

  // An interrupt is kept for the caller, not acted on halfway.
  private void awaitAll() {
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
