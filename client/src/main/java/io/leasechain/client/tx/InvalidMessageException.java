package io.leasechain.client.tx;

/**
 * A message the chain would refuse before looking at any state (a bad amount, an empty field, an
 * inconsistent spec): carries the error the ledger would answer, so a wallet can tell its user
 * before signing. See docs/errors.md for the codes.
 */
public final class InvalidMessageException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String codespace;
  private final int code;

  public InvalidMessageException(String codespace, int code, String message) {
    super(message);
    this.codespace = codespace;
    this.code = code;
  }

  /** The ledger's codespace, e.g. {@code bank}; empty for a check made before encoding. */
  public String codespace() {
    return codespace;
  }

  /** The ledger's code within {@link #codespace()}; 0 for a check made before encoding. */
  public int code() {
    return code;
  }
}
