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
import java.util.Comparator;
import java.util.List;

/**
 * The chain's own fill when a bid window closes: cheapest bids first (ties: the earlier bid, then
 * the provider address), all or nothing. Without split the cheapest single bid that covers every
 * unit wins; with split bids are taken greedily and the last one partially.
 */
public final class Matching {

  /** Price, then bid id (ids grow with time, so lower is earlier), then provider address. */
  public static final Comparator<Bid> CHEAPEST_FIRST =
      Comparator.comparingLong(Bid::getPrice)
          .thenComparingLong(Bid::getId)
          .thenComparing(bid -> Address.fromBech32(bid.getProvider()));

  private Matching() {}

  /** The fills that cover the order, or an empty list when its open bids cannot. */
  public static List<Fill> fill(ReadableState state, Order order) {
    List<Bid> candidates = new ArrayList<>();
    for (Bid bid : MarketKeeper.openBidsOf(state, order.getId())) {
      if (eligible(state, order, bid)) {
        candidates.add(bid);
      }
    }
    candidates.sort(CHEAPEST_FIRST);
    int needed = order.getSpec().getGpuUnits();
    List<Fill> fills = new ArrayList<>();
    if (!order.getAllowSplit()) {
      for (Bid bid : candidates) {
        if (bid.getGpuUnits() >= needed) {
          return List.of(new Fill(bid, needed));
        }
      }
      return List.of();
    }
    int minimum = Math.max(1, order.getMinUnitsPerProvider());
    int remaining = needed;
    for (Bid bid : candidates) {
      if (remaining == 0) {
        break;
      }
      int take = Math.min(bid.getGpuUnits(), remaining);
      if (take >= minimum) {
        fills.add(new Fill(bid, take));
        remaining -= take;
      }
    }
    return remaining == 0 ? fills : List.of();
  }

  private static boolean eligible(ReadableState state, Order order, Bid bid) {
    Provider provider = ProviderKeeper.get(state, Address.fromBech32(bid.getProvider()));
    return provider != null
        && provider.getState() == ProviderState.PROVIDER_STATE_ACTIVE
        && Requirements.check(order, provider, bid.getGpuUnits()) == null;
  }
}
