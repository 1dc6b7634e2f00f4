package io.leasechain.client.load;

/**
 * When the i-th tx of a fixed-rate run is due: {@code start + i / rate} seconds, computed from the
 * index rather than by adding intervals, so no rounding accumulates over a long run.
 */
public record RatePacer(long startNanos, long ratePerSecond) {

  public RatePacer {
    if (ratePerSecond < 1) {
      throw new IllegalArgumentException("rate must be positive, not " + ratePerSecond);
    }
  }

  /** The System.nanoTime at which tx {@code index} (0-based) is due. */
  public long dueNanos(long index) {
    // index * 1e9 overflows past 9.2e9 txs; split seconds and the remainder instead.
    long seconds = index / ratePerSecond;
    long rest = index % ratePerSecond;
    return startNanos + seconds * 1_000_000_000L + rest * 1_000_000_000L / ratePerSecond;
  }
}
