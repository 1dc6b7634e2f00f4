package io.leasechain.client.query;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.market.proto.OrderState;

/** Which orders {@code /orders} lists; null fields do not filter. */
public record OrderFilter(Address tenant, OrderState state) {

  public static OrderFilter all() {
    return new OrderFilter(null, null);
  }
}
