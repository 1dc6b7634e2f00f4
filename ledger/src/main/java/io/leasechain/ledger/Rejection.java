package io.leasechain.ledger;

import java.util.Locale;

/** Why a transaction or message was refused: the coded error plus a human-readable detail. */
public record Rejection(LedgerError error, String log) {

  // Locale.ROOT: the log is part of the tx result every node hashes, so it may not depend on the
  // node's default locale (digits, separators).
  public static Rejection of(LedgerError error, String format, Object... args) {
    return new Rejection(
        error, error.description() + ": " + String.format(Locale.ROOT, format, args));
  }
}
