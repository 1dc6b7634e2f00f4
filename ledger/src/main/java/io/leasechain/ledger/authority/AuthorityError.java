package io.leasechain.ledger.authority;

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

  private final int code;
  private final String description;

  AuthorityError(int code, String description) {
    this.code = code;
    this.description = description;
  }

  @Override
  public String codespace() {
    return CODESPACE;
  }

  @Override
  public int code() {
    return code;
  }

  @Override
  public String description() {
    return description;
  }
}
