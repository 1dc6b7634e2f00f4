package io.leasechain.client.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void nearestRankOfAHundredValues() {
    long[] values = new long[100];
    for (int i = 0; i < 100; i++) {
      values[i] = 100 - i; // unsorted on purpose
    }
    assertEquals(50, Percentiles.nearestRank(values, 50));
    assertEquals(99, Percentiles.nearestRank(values, 99));
    assertEquals(100, Percentiles.nearestRank(values, 100));
    assertEquals(1, Percentiles.nearestRank(values, 1));
    assertEquals(100, values[0], "the caller's array is left alone");
  }

  @Test
  void roundsTheRankUp() {
    long[] values = {10, 20, 30};
    // 50% of 3 is 1.5: the second value is the smallest with at least half at or below it.
    assertEquals(20, Percentiles.nearestRank(values, 50));
    assertEquals(30, Percentiles.nearestRank(values, 99));
    assertEquals(10, Percentiles.nearestRank(new long[] {10}, 1));
  }

  @Test
  void noValuesGiveZeroAndBadPercentsAreRefused() {
    assertEquals(0, Percentiles.nearestRank(new long[0], 50));
    assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(new long[] {1}, 0));
    assertThrows(
        IllegalArgumentException.class, () -> Percentiles.nearestRank(new long[] {1}, 101));
  }
}
