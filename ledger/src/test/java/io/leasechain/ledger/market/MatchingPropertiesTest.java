package io.leasechain.ledger.market;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.leasechain.ledger.market.Matching.Offer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The chain's split allocation against brute force on small cases (at most 5 bids, 12 units): every
 * vector of shares, each 0 or within [minimum, room], that adds up to the order's units.
 */
class MatchingPropertiesTest {

  /** An order's units and minimum share, and its usable bids in cheapest-first order. */
  record Case(int units, int minShare, List<Offer> offers) {}

  @Provide
  Arbitrary<Case> cases() {
    // Few prices, so that ties between allocations of equal cost are common.
    Arbitrary<Offer> offer =
        Combinators.combine(
                Arbitraries.longs().between(1, 4), Arbitraries.integers().between(0, 12))
            .as(Offer::new);
    Arbitrary<List<Offer>> offers =
        offer
            .list()
            .ofMaxSize(5)
            .map(
                list ->
                    list.stream().sorted((x, y) -> Long.compare(x.price(), y.price())).toList());
    return Arbitraries.integers()
        .between(1, 12)
        .flatMap(
            units ->
                Combinators.combine(Arbitraries.integers().between(1, units), offers)
                    .as((minShare, list) -> new Case(units, minShare, list)));
  }

  @Property(tries = 3_000)
  void theChainPicksTheCheapestAllocationAndOfThoseTheDocumentedOne(@ForAll("cases") Case c) {
    int[] expected = bruteForce(c);
    int[] chosen = Matching.cheapest(c.offers(), c.minShare(), c.units());
    if (expected == null) {
      assertNull(chosen, "no allocation exists, yet the chain found " + Arrays.toString(chosen));
      return;
    }
    assertEquals(cost(c, expected), chosen == null ? -1 : cost(c, chosen), "cost");
    assertArrayEquals(expected, chosen, "of the cheapest, most units to the earliest bids");
  }

  @Test
  void eightUnitsAtLeastThreeEachFromTwoBidsOfSix() {
    List<Offer> cheaperFirst = List.of(new Offer(100, 6), new Offer(120, 6));
    assertArrayEquals(new int[] {5, 3}, Matching.cheapest(cheaperFirst, 3, 8));
    List<Offer> samePrice = List.of(new Offer(100, 6), new Offer(100, 6));
    assertArrayEquals(new int[] {5, 3}, Matching.cheapest(samePrice, 3, 8));
  }

  @Test
  void theCheapestBidIsSkippedWhenNoAllocationCanUseIt() {
    // With shares of at least 5, 9 units go to one bid alone, and only the second offers 9.
    List<Offer> offers = List.of(new Offer(1, 5), new Offer(3, 9));
    assertArrayEquals(new int[] {0, 9}, Matching.cheapest(offers, 5, 9));
    assertArrayEquals(new int[] {5, 5}, Matching.cheapest(offers, 5, 10));
  }

  @Test
  void aLargeOrderWithAMinimumShareConsidersOnlyTheCheapestBidsTheWorkBoundAllows() {
    int units = 65_536;
    int considered = Matching.MAX_CELLS / (units + 1);
    List<Offer> offers = new ArrayList<>(Collections.nCopies(considered, new Offer(1, 2)));
    offers.add(new Offer(2, units));
    assertNull(Matching.cheapest(offers, 2, units), "the one bid that could fill it is beyond");
    int[] within = new int[considered];
    Arrays.fill(within, 2);
    within[considered - 1] = units - 2 * (considered - 1);
    assertArrayEquals(within, Matching.cheapest(offers.subList(1, offers.size()), 2, units));
  }

  /** Every share vector, the cheapest kept; of equal cost the lexicographically greatest. */
  private static int[] bruteForce(Case c) {
    int[] shares = new int[c.offers().size()];
    int[][] best = {null};
    enumerate(c, 0, c.units(), shares, best);
    return best[0];
  }

  private static void enumerate(Case c, int i, int left, int[] shares, int[][] best) {
    if (i == shares.length) {
      if (left == 0 && better(c, shares, best[0])) {
        best[0] = shares.clone();
      }
      return;
    }
    Offer offer = c.offers().get(i);
    for (int share = 0; share <= left; share++) {
      if (share == 0 || (share >= c.minShare() && share <= offer.maxUnits())) {
        shares[i] = share;
        enumerate(c, i + 1, left - share, shares, best);
      }
    }
    shares[i] = 0;
  }

  private static boolean better(Case c, int[] candidate, int[] best) {
    if (best == null) {
      return true;
    }
    long difference = cost(c, candidate) - cost(c, best);
    return difference < 0 || (difference == 0 && Arrays.compare(candidate, best) > 0);
  }

  private static long cost(Case c, int[] shares) {
    long total = 0;
    for (int i = 0; i < shares.length; i++) {
      total += shares[i] * c.offers().get(i).price();
    }
    return total;
  }
}
