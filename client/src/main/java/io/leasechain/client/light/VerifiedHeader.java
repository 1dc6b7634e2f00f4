package io.leasechain.client.light;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** A light block the client verified, with the voting power of its own set that signed it. */
public record VerifiedHeader(LightBlock block, long signedPower) {

  public long height() {
    return block.height();
  }

  public byte[] appHash() {
    return block.header().appHash();
  }

  /** Signed share of the set's power in percent, rounded down to two decimals, e.g. "76.92". */
  public String signedPercent() {
    return BigDecimal.valueOf(signedPower)
        .multiply(BigDecimal.valueOf(100))
        .divide(BigDecimal.valueOf(block.validators().totalPower()), 2, RoundingMode.DOWN)
        .stripTrailingZeros()
        .toPlainString();
  }
}
