package io.leasechain.ledger.proof;

import io.leasechain.ledger.params.ParamStore;
import io.leasechain.ledger.proof.proto.ProofParams;
import java.util.ArrayList;
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

  private ProofParamsRules() {}

  public static List<String> validate(ProofParams params) {
    List<String> problems = new ArrayList<>();
    if (params.getChallengeWindow() < 1 || params.getDisputeTimeout() < 1) {
      problems.add("challenge_window, dispute_timeout: must be at least 1 block");
    }
    if (params.getGracePeriod() < 0 || params.getMaxUnprovenBlocks() <= params.getGracePeriod()) {
      problems.add("max_unproven_blocks: must exceed grace_period");
    }
    if (params.getMaxUnprovenBlocks() > 100_000_000
        || params.getChallengeWindow() > 100_000_000
        || params.getDisputeTimeout() > 100_000_000) {
      problems.add("windows: must be at most 100000000 blocks");
    }
    if (params.getMaxGpuSecondsPerBlock() < 1 || params.getMaxGpuSecondsPerBlock() > 1_000_000) {
      problems.add("max_gpu_seconds_per_block: must be 1..1000000");
    }
    // A free dispute would let a tenant freeze every payment for dispute_timeout blocks.
    if (params.getMinDisputeDeposit() < 1) {
      problems.add("min_dispute_deposit: must be 1..2^63-1 ulease");
    }
    if (params.getSlashBps() < 0
        || params.getSlashBps() > 10_000
        || params.getSlashToTenantBps() < 0
        || params.getSlashToTenantBps() > 10_000) {
      problems.add("slash_bps, slash_to_tenant_bps: must be 0..10000");
    }
    return problems;
  }
}
