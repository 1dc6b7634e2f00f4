package io.leasechain.client.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A committed transaction from {@code /tx} or {@code /tx_search}: where it landed and how it
 * executed.
 */
public record TxResult(String hash, long height, int index, TxOutcome result, byte[] tx) {

  static TxResult from(JsonNode r) {
    return new TxResult(
        Json.text(r.path("hash")),
        Json.int64(r.path("height")),
        Json.int32(r.path("index")),
        TxOutcome.from(r.path("tx_result")),
        Json.base64(r.path("tx")));
  }
}
