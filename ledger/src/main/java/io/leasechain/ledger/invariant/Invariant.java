package io.leasechain.ledger.invariant;

import io.leasechain.ledger.state.ReadableState;

/** A named property of the whole state that must hold after every block. */
public interface Invariant {

  String name();

  /** Null when the property holds; otherwise what is broken, with the figures. */
  String check(ReadableState state);
}
