package io.leasechain.client.query;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.market.proto.BidState;

/**
 * Which bids {@code /bids} lists: of an order, a provider or both, optionally in one state; null =
 * no filter.
 */
public record BidFilter(Long orderId, Address provider, BidState state) {

  public static BidFilter ofOrder(long orderId) {
    return new BidFilter(orderId, null, null);
  }

  public static BidFilter ofProvider(Address provider) {
    return new BidFilter(null, provider, null);
  }

  public BidFilter withState(BidState newState) {
    return new BidFilter(orderId, provider, newState);
  }
}
