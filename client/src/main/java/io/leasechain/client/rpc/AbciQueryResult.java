package io.leasechain.client.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Application's answer to {@code abci_query}; {@code proofOps} is the raw JSON, or null when no
 * proof was given.
 */
public record AbciQueryResult(
    int code,
    String codespace,
    String log,
    String info,
    long index,
    byte[] key,
    byte[] value,
    long height,
    JsonNode proofOps) {

  public boolean isOk() {
    return code == 0;
  }

  static AbciQueryResult from(JsonNode r) {
    JsonNode q = r.path("response");
    JsonNode proof = q.path("proofOps");
    return new AbciQueryResult(
        Json.int32(q.path("code")),
        Json.text(q.path("codespace")),
        Json.text(q.path("log")),
        Json.text(q.path("info")),
        Json.int64(q.path("index")),
        Json.base64(q.path("key")),
        Json.base64(q.path("value")),
        Json.int64(q.path("height")),
        proof.isNull() || proof.isMissingNode() ? null : proof);
  }
}
