package io.leasechain.client.query;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.market.proto.LeaseState;

/** Which leases {@code /leases} lists; null fields do not filter. */
public record LeaseFilter(Address tenant, Address provider, Long orderId, LeaseState state) {

  public static LeaseFilter all() {
    return new LeaseFilter(null, null, null, null);
  }
}
