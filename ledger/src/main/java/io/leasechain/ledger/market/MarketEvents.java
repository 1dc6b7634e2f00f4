package io.leasechain.ledger.market;

import io.leasechain.ledger.Event;
import io.leasechain.ledger.market.proto.Bid;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.Order;
import io.leasechain.ledger.provider.ProviderEvents;
import java.util.List;

/**
 * Events of the market: a typed event per change plus an entity event ("order", "bid", "lease")
 * indexed by id, so that {@code tx_search "lease.id='7'"} finds every tx that touched lease 7.
 */
public final class MarketEvents {

  private MarketEvents() {}

  public static List<Event> order(String type, Order order) {
    return List.of(
        Event.builder(type)
            .indexed("order_id", order.getId())
            .indexed("tenant", order.getTenant())
            .plain("state", order.getState().name())
            .build(),
        orderRef(order.getId(), order.getTenant(), type));
  }

  public static List<Event> bid(String type, Bid bid) {
    return List.of(
        Event.builder(type)
            .indexed("bid_id", bid.getId())
            .indexed("order_id", bid.getOrderId())
            .indexed("provider", bid.getProvider())
            .plain("gpu_units", bid.getGpuUnits())
            .plain("price", bid.getPrice())
            .plain("state", bid.getState().name())
            .build(),
        Event.builder("bid").indexed("id", bid.getId()).indexed("event", type).build(),
        orderRef(bid.getOrderId(), null, type),
        ProviderEvents.ref(bid.getProvider(), type));
  }

  public static List<Event> lease(String type, Lease lease) {
    return List.of(
        Event.builder(type)
            .indexed("lease_id", lease.getId())
            .indexed("order_id", lease.getOrderId())
            .indexed("provider", lease.getProvider())
            .indexed("tenant", lease.getTenant())
            .plain("gpu_units", lease.getGpuUnits())
            .plain("price", lease.getPrice())
            .plain("state", lease.getState().name())
            .plain("close_reason", lease.getCloseReason().name())
            .build(),
        leaseRef(lease.getId(), type),
        orderRef(lease.getOrderId(), lease.getTenant(), type),
        ProviderEvents.ref(lease.getProvider(), type));
  }

  public static List<Event> paid(Lease lease, long toProvider, long take) {
    String type = "escrow_settled";
    return List.of(
        Event.builder(type)
            .indexed("lease_id", lease.getId())
            .indexed("order_id", lease.getOrderId())
            .indexed("provider", lease.getProvider())
            .plain("paid", toProvider)
            .plain("take", take)
            .build(),
        leaseRef(lease.getId(), type),
        orderRef(lease.getOrderId(), lease.getTenant(), type),
        ProviderEvents.ref(lease.getProvider(), type));
  }

  /** An ended order's escrow closed, refunding {@code refunded} ulease to its tenant. */
  public static List<Event> escrowClosed(long orderId, String tenant, long refunded) {
    String type = "escrow_closed";
    return List.of(
        Event.builder(type)
            .indexed("order_id", orderId)
            .indexed("tenant", tenant)
            .plain("refunded", refunded)
            .build(),
        Event.builder("escrow").indexed("id", orderId).indexed("event", type).build(),
        orderRef(orderId, tenant, type));
  }

  /** lease{id, event}: what {@code tx_search "lease.id=7"} finds. */
  public static Event leaseRef(long leaseId, String type) {
    return Event.builder("lease").indexed("id", leaseId).indexed("event", type).build();
  }

  /** order{id, tenant, event}; no tenant where the event does not know it (a bid's). */
  public static Event orderRef(long orderId, String tenant, String type) {
    Event.Builder event = Event.builder("order").indexed("id", orderId);
    if (tenant != null) {
      event.indexed("tenant", tenant);
    }
    return event.indexed("event", type).build();
  }
}
