package io.leasechain.ledger.market;

import io.leasechain.ledger.Event;
import io.leasechain.ledger.escrow.EscrowKeeper;
import io.leasechain.ledger.market.proto.CloseReason;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.Order;
import io.leasechain.ledger.market.proto.OrderState;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.Keys;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The market's work at the end of each block, driven only by height-keyed indexes: bid windows that
 * close now, leases that reach their end now, escrows that run dry now. Its cost depends on what
 * expires in this block, never on how many leases are active.
 */
public final class MarketEndBlocker {

  private MarketEndBlocker() {}

  public static List<Event> endBlock(KeyValueState state, long height) {
    List<Event> events = new ArrayList<>();
    MarketKeeper market = new MarketKeeper(state);
    LeaseLifecycle leases = new LeaseLifecycle(state);
    byte[] now = Keys.uint64(height);
    for (byte[] suffix : MarketKeeper.WINDOW_END.suffixes(state, now)) {
      Order order = market.order(ByteBuffer.wrap(suffix).getLong());
      if (order.getState() != OrderState.ORDER_STATE_OPEN) {
        continue;
      }
      List<LeaseLifecycle.Fill> fills = Matching.fill(state, order);
      events.addAll(
          fills.isEmpty()
              ? leases.closeOrder(order, height, OrderState.ORDER_STATE_EXPIRED)
              : leases.open(order, fills, height));
    }
    for (byte[] suffix : MarketKeeper.LEASE_END.suffixes(state, now)) {
      Lease lease = market.lease(ByteBuffer.wrap(suffix).getLong());
      if (lease.getState() == LeaseState.LEASE_STATE_ACTIVE) {
        CloseReason reason =
            lease.getCloseReason() == CloseReason.CLOSE_REASON_PROVIDER
                ? CloseReason.CLOSE_REASON_PROVIDER
                : CloseReason.CLOSE_REASON_DURATION_REACHED;
        events.addAll(leases.close(lease, reason, height));
      }
    }
    for (byte[] suffix : EscrowKeeper.DEPLETION.suffixes(state, now)) {
      long orderId = ByteBuffer.wrap(suffix).getLong();
      for (long leaseId : MarketKeeper.leaseIdsOf(state, orderId)) {
        Lease lease = market.lease(leaseId);
        if (lease.getState() == LeaseState.LEASE_STATE_ACTIVE) {
          events.addAll(leases.close(lease, CloseReason.CLOSE_REASON_OUT_OF_FUNDS, height));
        }
      }
    }
    return events;
  }
}
