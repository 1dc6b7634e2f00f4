package io.leasechain.client.light;

/** A header, commit, validator set or proven answer failed verification; {@link #kind} says why. */
public final class LightClientException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why verification failed; stable names callers and tests branch on. */
  public enum Kind {
    /** A header does not hash to the block id its commit signed, or to the trusted hash. */
    HEADER_HASH_MISMATCH,
    /** The signatures of the header's own validator set carry no more than 2/3 of its power. */
    NOT_ENOUGH_POWER,
    /** A skip: signers from the trusted set carry no more than 1/3 of the trusted power. */
    NOT_ENOUGH_TRUSTED_POWER,
    /** A signature does not verify over its canonical vote sign bytes. */
    BAD_SIGNATURE,
    /** A validator set does not hash to the header's validators_hash (or next_validators_hash). */
    VALIDATORS_HASH_MISMATCH,
    /** A header or commit belongs to another chain id. */
    WRONG_CHAIN,
    /** The trusted header is older than the trusting period. */
    TRUST_EXPIRED,
    /** A header breaks a structural rule: height, time order, time in the future, commit shape. */
    INVALID_HEADER,
    /** A state proof does not verify against the header's app hash. */
    PROOF_INVALID,
    /** The node's answer differs from the answer recomputed over the proven reads. */
    VALUE_MISMATCH,
    /** The answer needs a key the node sent no proof for. */
    MISSING_PROOF,
    /** The trusted store's file is unreadable, from another chain or not a signed light block. */
    TRUST_STORE_INVALID,
    /** The trusted store and the given --trust-hash name different headers at the same height. */
    CONFLICTING_TRUST,
    /** The node sent a header, or answered a query, for another height than the one asked. */
    WRONG_HEIGHT
  }

  private final Kind kind;

  public LightClientException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
