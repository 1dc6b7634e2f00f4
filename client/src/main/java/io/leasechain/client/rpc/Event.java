package io.leasechain.client.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/** An ABCI event as emitted by CheckTx, FinalizeBlock or one of its transactions. */
public record Event(String type, List<Attribute> attributes) {

  /** Value of the first attribute named {@code key}, if any. */
  public Optional<String> attribute(String key) {
    return attributes.stream().filter(a -> a.key().equals(key)).map(Attribute::value).findFirst();
  }

  static Event from(JsonNode n) {
    return new Event(Json.text(n.path("type")), Json.list(n.path("attributes"), Attribute::from));
  }
}
