package io.leasechain.client.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Result of running one transaction through CheckTx or FinalizeBlock (ABCI ResponseCheckTx /
 * ExecTxResult).
 */
public record TxOutcome(
    int code,
    String codespace,
    String log,
    String info,
    byte[] data,
    long gasWanted,
    long gasUsed,
    List<Event> events) {

  /** ABCI reserves code 0 for success; anything else is an application-defined failure. */
  public boolean isOk() {
    return code == 0;
  }

  static TxOutcome from(JsonNode n) {
    return new TxOutcome(
        Json.int32(n.path("code")),
        Json.text(n.path("codespace")),
        Json.text(n.path("log")),
        Json.text(n.path("info")),
        Json.base64(n.path("data")),
        Json.int64(n.path("gas_wanted")),
        Json.int64(n.path("gas_used")),
        Json.list(n.path("events"), Event::from));
  }
}
