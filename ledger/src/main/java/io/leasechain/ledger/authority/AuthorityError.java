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
  INVALID_PARAMS(8, "params fail validation"),
  INVALID_VALIDATOR(9, "invalid validator"),
  VALIDATOR_NOT_FOUND(10, "validator not found"),
  VALIDATOR_EXISTS(11, "validator already in the set"),
  VALIDATOR_SET_EMPTY(12, "the validator set cannot be emptied"),
  POWER_CHANGE_TOO_LARGE(13, "the set cannot lose more than a third of its power in one block"),
  TOTAL_POWER_TOO_LARGE(14, "the set's total power would exceed CometBFT's maximum"),
  POWER_GAIN_TOO_LARGE(15, "power added in one block must stay below half of the power kept"),
  INVALID_UPGRADE(16, "invalid upgrade plan"),
  UPGRADE_PENDING(17, "an upgrade is already scheduled"),
  UPGRADE_NOT_FOUND(18, "no such upgrade is scheduled"),
  UPGRADE_ALREADY_APPLIED(19, "an upgrade of that name was applied already");

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
