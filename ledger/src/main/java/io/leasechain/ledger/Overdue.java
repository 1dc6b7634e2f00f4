package io.leasechain.ledger;

/**
 * Thrown when a tx would move a record past a height at which end-block work on it is due but not
 * yet done (it waits for the end-block budget); the tx is refused with {@code tx/OVERDUE}.
 */
public final class Overdue extends RuntimeException {

  public Overdue(String message) {
    super(message, null, false, false);
  }
}
