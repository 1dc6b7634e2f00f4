package io.leasechain.ledger.query;

import io.leasechain.ledger.ErrorCode;
import io.leasechain.ledger.LedgerError;

/** Rejections of ABCI queries (codespace "query"). */
public enum QueryError implements LedgerError {
  UNKNOWN_PATH(2, "unknown query path"),
  INVALID_ARGUMENT(3, "invalid query argument"),
  NOT_FOUND(4, "not found"),
  HEIGHT_UNAVAILABLE(5, "state at that height is not available"),
  INTERNAL(6, "internal error while answering the query");

  public static final String CODESPACE = "query";

  private final ErrorCode spec;

  QueryError(int code, String description) {
    this.spec = new ErrorCode(CODESPACE, code, description);
  }

  @Override
  public ErrorCode spec() {
    return spec;
  }
}
