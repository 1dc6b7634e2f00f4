package io.leasechain.ledger;

import io.leasechain.ledger.state.Write;
import java.util.List;

/**
 * Everything FinalizeBlock returns: per-tx outcomes in block order, block-level events, the
 * validator-set changes for CometBFT and the write set the node must commit (the node commits to it
 * in its state tree).
 */
public record BlockResult(
    long height,
    List<TxOutcome> txs,
    List<Event> events,
    List<ValidatorUpdate> validatorUpdates,
    List<Write> writes) {

  public BlockResult {
    txs = List.copyOf(txs);
    events = List.copyOf(events);
    validatorUpdates = List.copyOf(validatorUpdates);
    writes = List.copyOf(writes);
  }

  /** A validator's new voting power (0 removes it), keyed by its Ed25519 public key. */
  public record ValidatorUpdate(byte[] publicKey, long power) {}
}
