package io.leasechain.client.load;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What a load run does: offer {@code ratePerSecond} txs of {@code mix} for {@code duration} to the
 * CometBFT RPC at {@code rpc}, from {@code accounts} accounts derived from {@code seed}, with at
 * most {@code connections} broadcasts in flight, then wait at most {@code drain} for the txs the
 * node acknowledged to be committed. Every bound is checked here, so every run stops by itself.
 */
public record LoadSpec(
    URI rpc,
    long ratePerSecond,
    Duration duration,
    LoadMix mix,
    int accounts,
    long seed,
    int connections,
    Duration drain) {

  public static final long MAX_RATE = 100_000;
  public static final Duration MAX_DURATION = Duration.ofHours(1);
  public static final Duration MAX_DRAIN = Duration.ofMinutes(10);
  public static final int MAX_ACCOUNTS = 20_000;
  public static final int MAX_CONNECTIONS = 1_024;
  // The pre-signed txs are held in memory: a bound on how many a run may need.
  public static final long MAX_TXS = 5_000_000;

  public LoadSpec {
    Objects.requireNonNull(rpc, "rpc");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(mix, "mix");
    Objects.requireNonNull(drain, "drain");
    if (ratePerSecond < 1 || ratePerSecond > MAX_RATE) {
      throw new IllegalArgumentException(
          "rate must be 1.." + MAX_RATE + " txs per second, not " + ratePerSecond);
    }
    if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          "duration must be above 0 and at most 1h, not " + duration);
    }
    if (drain.isNegative() || drain.compareTo(MAX_DRAIN) > 0) {
      throw new IllegalArgumentException("drain must be 0..10m, not " + drain);
    }
    int minAccounts = mix == LoadMix.MARKET ? 2 : 1;
    if (accounts < minAccounts || accounts > MAX_ACCOUNTS) {
      throw new IllegalArgumentException(
          "accounts must be " + minAccounts + ".." + MAX_ACCOUNTS + ", not " + accounts);
    }
    if (connections < 1 || connections > MAX_CONNECTIONS) {
      throw new IllegalArgumentException(
          "connections must be 1.." + MAX_CONNECTIONS + ", not " + connections);
    }
    if (txCount(ratePerSecond, duration) > MAX_TXS) {
      throw new IllegalArgumentException(
          "rate x duration is more than " + MAX_TXS + " txs; lower one of them");
    }
  }

  /**
   * {@code rate} txs/s of {@code mix} for {@code duration}: 200 accounts, seed 1, 64 connections,
   * 30 s drain.
   */
  public static LoadSpec of(URI rpc, long rate, Duration duration, LoadMix mix) {
    return new LoadSpec(rpc, rate, duration, mix, 200, 1, 64, Duration.ofSeconds(30));
  }

  public LoadSpec withAccounts(int n) {
    return new LoadSpec(rpc, ratePerSecond, duration, mix, n, seed, connections, drain);
  }

  public LoadSpec withSeed(long s) {
    return new LoadSpec(rpc, ratePerSecond, duration, mix, accounts, s, connections, drain);
  }

  public LoadSpec withConnections(int n) {
    return new LoadSpec(rpc, ratePerSecond, duration, mix, accounts, seed, n, drain);
  }

  public LoadSpec withDrain(Duration d) {
    return new LoadSpec(rpc, ratePerSecond, duration, mix, accounts, seed, connections, d);
  }

  /** How many txs the run offers: rate x duration (at least one). */
  public long txCount() {
    return txCount(ratePerSecond, duration);
  }

  private static long txCount(long rate, Duration duration) {
    return Math.max(1, Math.multiplyExact(rate, duration.toMillis()) / 1000);
  }
}
