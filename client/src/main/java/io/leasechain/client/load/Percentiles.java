package io.leasechain.client.load;

import java.util.Arrays;

/** Nearest-rank percentiles of latencies, in milliseconds. */
public final class Percentiles {

  private Percentiles() {}

  /**
   * The nearest-rank {@code percent}-th percentile of {@code values} (the smallest value with at
   * least percent% of the values at or below it); 0 for no values.
   */
  public static long nearestRank(long[] values, int percent) {
    if (percent < 1 || percent > 100) {
      throw new IllegalArgumentException("percentile must be 1..100, not " + percent);
    }
    if (values.length == 0) {
      return 0;
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) ((long) percent * sorted.length / 100);
    if ((long) rank * 100 < (long) percent * sorted.length) {
      rank++;
    }
    return sorted[Math.max(1, rank) - 1];
  }
}
