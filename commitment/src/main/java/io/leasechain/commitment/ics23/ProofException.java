package io.leasechain.commitment.ics23;

/** An ICS-23 proof that does not prove what it was asked to; {@link #rule()} says why. */
public final class ProofException extends Exception {

  /** The rule a proof broke. */
  public enum Rule {
    /** Not decodable, or not the kind of proof asked for (existence vs non-existence). */
    MALFORMED,
    /** The proof is about another key than the one asked for. */
    KEY_MISMATCH,
    /** The proof's value differs from the value it is asked to prove. */
    VALUE_MISMATCH,
    /** A leaf or inner op does not have the shape the spec allows (ops, prefix, suffix, depth). */
    SPEC_VIOLATION,
    /** The proof hashes to a root other than the trusted one. */
    ROOT_MISMATCH,
    /** A non-existence proof's neighbours do not enclose the key in comparison order. */
    KEY_ORDER,
    /** A non-existence proof's neighbours are not adjacent (or not at the tree's end). */
    NOT_ADJACENT
  }

  private final Rule rule;

  public ProofException(Rule rule, String message) {
    super(message);
    this.rule = rule;
  }

  public Rule rule() {
    return rule;
  }
}
