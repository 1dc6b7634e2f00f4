package io.leasechain.ledger;

import java.util.List;

/** What a message handler returns: the events of a success, or the rejection. */
public record Outcome(List<Event> events, Rejection rejection) {

  public static Outcome ok(List<Event> events) {
    return new Outcome(List.copyOf(events), null);
  }

  public static Outcome ok(Event... events) {
    return new Outcome(List.of(events), null);
  }

  public static Outcome reject(LedgerError error, String format, Object... args) {
    return new Outcome(List.of(), Rejection.of(error, format, args));
  }

  public static Outcome reject(Rejection rejection) {
    return new Outcome(List.of(), rejection);
  }

  public boolean isOk() {
    return rejection == null;
  }
}
