package io.leasechain.bench;

import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hashes;
import java.nio.charset.StandardCharsets;

/**
 * Who owns what in a generated state of {@code leases} leases: tenants, providers and senders with
 * keys from fixed seeds, and which tenant and order each lease belongs to. The tenant and sender
 * counts do not grow with the state, so a benchmark block writes as many distinct keys at every
 * size.
 */
public record BenchAccounts(int leases, int tenants, int providers, int senders) {

  public static final String CHAIN_ID = "leasechain-bench";

  /** Seconds; block h is at GENESIS_TIME + h × BLOCK_SECONDS. */
  public static final long GENESIS_TIME = 1_700_000_000L;

  public static final long BLOCK_SECONDS = 5;

  /** Every account's genesis balance, in ulease. */
  public static final long BALANCE = 1_000_000_000_000L;

  /** GPUs per provider: the most a registration may declare, one per lease. */
  public static final int PROVIDER_GPUS = 65_536;

  public static BenchAccounts forLeases(int leases) {
    if (leases < 1) {
      throw new IllegalArgumentException("at least one lease");
    }
    return new BenchAccounts(
        leases,
        Math.min(1_000, leases),
        Math.max(10, (leases + PROVIDER_GPUS - 1) / PROVIDER_GPUS),
        Math.min(1_000, leases));
  }

  public Ed25519PrivateKey tenant(int i) {
    return key("tenant", i);
  }

  public Ed25519PrivateKey provider(int i) {
    return key("provider", i);
  }

  public Ed25519PrivateKey sender(int i) {
    return key("sender", i);
  }

  /** The tenant of the {@code lease}-th generated lease (0-based). */
  public int tenantOf(long lease) {
    return (int) (lease % tenants);
  }

  public int providerOf(long lease) {
    return (int) (lease % providers);
  }

  /** Block time of {@code height}. */
  public static long time(long height) {
    return GENESIS_TIME + BLOCK_SECONDS * height;
  }

  public static Address address(Ed25519PrivateKey key) {
    return key.publicKey().address();
  }

  private static Ed25519PrivateKey key(String role, int i) {
    return Ed25519PrivateKey.fromSeed(
        Hashes.sha256(("leasechain/bench/" + role + "/" + i).getBytes(StandardCharsets.UTF_8)));
  }
}
