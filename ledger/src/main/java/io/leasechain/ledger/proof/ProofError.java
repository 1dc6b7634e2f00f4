package io.leasechain.ledger.proof;

import io.leasechain.ledger.ErrorCode;
import io.leasechain.ledger.LedgerError;

/** Rejections of the proof module (codespace "proof"). */
public enum ProofError implements LedgerError {
  INVALID_PROOF(2, "invalid proof"),
  LEASE_NOT_FOUND(3, "lease not found"),
  NOT_LEASE_PROVIDER(4, "only the lease's provider may prove it"),
  LEASE_NOT_ACTIVE(5, "lease is not active"),
  PERIOD_NOT_CONTIGUOUS(6, "proof period does not start where the last one ended"),
  PERIOD_IN_FUTURE(7, "proof period ends after the current height"),
  UNKNOWN_AGENT_KEY(8, "agent key not registered by the provider"),
  BAD_AGENT_SIGNATURE(9, "agent signature does not verify"),
  IMPLAUSIBLE_USAGE(10, "usage is not plausible for the lease"),
  PROOF_NOT_FOUND(11, "proof not found"),
  NOT_TENANT(12, "only the lease's tenant may dispute"),
  NOT_DISPUTABLE(13, "proof is not in its challenge window"),
  DEPOSIT_TOO_LOW(14, "dispute deposit below the minimum"),
  DISPUTE_NOT_FOUND(15, "dispute not found"),
  DISPUTE_NOT_OPEN(16, "dispute is not open"),
  NOT_AUDITOR(17, "only an appointed auditor may resolve disputes"),
  INVALID_VERDICT(18, "verdict must be upheld or rejected"),
  INVALID_AGENT_KEYS(19, "invalid agent keys"),
  AUDITOR_IS_PARTY(20, "an auditor may not resolve a dispute over its own lease"),
  NOT_REQUIRED_AUDITOR(21, "only the auditor the order requires may resolve its disputes"),
  PERIOD_AFTER_CLOSE(22, "proof period ends after the lease closed"),
  PROVIDER_RETIRED(23, "a retired provider may not prove");

  public static final String CODESPACE = "proof";

  private final ErrorCode spec;

  ProofError(int code, String description) {
    this.spec = new ErrorCode(CODESPACE, code, description);
  }

  @Override
  public ErrorCode spec() {
    return spec;
  }
}
