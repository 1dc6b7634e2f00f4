package io.leasechain.client.light;

import java.time.Instant;

/** One validator's entry in a commit; {@code flag} is CometBFT's BlockIDFlag (1..3). */
public record CommitSig(int flag, byte[] validatorAddress, Instant timestamp, byte[] signature) {

  /** BlockIDFlagCommit: the validator signed a precommit for the committed block. */
  public static final int FLAG_COMMIT = 2;

  public boolean forBlock() {
    return flag == FLAG_COMMIT;
  }
}
