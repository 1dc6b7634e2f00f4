package io.leasechain.ledger.market;

import java.math.BigInteger;

/**
 * The take of one payout at the rate in force when it is paid, in whole ulease, and the fraction of
 * a ulease (in 1/10,000 ulease) carried to the lease's next payout.
 */
public record Take(long amount, long carry) {

  private static final BigInteger BPS = BigInteger.valueOf(10_000);

  /**
   * The take of {@code payout} ulease at {@code bps}, counting the fraction {@code carry} that
   * earlier payouts left. Never more than the payout, as {@code bps} ≤ 10,000 and {@code carry} <
   * 10,000.
   */
  public static Take of(long payout, long bps, long carry) {
    BigInteger[] split =
        BigInteger.valueOf(payout)
            .multiply(BigInteger.valueOf(bps))
            .add(BigInteger.valueOf(carry))
            .divideAndRemainder(BPS);
    return new Take(split[0].longValueExact(), split[1].longValueExact());
  }
}
