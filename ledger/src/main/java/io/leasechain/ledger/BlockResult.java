package io.leasechain.ledger;

import io.leasechain.ledger.state.Write;
import java.util.List;

/**
 * Everything FinalizeBlock returns: per-tx outcomes in block order, block-level events, the write
 * set the node must commit, and the app hash after this block.
 */
public record BlockResult(
    long height, List<TxOutcome> txs, List<Event> events, List<Write> writes, byte[] appHash) {

  public BlockResult {
    txs = List.copyOf(txs);
    events = List.copyOf(events);
    writes = List.copyOf(writes);
  }
}
