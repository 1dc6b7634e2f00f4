package io.leasechain.client.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/** One key/value attribute of an ABCI event; {@code index} tells whether the node indexes it. */
public record Attribute(String key, String value, boolean index) {

  static Attribute from(JsonNode n) {
    return new Attribute(
        Json.text(n.path("key")), Json.text(n.path("value")), n.path("index").asBoolean());
  }
}
