package io.leasechain.ledger;

import java.util.List;

/** The result of one transaction, in the shape ABCI reports it (code 0 = success). */
public record TxOutcome(
    int code, String codespace, String log, long gasWanted, long gasUsed, List<Event> events) {

  public TxOutcome {
    events = List.copyOf(events);
  }

  public static TxOutcome success(long gasWanted, long gasUsed, List<Event> events) {
    return new TxOutcome(0, "", "", gasWanted, gasUsed, events);
  }

  public static TxOutcome rejected(
      Rejection rejection, long gasWanted, long gasUsed, List<Event> events) {
    return new TxOutcome(
        rejection.error().code(),
        rejection.error().codespace(),
        rejection.log(),
        gasWanted,
        gasUsed,
        events);
  }

  public boolean isOk() {
    return code == 0;
  }
}
