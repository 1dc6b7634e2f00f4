package io.leasechain.ledger;

import java.math.BigInteger;

/**
 * Shares in basis points (1/10000), computed in 128-bit-or-wider arithmetic: {@code amount × bps}
 * overflows a long once the amount passes about 9.2 × 10^14, far below the largest balance.
 */
public final class BasisPoints {

  /** 100% in basis points. */
  public static final long WHOLE = 10_000;

  private static final BigInteger WHOLE_BIG = BigInteger.valueOf(WHOLE);

  private BasisPoints() {}

  /**
   * floor(amount × bps / 10000), exact for every long; throws ArithmeticException only if the
   * result itself does not fit a long (possible only with bps above 10000).
   */
  public static long share(long amount, long bps) {
    return BigInteger.valueOf(amount)
        .multiply(BigInteger.valueOf(bps))
        .divide(WHOLE_BIG)
        .longValueExact();
  }
}
