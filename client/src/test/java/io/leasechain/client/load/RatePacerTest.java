package io.leasechain.client.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class RatePacerTest {

  @Test
  void spacesTxsEvenlyFromTheStart() {
    RatePacer pacer = new RatePacer(1_000, 4);
    assertEquals(1_000, pacer.dueNanos(0));
    assertEquals(1_000 + 250_000_000, pacer.dueNanos(1));
    assertEquals(1_000 + 1_000_000_000, pacer.dueNanos(4));
    assertEquals(1_000 + 2_750_000_000L, pacer.dueNanos(11));
  }

  @Test
  void doesNotDriftOverALongRun() {
    // 3 per second: adding a rounded interval of 333,333,333 ns would lose 1 ns per tx.
    RatePacer pacer = new RatePacer(0, 3);
    assertEquals(3_600_000_000_000L, pacer.dueNanos(3 * 3_600));
  }

  @Test
  void refusesAZeroRate() {
    assertThrows(IllegalArgumentException.class, () -> new RatePacer(0, 0));
  }

  @Property
  void exactlyRateTxsAreDueInEachSecond(
      @ForAll @LongRange(min = 1, max = 100_000) long rate,
      @ForAll @LongRange(min = 0, max = 10_000) long second) {
    RatePacer pacer = new RatePacer(0, rate);
    long from = second * 1_000_000_000L;
    long first = second * rate;
    assertTrue(pacer.dueNanos(first) >= from);
    assertTrue(pacer.dueNanos(first + rate - 1) < from + 1_000_000_000L);
    assertTrue(pacer.dueNanos(first + rate) >= from + 1_000_000_000L);
  }
}
