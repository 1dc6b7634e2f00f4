package io.leasechain.ledger;

/**
 * The facts of the block being executed, as CometBFT decided them. Block time is the only clock
 * the ledger knows.
 */
public record BlockContext(String chainId, long height, long timeSeconds, int timeNanos) {

  /** The context CheckTx uses: the height the transaction could first be included at. */
  public static BlockContext mempool(String chainId, long nextHeight) {
    return new BlockContext(chainId, nextHeight, 0, 0);
  }
}
