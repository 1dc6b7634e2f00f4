package io.leasechain.ledger.testing;

import io.leasechain.ledger.proof.ProofParamsRules;
import io.leasechain.ledger.proof.proto.ProofParams;
import io.leasechain.ledger.rewards.proto.RewardsParams;

/** Params for tests of the providers' epoch pool: short epochs and challenge windows. */
public final class EpochParams {

  public static final long EPOCH = 200;

  /** Challenge windows of 20 blocks, so proofs are accepted well within an epoch. */
  public static final ProofParams PROOFS =
      ProofParamsRules.DEFAULTS.toBuilder()
          .setChallengeWindow(20)
          .setGracePeriod(900)
          .setMaxUnprovenBlocks(1_000)
          .build();

  private EpochParams() {}

  /** Emission of {@code perBlock} ulease a block, 60% to validators and 30% to providers. */
  public static RewardsParams rewards(long perBlock) {
    return RewardsParams.newBuilder()
        .setInitialEmission(perBlock)
        .setDecayBps(500)
        .setEpochBlocks(EPOCH)
        .setMaxTotalEmission(1_000_000_000_000L)
        .setValidatorShareBps(6_000)
        .setProviderShareBps(3_000)
        .build();
  }
}
