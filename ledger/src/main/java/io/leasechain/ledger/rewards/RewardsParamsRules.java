package io.leasechain.ledger.rewards;

import io.leasechain.ledger.params.ParamBound;
import io.leasechain.ledger.params.ParamStore;
import io.leasechain.ledger.rewards.proto.RewardsParams;
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

  /** Each field's range (docs/genesis.md); {@link #validate} adds the rules across fields. */
  public static final List<ParamBound> BOUNDS =
      List.of(
          new ParamBound("initial_emission", 0, 1_000_000_000_000L),
          new ParamBound("decay_bps", 0, 10_000),
          new ParamBound("epoch_blocks", 1, 100_000_000),
          // 100 billion LEASE: minting it on top of any sane genesis supply stays below 2^63.
          new ParamBound("max_total_emission", 0, 100_000_000_000_000_000L),
          new ParamBound("validator_share_bps", 0, 10_000),
          new ParamBound("provider_share_bps", 0, 10_000));

  private RewardsParamsRules() {}

  /** Problems with {@code params}, each naming the field; empty when valid. */
  public static List<String> validate(RewardsParams params) {
    List<String> problems = ParamBound.check(params, BOUNDS);
    if ((long) params.getValidatorShareBps() + params.getProviderShareBps() > 10_000) {
      problems.add("validator_share_bps + provider_share_bps: must be at most 10000");
    }
    return problems;
  }
}
