package io.leasechain.ledger.authority;

import io.leasechain.ledger.ErrorCode;
import io.leasechain.ledger.LedgerError;

/** Rejections of the authority module (codespace "authority"). */
public enum AuthorityError implements LedgerError {
  NOT_A_MEMBER(2, "not a council member"),
  PROPOSAL_NOT_FOUND(3, "proposal not found"),
  PROPOSAL_NOT_OPEN(4, "proposal is not open"),
  ALREADY_APPROVED(5, "member already approved this proposal"),
  NOT_APPROVED(6, "member has not approved this proposal"),
  INVALID_ACTION(7, "invalid council action"),
  INVALID_PARAMS(8, "params fail validation");

  public static final String CODESPACE = "authority";

  private final ErrorCode spec;

  AuthorityError(int code, String description) {
    this.spec = new ErrorCode(CODESPACE, code, description);
  }

  @Override
  public ErrorCode spec() {
    return spec;
  }
}
