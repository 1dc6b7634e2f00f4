package io.leasechain.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class BasisPointsTest {

  @Test
  void sharesOfTheLargestAmountsDoNotOverflow() {
    assertEquals(Long.MAX_VALUE, BasisPoints.share(Long.MAX_VALUE, 10_000));
    assertEquals(Long.MAX_VALUE / 10, BasisPoints.share(Long.MAX_VALUE, 1_000));
    assertEquals(0, BasisPoints.share(Long.MAX_VALUE, 0));
    assertEquals(0, BasisPoints.share(9_999, 1), "floored");
    assertEquals(1, BasisPoints.share(10_000, 1));
  }

  @Test
  void aResultThatDoesNotFitALongIsAnError() {
    assertThrows(ArithmeticException.class, () -> BasisPoints.share(Long.MAX_VALUE, 10_001));
  }

  @Property
  void isTheFlooredExactShare(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long amount,
      @ForAll @LongRange(min = 0, max = 10_000) long bps) {
    long share = BasisPoints.share(amount, bps);
    assertEquals(
        BigInteger.valueOf(amount)
            .multiply(BigInteger.valueOf(bps))
            .divide(BigInteger.valueOf(10_000)),
        BigInteger.valueOf(share));
    assertTrue(share <= amount);
  }
}
