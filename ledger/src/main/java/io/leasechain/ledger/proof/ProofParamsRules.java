package io.leasechain.ledger.proof;

import io.leasechain.ledger.params.ParamBound;
import io.leasechain.ledger.params.ParamStore;
import io.leasechain.ledger.proof.proto.ProofParams;
import java.util.List;

/** Defaults, storage and validation of the proof params. */
public final class ProofParamsRules {

  public static final ParamStore<ProofParams> STORE =
      new ParamStore<>("proof", ProofParams.parser());

  /**
   * With 1-second blocks: a 10-minute challenge window, proofs due within an hour of the period,
   * leases without a proof for 2 hours close; a lost dispute costs 10% of the bond, half of it to
   * the tenant.
   */
  public static final ProofParams DEFAULTS =
      ProofParams.newBuilder()
          .setChallengeWindow(600)
          .setGracePeriod(3_600)
          .setMaxUnprovenBlocks(7_200)
          .setMaxGpuSecondsPerBlock(10)
          .setMinDisputeDeposit(1_000_000)
          .setDisputeTimeout(86_400)
          .setSlashBps(1_000)
          .setSlashToTenantBps(5_000)
          .build();

  /** Each field's range (docs/genesis.md); {@link #validate} adds the rules across fields. */
  public static final List<ParamBound> BOUNDS =
      List.of(
          new ParamBound("challenge_window", 1, 100_000_000),
          // With 0, a proof included at h may start no earlier than h and end no later: none fits.
          new ParamBound("grace_period", 1, 100_000_000),
          new ParamBound("max_unproven_blocks", 2, 100_000_000),
          new ParamBound("max_gpu_seconds_per_block", 1, 1_000_000),
          // A free dispute would let any tenant freeze every payment for nothing.
          new ParamBound("min_dispute_deposit", 1, ParamBound.MAX_MINIMUM_AMOUNT),
          new ParamBound("dispute_timeout", 1, 100_000_000),
          new ParamBound("slash_bps", 0, 10_000),
          new ParamBound("slash_to_tenant_bps", 0, 10_000));

  private ProofParamsRules() {}

  /** Problems with {@code params}, each naming the field; empty when valid. */
  public static List<String> validate(ProofParams params) {
    List<String> problems = ParamBound.check(params, BOUNDS);
    // A provider proving every grace_period blocks must never run into proof_missing.
    if (params.getMaxUnprovenBlocks() <= params.getGracePeriod()) {
      problems.add("max_unproven_blocks: must exceed grace_period");
    }
    return problems;
  }
}
