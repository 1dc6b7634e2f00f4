package io.leasechain.ledger.market;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.market.LeaseLifecycle.Fill;
import io.leasechain.ledger.market.proto.Bid;
import io.leasechain.ledger.market.proto.Order;
import io.leasechain.ledger.provider.ProviderKeeper;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.state.ReadableState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The chain's own fill when a bid window closes: the cheapest allocation of exactly the order's
 * units over its open bids, all or nothing. Each winning bid takes a share between the order's
 * minimum per provider and what it offers and its provider has room for; without split that minimum
 * is every unit. Among allocations of equal cost the one that gives the most units to the first bid
 * in {@link #CHEAPEST_FIRST} order wins, then the most to the second, and so on.
 */
public final class Matching {

  /** Price, then bid id (ids grow with time, so lower is earlier), then provider address. */
  public static final Comparator<Bid> CHEAPEST_FIRST =
      Comparator.comparingLong(Bid::getPrice)
          .thenComparingLong(Bid::getId)
          .thenComparing(bid -> Address.fromBech32(bid.getProvider()));

  /**
   * Work bound of one fill with a minimum share between 1 and every unit: offers x (units + 1)
   * cells, 63 bids on an order of the largest size (65,536 units), every bid on orders of up to
   * 4,095 units at the highest max_bids_per_order.
   */
  static final int MAX_CELLS = 1 << 22;

  private static final long NONE = Long.MAX_VALUE;

  /** A usable bid as the allocation sees it: price per unit and the most units it can take. */
  record Offer(long price, int maxUnits) {}

  private Matching() {}

  /** The fills that cover the order, or an empty list when its open bids cannot. */
  public static List<Fill> fill(ReadableState state, Order order) {
    int units = order.getSpec().getGpuUnits();
    int minShare = order.getAllowSplit() ? Math.max(1, order.getMinUnitsPerProvider()) : units;
    List<Bid> bids = new ArrayList<>(MarketKeeper.openBidsOf(state, order.getId()));
    bids.sort(CHEAPEST_FIRST);
    List<Bid> candidates = new ArrayList<>();
    List<Offer> offers = new ArrayList<>();
    for (Bid bid : bids) {
      Provider provider = ProviderKeeper.get(state, Address.fromBech32(bid.getProvider()));
      if (provider != null
          && provider.getState() == ProviderState.PROVIDER_STATE_ACTIVE
          && Requirements.check(state, order, provider, minShare) == null) {
        long room = Math.min(bid.getGpuUnits(), Requirements.maxUnits(order, provider));
        candidates.add(bid);
        offers.add(new Offer(bid.getPrice(), (int) room));
      }
    }
    int[] shares = cheapest(offers, minShare, units);
    if (shares == null) {
      return List.of();
    }
    List<Fill> fills = new ArrayList<>();
    for (int i = 0; i < shares.length; i++) {
      if (shares[i] > 0) {
        fills.add(new Fill(candidates.get(i), shares[i]));
      }
    }
    return fills;
  }

  /**
   * The share of each offer (in the given order) in the cheapest allocation of exactly {@code
   * units}, each share 0 or within [minShare, maxUnits]; null when none exists. Ties go to the
   * allocation whose shares, read in offer order, are lexicographically greatest. With a minimum of
   * 1 or of every unit, taking from each offer in turn as much as it can is that allocation;
   * otherwise only the first {@link #MAX_CELLS} / (units + 1) offers are considered.
   */
  static int[] cheapest(List<Offer> offers, int minShare, int units) {
    if (minShare == 1 || minShare == units) {
      return greedy(offers, minShare, units);
    }
    int considered = Math.min(offers.size(), MAX_CELLS / (units + 1));
    int[] shares = exact(offers.subList(0, considered), minShare, units);
    return shares == null ? null : Arrays.copyOf(shares, offers.size());
  }

  private static int[] greedy(List<Offer> offers, int minShare, int units) {
    int[] shares = new int[offers.size()];
    int remaining = units;
    for (int i = 0; i < shares.length && remaining > 0; i++) {
      int take = Math.min(offers.get(i).maxUnits(), remaining);
      if (take >= minShare) {
        shares[i] = take;
        remaining -= take;
      }
    }
    return remaining == 0 ? shares : null;
  }

  /**
   * {@link #cheapest} by dynamic programming. cost[i][u] is the least cost of u units from offers
   * i.. on; it is built from the last offer back, each layer in O(units) with a sliding-window
   * minimum, and the shares are then read from the first offer forward, each taking the largest
   * share that keeps the optimum. Only every k-th layer (k about the square root of the number of
   * offers) is kept and the others are rebuilt block by block, so time is O(offers x units) and
   * memory O(sqrt(offers) x units).
   */
  private static int[] exact(List<Offer> offers, int minShare, int units) {
    int n = offers.size();
    int stride = Math.max(1, (int) Math.ceil(Math.sqrt(n)));
    long[][] kept = new long[n / stride + 1][];
    long[] last = nothingLeft(units);
    long[] layer = last;
    for (int i = n; i >= 0; i--) {
      if (i < n) {
        layer = previous(layer, offers.get(i), minShare);
      }
      if (i % stride == 0) {
        kept[i / stride] = layer;
      }
    }
    long target = kept[0][units];
    if (target == NONE) {
      return null;
    }
    int[] shares = new int[n];
    int remaining = units;
    long[][] block = new long[stride + 1][];
    for (int start = 0; start < n; start += stride) {
      int end = Math.min(start + stride, n);
      block[end - start] = end == n ? last : kept[end / stride];
      for (int i = end - 1; i > start; i--) {
        block[i - start] = previous(block[i + 1 - start], offers.get(i), minShare);
      }
      for (int i = start; i < end; i++) {
        long[] after = block[i + 1 - start];
        Offer offer = offers.get(i);
        int share = largestOptimalShare(offer, minShare, remaining, target, after);
        shares[i] = share;
        target -= Math.multiplyExact((long) share, offer.price());
        remaining -= share;
      }
    }
    return shares;
  }

  /** The layer after the last offer: no units cost nothing, any unit is impossible. */
  private static long[] nothingLeft(int units) {
    long[] layer = new long[units + 1];
    Arrays.fill(layer, NONE);
    layer[0] = 0;
    return layer;
  }

  /**
   * cost[i] from cost[i+1]: u units either skip the offer or give it s in [minShare, maxUnits] at s
   * x price, the rest from later offers. s x price + after[u-s] = u x price + (after[v] - v x
   * price) with v = u - s, so a monotone deque over v gives each u's minimum in amortised O(1).
   */
  private static long[] previous(long[] after, Offer offer, int minShare) {
    int units = after.length - 1;
    long price = offer.price();
    long[] cost = after.clone();
    int[] window = new int[units + 1];
    long[] values = new long[units + 1];
    int head = 0;
    int tail = 0;
    for (int u = minShare; u <= units; u++) {
      int v = u - minShare;
      if (after[v] != NONE) {
        long value = after[v] - Math.multiplyExact((long) v, price);
        while (tail > head && values[tail - 1] >= value) {
          tail--;
        }
        window[tail] = v;
        values[tail++] = value;
      }
      while (tail > head && window[head] < u - offer.maxUnits()) {
        head++;
      }
      if (tail > head) {
        cost[u] =
            Math.min(cost[u], Math.addExact(Math.multiplyExact((long) u, price), values[head]));
      }
    }
    return cost;
  }

  private static int largestOptimalShare(
      Offer offer, int minShare, int remaining, long target, long[] after) {
    for (int share = Math.min(offer.maxUnits(), remaining); share >= minShare; share--) {
      long rest = after[remaining - share];
      if (rest != NONE
          && Math.addExact(Math.multiplyExact((long) share, offer.price()), rest) == target) {
        return share;
      }
    }
    return 0;
  }
}
