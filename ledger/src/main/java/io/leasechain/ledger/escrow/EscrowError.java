package io.leasechain.ledger.escrow;

import io.leasechain.ledger.ErrorCode;
import io.leasechain.ledger.LedgerError;

/** Rejections of the escrow module (codespace "escrow"). */
public enum EscrowError implements LedgerError {
  NOT_FOUND(2, "escrow not found"),
  CLOSED(3, "escrow is closed"),
  UNAUTHORIZED(4, "only the owner may do this"),
  INVALID_AMOUNT(5, "invalid amount"),
  LEASE_NOT_FOUND(6, "lease not found"),
  NOT_LEASE_PROVIDER(7, "only the lease's provider may withdraw"),
  NOTHING_TO_WITHDRAW(8, "nothing to withdraw");

  public static final String CODESPACE = "escrow";

  private final ErrorCode spec;

  EscrowError(int code, String description) {
    this.spec = new ErrorCode(CODESPACE, code, description);
  }

  @Override
  public ErrorCode spec() {
    return spec;
  }
}
