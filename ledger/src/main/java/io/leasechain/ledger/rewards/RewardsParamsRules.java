package io.leasechain.ledger.rewards;

import io.leasechain.ledger.params.ParamStore;
import io.leasechain.ledger.rewards.proto.RewardsParams;
import java.util.ArrayList;
import java.util.List;

/** Defaults, storage and validation of the rewards params. */
public final class RewardsParamsRules {

  public static final ParamStore<RewardsParams> STORE =
      new ParamStore<>("rewards", RewardsParams.parser());

  /**
   * 10 LEASE a block, 5% less each epoch of 100,000 blocks, at most 100 million LEASE in all; 60%
   * to validators, 30% to providers, 10% to the community pool.
   */
  public static final RewardsParams DEFAULTS =
      RewardsParams.newBuilder()
          .setInitialEmission(10_000_000L)
          .setDecayBps(500)
          .setEpochBlocks(100_000)
          .setMaxTotalEmission(100_000_000_000_000L)
          .setValidatorShareBps(6_000)
          .setProviderShareBps(3_000)
          .build();

  /**
   * No emission; fees go to validators as with the defaults. For chains and tests without
   * inflation.
   */
  public static final RewardsParams NO_EMISSION =
      DEFAULTS.toBuilder().setInitialEmission(0).build();

  private RewardsParamsRules() {}

  public static List<String> validate(RewardsParams params) {
    List<String> problems = new ArrayList<>();
    if (params.getInitialEmission() < 0 || params.getMaxTotalEmission() < 0) {
      problems.add("initial_emission, max_total_emission: must be below 2^63");
    }
    if (params.getDecayBps() < 0 || params.getDecayBps() > 10_000) {
      problems.add("decay_bps: must be 0..10000");
    }
    if (params.getEpochBlocks() < 1 || params.getEpochBlocks() > 100_000_000) {
      problems.add("epoch_blocks: must be 1..100000000");
    }
    if (params.getValidatorShareBps() < 0
        || params.getProviderShareBps() < 0
        || (long) params.getValidatorShareBps() + params.getProviderShareBps() > 10_000) {
      problems.add("validator_share_bps + provider_share_bps: must be at most 10000");
    }
    return problems;
  }
}
