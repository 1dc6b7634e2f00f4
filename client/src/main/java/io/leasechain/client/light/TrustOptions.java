package io.leasechain.client.light;

import java.time.Duration;

/**
 * How long a verified header stays a trust root, and how far ahead of our clock a header's time may
 * be (CometBFT light client defaults: one week, ten seconds).
 */
public record TrustOptions(Duration trustingPeriod, Duration maxClockDrift) {

  public static final TrustOptions DEFAULT =
      new TrustOptions(Duration.ofDays(7), Duration.ofSeconds(10));
}
