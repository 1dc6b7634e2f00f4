package io.leasechain.ledger;

/**
 * A rejection reason with a stable code inside its module's codespace. The pair (codespace, code)
 * is what ABCI returns and what docs/errors.md lists; code 0 is reserved for success.
 */
public interface LedgerError {

  ErrorCode spec();

  default String codespace() {
    return spec().codespace();
  }

  default int code() {
    return spec().code();
  }

  /** A short fixed description; the per-case detail goes into the rejection's log. */
  default String description() {
    return spec().description();
  }
}
