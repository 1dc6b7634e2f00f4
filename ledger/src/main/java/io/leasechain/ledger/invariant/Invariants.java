package io.leasechain.ledger.invariant;

import io.leasechain.ledger.state.ReadableState;
import java.util.ArrayList;
import java.util.List;

/** The registry of every invariant, run after each block by integration tests and simulations. */
public final class Invariants {

  public static final List<Invariant> ALL =
      List.of(new SupplyInvariant(), new EscrowFundsInvariant(), new HeldFundsInvariant(), new LeaseInvariant());

  private Invariants() {}

  /** Every broken invariant as "name: detail"; empty when all hold. */
  public static List<String> broken(ReadableState state, long height) {
    List<String> broken = new ArrayList<>();
    for (Invariant invariant : ALL) {
      String problem = invariant.check(state, height);
      if (problem != null) {
        broken.add(invariant.name() + ": " + problem);
      }
    }
    return broken;
  }
}
