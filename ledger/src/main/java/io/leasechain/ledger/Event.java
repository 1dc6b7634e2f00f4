package io.leasechain.ledger;

import java.util.ArrayList;
import java.util.List;

/** A typed event emitted by a state change; indexed attributes are searchable with tx_search. */
public record Event(String type, List<Attribute> attributes) {

  public Event {
    attributes = List.copyOf(attributes);
  }

  /** One key/value of an event. */
  public record Attribute(String key, String value, boolean index) {}

  public static Builder builder(String type) {
    return new Builder(type);
  }

  /** Collects attributes in the order they are added (that order is part of consensus output). */
  public static final class Builder {
    private final String type;
    private final List<Attribute> attributes = new ArrayList<>();

    private Builder(String type) {
      this.type = type;
    }

    public Builder indexed(String key, Object value) {
      attributes.add(new Attribute(key, String.valueOf(value), true));
      return this;
    }

    public Builder plain(String key, Object value) {
      attributes.add(new Attribute(key, String.valueOf(value), false));
      return this;
    }

    public Event build() {
      return new Event(type, attributes);
    }
  }
}
