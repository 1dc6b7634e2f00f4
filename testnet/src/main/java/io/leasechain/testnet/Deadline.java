package io.leasechain.testnet;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Polls a condition until it holds or a deadline passes: the suites never sleep for a fixed time.
 */
public final class Deadline {

  private static final long POLL_MILLIS = 50;

  private Deadline() {}

  public static void await(String what, Duration timeout, BooleanSupplier condition) {
    long end = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < end) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
    throw new IllegalStateException("timed out after " + timeout + " waiting for " + what, last);
  }
}
