package io.leasechain.ledger;

/** Why a transaction or message was refused: the coded error plus a human-readable detail. */
public record Rejection(LedgerError error, String log) {

  public static Rejection of(LedgerError error, String format, Object... args) {
    return new Rejection(error, error.description() + ": " + String.format(format, args));
  }
}
