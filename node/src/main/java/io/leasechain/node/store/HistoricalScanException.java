package io.leasechain.node.store;

/**
 * A range scan at a past height: the state tree answers single keys at any kept height, but only
 * the latest state is kept in key order.
 */
public final class HistoricalScanException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public HistoricalScanException(long height) {
    super("height " + height + " is not the latest: list queries answer at the latest height only");
  }
}
