package io.leasechain.ledger;

/** A stable (codespace, code) pair with its fixed description. */
public record ErrorCode(String codespace, int code, String description) {

  public ErrorCode {
    if (code <= 0) {
      throw new IllegalArgumentException(codespace + ": code 0 means OK; error codes start at 1");
    }
  }
}
