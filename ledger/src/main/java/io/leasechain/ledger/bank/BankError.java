package io.leasechain.ledger.bank;

import io.leasechain.ledger.ErrorCode;
import io.leasechain.ledger.LedgerError;

/** Rejections of the bank module (codespace "bank"). */
public enum BankError implements LedgerError {
  INSUFFICIENT_FUNDS(2, "insufficient funds"),
  INVALID_ADDRESS(3, "invalid address"),
  INVALID_AMOUNT(4, "invalid amount"),
  BALANCE_OVERFLOW(5, "balance would overflow"),
  SEND_DISABLED(6, "transfers are disabled"),
  BLOCKED_RECIPIENT(7, "module accounts cannot receive transfers");

  public static final String CODESPACE = "bank";

  private final ErrorCode spec;

  BankError(int code, String description) {
    this.spec = new ErrorCode(CODESPACE, code, description);
  }

  @Override
  public ErrorCode spec() {
    return spec;
  }
}
