package io.leasechain.ledger.invariant;

import io.leasechain.ledger.state.ReadableState;

/** A named property of the whole state that must hold after every block. */
public interface Invariant {

  String name();

  /**
   * Null when the property holds in {@code state} as committed after block {@code height};
   * otherwise what is broken, with the figures.
   */
  String check(ReadableState state, long height);
}
