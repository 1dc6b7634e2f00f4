package io.leasechain.ledger;

import java.util.List;

/**
 * The facts of the block being executed, as CometBFT decided them: height, time (the only clock the
 * ledger knows), who signed the previous block, and evidence of misbehaviour.
 */
public record BlockContext(
    String chainId,
    long height,
    long timeSeconds,
    int timeNanos,
    List<Vote> lastCommit,
    List<Misbehaviour> misbehaviour) {

  public BlockContext {
    lastCommit = List.copyOf(lastCommit);
    misbehaviour = List.copyOf(misbehaviour);
  }

  public BlockContext(String chainId, long height, long timeSeconds, int timeNanos) {
    this(chainId, height, timeSeconds, timeNanos, List.of(), List.of());
  }

  /**
   * One validator's entry in decided_last_commit: its 20-byte address, power, and whether it
   * signed.
   */
  public record Vote(byte[] address, long power, boolean signed) {}

  /** Evidence against a validator (duplicate vote or light client attack) reported by CometBFT. */
  public record Misbehaviour(byte[] address, String type, long height) {}

  /** The context CheckTx uses: the height the transaction could first be included at. */
  public static BlockContext mempool(String chainId, long nextHeight) {
    return new BlockContext(chainId, nextHeight, 0, 0);
  }
}
