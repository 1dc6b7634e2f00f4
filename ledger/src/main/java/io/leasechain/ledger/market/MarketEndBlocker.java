package io.leasechain.ledger.market;

import io.leasechain.ledger.EndBlock;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.escrow.EscrowKeeper;
import io.leasechain.ledger.market.proto.CloseReason;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.Order;
import io.leasechain.ledger.market.proto.OrderState;
import io.leasechain.ledger.state.KeyValueState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The market's end-block work, driven only by height-keyed indexes: bid windows that close, leases
 * that reach their end, escrows that run dry. Its cost depends on what is due, never on how many
 * leases are active; {@link EndBlock} bounds how much of that one block takes.
 */
public final class MarketEndBlocker {

  /** In the order they are taken at equal due heights. */
  public static final List<EndBlock.Queue> QUEUES =
      List.of(
          new EndBlock.Queue(MarketKeeper.WINDOW_END, MarketEndBlocker::closeWindow),
          new EndBlock.Queue(MarketKeeper.LEASE_END, MarketEndBlocker::endLease),
          new EndBlock.Queue(EscrowKeeper.DEPLETION, MarketEndBlocker::runDry));

  private MarketEndBlocker() {}

  /**
   * Matches or expires an order whose window closed. Leases open at this block's height: no bid was
   * admitted after the window's end, and the escrow draws only from when the leases start.
   */
  private static List<Event> closeWindow(
      KeyValueState state, byte[] suffix, long dueHeight, long height) {
    MarketKeeper market = new MarketKeeper(state);
    LeaseLifecycle leases = new LeaseLifecycle(state);
    Order order = market.order(ByteBuffer.wrap(suffix).getLong());
    if (order.getState() != OrderState.ORDER_STATE_OPEN) {
      return List.of();
    }
    List<LeaseLifecycle.Fill> fills = Matching.fill(state, order);
    return fills.isEmpty()
        ? leases.closeOrder(order, height, OrderState.ORDER_STATE_EXPIRED)
        : leases.open(order, fills, height);
  }

  /** Closes a lease at its end height, however late the block that gets to it. */
  private static List<Event> endLease(
      KeyValueState state, byte[] suffix, long dueHeight, long height) {
    Lease lease = MarketKeeper.lease(state, ByteBuffer.wrap(suffix).getLong());
    if (lease.getState() != LeaseState.LEASE_STATE_ACTIVE) {
      return List.of();
    }
    CloseReason reason =
        lease.getCloseReason() == CloseReason.CLOSE_REASON_PROVIDER
            ? CloseReason.CLOSE_REASON_PROVIDER
            : CloseReason.CLOSE_REASON_DURATION_REACHED;
    return new LeaseLifecycle(state).close(lease, reason, dueHeight);
  }

  /** Closes the leases of an escrow at the last height its balance covers. */
  private static List<Event> runDry(
      KeyValueState state, byte[] suffix, long dueHeight, long height) {
    long orderId = ByteBuffer.wrap(suffix).getLong();
    LeaseLifecycle leases = new LeaseLifecycle(state);
    List<Event> events = new ArrayList<>();
    for (long leaseId : MarketKeeper.leaseIdsOf(state, orderId)) {
      Lease lease = MarketKeeper.lease(state, leaseId);
      if (lease.getState() == LeaseState.LEASE_STATE_ACTIVE) {
        events.addAll(leases.close(lease, CloseReason.CLOSE_REASON_OUT_OF_FUNDS, dueHeight));
      }
    }
    return events;
  }
}
