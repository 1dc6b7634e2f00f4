package io.leasechain.client.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * CheckTx verdict returned by {@code broadcast_tx_sync}; {@code hash} is upper-case hex as CometBFT
 * prints it.
 */
public record BroadcastResult(int code, String codespace, String log, String hash, byte[] data) {

  /** True when CheckTx accepted the transaction into the mempool. */
  public boolean isOk() {
    return code == 0;
  }

  static BroadcastResult from(JsonNode r) {
    return new BroadcastResult(
        Json.int32(r.path("code")),
        Json.text(r.path("codespace")),
        Json.text(r.path("log")),
        Json.text(r.path("hash")),
        // Unlike check_tx.data elsewhere, this data field is bytes.HexBytes, hence hex.
        Json.hex(r.path("data")));
  }
}
