package io.leasechain.commitment.ics23;

/** The {@code type} of the CometBFT {@code ProofOp}s that carry leasechain state proofs. */
public final class ProofOpTypes {

  /**
   * One state key proved: {@code key} = the raw state key, {@code data} = an ICS-23 {@code
   * CommitmentProof} under {@link LeasechainProofSpec#SPEC}.
   */
  public static final String LEASECHAIN = "ics23:leasechain";

  private ProofOpTypes() {}
}
