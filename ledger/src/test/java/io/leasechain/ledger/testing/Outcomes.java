package io.leasechain.ledger.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.ledger.Event;
import io.leasechain.ledger.LedgerError;
import io.leasechain.ledger.TxOutcome;
import java.util.List;
import java.util.stream.Collectors;

/** Assertions on ABCI-shaped tx outcomes. */
public final class Outcomes {

  private Outcomes() {}

  /** The outcome carries exactly (codespace, code) of {@code error}. */
  public static void assertRejected(LedgerError error, TxOutcome outcome) {
    String describe =
        "expected "
            + error.codespace()
            + "/"
            + error.code()
            + " ("
            + error
            + "), got "
            + outcome.codespace()
            + "/"
            + outcome.code()
            + ": "
            + outcome.log();
    assertEquals(error.codespace(), outcome.codespace(), describe);
    assertEquals(error.code(), outcome.code(), describe);
    assertTrue(
        outcome.log().startsWith(error.description())
            || outcome.log().contains(error.description()),
        "log should carry the description '" + error.description() + "': " + outcome.log());
  }

  public static void assertOk(TxOutcome outcome) {
    assertEquals(
        0,
        outcome.code(),
        () ->
            "expected success, got "
                + outcome.codespace()
                + "/"
                + outcome.code()
                + ": "
                + outcome.log());
    assertEquals("", outcome.codespace());
  }

  /**
   * Events rendered as "type{k=v,k2=v2}" with a '*' after indexed keys, for compact equality
   * checks.
   */
  public static List<String> render(List<Event> events) {
    return events.stream()
        .map(
            event ->
                event.type()
                    + event.attributes().stream()
                        .map(a -> a.key() + (a.index() ? "*" : "") + "=" + a.value())
                        .collect(Collectors.joining(",", "{", "}")))
        .collect(Collectors.toList());
  }
}
