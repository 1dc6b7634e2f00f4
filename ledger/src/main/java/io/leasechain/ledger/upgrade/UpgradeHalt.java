package io.leasechain.ledger.upgrade;

/**
 * Thrown by {@link io.leasechain.ledger.Ledger#finalizeBlock} when this build must not execute the
 * block: the node stops with the message as its last log line, its state still at the block before.
 */
public final class UpgradeHalt extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UpgradeHalt(String message) {
    super(message);
  }
}
