package io.leasechain.testnet;

import io.leasechain.ledger.rewards.RewardsParamsRules;
import io.leasechain.ledger.rewards.proto.RewardsParams;

/** Rewards settings for suites that account for every ulease. */
public final class TestRewards {

  /**
   * No emission, and every fee to the validators: supply stays fixed and fees have one sink while
   * every validator signs (always, for the single-validator chains that use it; a validator absent
   * from a commit leaves its share to the community pool).
   */
  public static final RewardsParams FEES_TO_VALIDATORS =
      RewardsParamsRules.NO_EMISSION.toBuilder()
          .setValidatorShareBps(10_000)
          .setProviderShareBps(0)
          .build();

  private TestRewards() {}
}
