package io.leasechain.ledger.provider;

import io.leasechain.ledger.ErrorCode;
import io.leasechain.ledger.LedgerError;

/** Rejections of the provider module (codespace "provider"). */
public enum ProviderError implements LedgerError {
  INVALID_ATTRIBUTES(2, "invalid provider attributes"),
  BOND_TOO_LOW(3, "bond below the minimum"),
  ALREADY_REGISTERED(4, "provider already registered"),
  NOT_FOUND(5, "provider not found"),
  WRONG_STATE(6, "provider is not in a state that allows this"),
  HAS_ACTIVE_LEASES(7, "provider still has active leases or open bids"),
  NOT_AUDITOR(8, "not an appointed auditor"),
  UNKNOWN_ATTRIBUTE(9, "unknown attribute name"),
  INVALID_LABELS(10, "invalid labels"),
  INVALID_HOST_URI(11, "invalid host URI"),
  ALREADY_AUDITOR(12, "already an auditor"),
  AUDITOR_NOT_FOUND(13, "auditor not found"),
  AUDITOR_IS_PARTY(14, "an auditor may not attest its own provider");

  public static final String CODESPACE = "provider";

  private final ErrorCode spec;

  ProviderError(int code, String description) {
    this.spec = new ErrorCode(CODESPACE, code, description);
  }

  @Override
  public ErrorCode spec() {
    return spec;
  }
}
