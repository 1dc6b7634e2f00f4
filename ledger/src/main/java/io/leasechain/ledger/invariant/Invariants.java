package io.leasechain.ledger.invariant;

import io.leasechain.ledger.state.ReadableState;
import java.util.ArrayList;
import java.util.List;

/** The registry of every invariant, run after each block by integration tests and simulations. */
public final class Invariants {

  public static final List<Invariant> ALL = all();

  private Invariants() {}

  private static List<Invariant> all() {
    List<Invariant> all = new ArrayList<>();
    all.add(new SupplyInvariant());
    all.addAll(MarketInvariants.ALL);
    all.add(new NoEmptyValueInvariant());
    return List.copyOf(all);
  }

  /** Every broken invariant as "name: detail"; empty when all hold. */
  public static List<String> broken(ReadableState state, long height) {
    List<String> broken = new ArrayList<>();
    for (Invariant invariant : ALL) {
      String problem;
      try {
        problem = invariant.check(state, height);
      } catch (RuntimeException e) {
        problem = "the check itself failed: " + e;
      }
      if (problem != null) {
        broken.add(invariant.name() + ": " + problem);
      }
    }
    return broken;
  }
}
