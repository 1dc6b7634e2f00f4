package io.leasechain.client.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * CheckTx and FinalizeBlock outcomes of {@code broadcast_tx_commit}; {@code height} is 0 when
 * CheckTx rejected the tx.
 */
public record CommitResult(TxOutcome checkTx, TxOutcome txResult, String hash, long height) {

  /** True when the tx passed CheckTx and executed successfully in a committed block. */
  public boolean isOk() {
    return checkTx.isOk() && txResult.isOk() && height > 0;
  }

  static CommitResult from(JsonNode r) {
    return new CommitResult(
        TxOutcome.from(r.path("check_tx")),
        TxOutcome.from(r.path("tx_result")),
        Json.text(r.path("hash")),
        Json.int64(r.path("height")));
  }
}
