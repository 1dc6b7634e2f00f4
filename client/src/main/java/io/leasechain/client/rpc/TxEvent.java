package io.leasechain.client.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.leasechain.crypto.Hashes;
import java.util.HexFormat;

/**
 * A tx just executed in a committed block, as {@code tm.event='Tx'} delivers it: its hash
 * (upper-case hex), height, position in the block, bytes and outcome (code, log, events).
 */
public record TxEvent(String hash, long height, int index, byte[] tx, TxOutcome result) {

  /** True when the tx executed successfully. */
  public boolean isOk() {
    return result.isOk();
  }

  static TxEvent from(JsonNode value, JsonNode events) {
    // CometBFT nests the ABCI TxResult under its Go field name.
    JsonNode tx = value.has("TxResult") ? value.get("TxResult") : value;
    byte[] bytes = Json.base64(tx.path("tx"));
    String hash = Json.text(events.path("tx.hash").path(0));
    return new TxEvent(
        hash.isEmpty() ? HexFormat.of().withUpperCase().formatHex(Hashes.sha256(bytes)) : hash,
        Json.int64(tx.path("height")),
        Json.int32(tx.path("index")),
        bytes,
        TxOutcome.from(tx.path("result")));
  }
}
