package io.leasechain.ledger.market;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.BankAddresses;
import io.leasechain.ledger.market.proto.CloseReason;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.MsgCloseOrder;
import io.leasechain.ledger.market.proto.Order;
import io.leasechain.ledger.market.proto.OrderState;
import io.leasechain.ledger.tx.MsgContext;
import io.leasechain.ledger.tx.MsgHandler;
import java.util.ArrayList;
import java.util.List;

/** MsgCloseOrder: the tenant ends an order: its leases close, bids and escrow are refunded. */
public final class CloseOrderHandler implements MsgHandler<MsgCloseOrder> {

  @Override
  public Rejection validate(MsgCloseOrder msg) {
    return BankAddresses.check("tenant", msg.getTenant());
  }

  @Override
  public List<Address> signers(MsgCloseOrder msg) {
    return List.of(Address.fromBech32(msg.getTenant()));
  }

  @Override
  public Outcome execute(MsgContext context, MsgCloseOrder msg) {
    MarketKeeper market = new MarketKeeper(context.state());
    Order order = market.order(msg.getOrderId());
    if (order == null) {
      return Outcome.reject(MarketError.ORDER_NOT_FOUND, "order %d", msg.getOrderId());
    }
    if (!order.getTenant().equals(msg.getTenant())) {
      return Outcome.reject(
          MarketError.UNAUTHORIZED, "order %d belongs to %s", order.getId(), order.getTenant());
    }
    if (order.getState() == OrderState.ORDER_STATE_CLOSED
        || order.getState() == OrderState.ORDER_STATE_EXPIRED) {
      return Outcome.reject(
          MarketError.ORDER_CLOSED, "order %d is %s", order.getId(), order.getState());
    }
    LeaseLifecycle leases = new LeaseLifecycle(context.state());
    long height = context.block().height();
    if (order.getState() == OrderState.ORDER_STATE_OPEN) {
      if (height > order.getWindowEndHeight()) {
        // End-block matches or expires it; it may be behind (max_end_block_items).
        return Outcome.reject(
            MarketError.BID_WINDOW_CLOSED,
            "window of order %d closed at height %d",
            order.getId(),
            order.getWindowEndHeight());
      }
      return Outcome.ok(leases.closeOrder(order, height, OrderState.ORDER_STATE_CLOSED));
    }
    List<Event> events = new ArrayList<>();
    for (long leaseId : MarketKeeper.leaseIdsOf(context.state(), order.getId())) {
      Lease lease = market.lease(leaseId);
      if (lease.getState() == LeaseState.LEASE_STATE_ACTIVE) {
        events.addAll(leases.close(lease, CloseReason.CLOSE_REASON_TENANT, height));
      }
    }
    return Outcome.ok(events);
  }
}
