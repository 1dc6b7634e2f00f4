package io.leasechain.ledger.tx;

import io.leasechain.ledger.ErrorCode;
import io.leasechain.ledger.LedgerError;

/** Rejections of the transaction envelope (codespace "tx"): decoding, signatures, sequence, fee. */
public enum TxError implements LedgerError {
  DECODE(2, "tx could not be decoded"),
  NO_MESSAGES(3, "tx has no messages"),
  UNKNOWN_MESSAGE(4, "unknown message type"),
  SIGNATURE_COUNT(5, "signature count does not match signer count"),
  INVALID_PUBLIC_KEY(6, "invalid public key"),
  UNAUTHORIZED(7, "signature verification failed"),
  WRONG_SEQUENCE(8, "wrong sequence"),
  MISSING_SIGNER(9, "a message's signer did not sign the tx"),
  INSUFFICIENT_FEE(10, "fee below the minimum gas price"),
  INSUFFICIENT_FEE_FUNDS(11, "fee payer cannot pay the fee"),
  OUT_OF_GAS(12, "gas limit below the gas this tx needs"),
  TIMEOUT_HEIGHT(13, "tx timeout height has passed"),
  MEMO_TOO_LONG(14, "memo too long"),
  TX_TOO_LARGE(15, "tx too large"),
  DUPLICATE_SIGNER(16, "the same key signs twice"),
  TOO_MANY_MESSAGES(17, "too many messages"),
  ARITHMETIC_OVERFLOW(18, "arithmetic overflow"),
  NO_SIGNERS(19, "tx has no signers"),
  INVALID_MESSAGE(20, "message fails basic validation"),
  NON_CANONICAL_ENCODING(21, "tx is not in canonical encoding"),
  OVERDUE(22, "a record this tx touches has end-block work due and not yet done; retry later"),
  INTERNAL(23, "internal error while checking the tx"),
  TOO_MANY_SIGNERS(24, "too many signers"),
  UNEXPECTED_SIGNER(25, "a signer that no message requires signed the tx");

  public static final String CODESPACE = "tx";

  private final ErrorCode spec;

  TxError(int code, String description) {
    this.spec = new ErrorCode(CODESPACE, code, description);
  }

  @Override
  public ErrorCode spec() {
    return spec;
  }
}
