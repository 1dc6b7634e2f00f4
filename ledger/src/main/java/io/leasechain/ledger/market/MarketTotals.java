package io.leasechain.ledger.market;

import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.OrderState;
import io.leasechain.ledger.state.ReadableState;

/**
 * The market at a glance, for monitoring: orders open for bids, active leases, and the ulease the
 * escrow module account holds (open escrows' balances plus what leases accrued and were not yet
 * paid, as the escrow-backing invariant pins it).
 */
public record MarketTotals(long openOrders, long activeLeases, long escrowHeld) {

  /**
   * Reads the totals from {@code state}. It counts the open-order and active-lease entries of the
   * by-state indexes, so the cost grows with those two numbers and with nothing else (closed orders
   * and leases are never read); the escrow total is one account read.
   */
  public static MarketTotals of(ReadableState state) {
    return new MarketTotals(
        MarketKeeper.ORDERS_BY_STATE.count(
            state, MarketKeeper.enumKey(OrderState.ORDER_STATE_OPEN_VALUE)),
        MarketKeeper.LEASES_BY_STATE.count(
            state, MarketKeeper.enumKey(LeaseState.LEASE_STATE_ACTIVE_VALUE)),
        BankKeeper.account(state, ModuleAccount.ESCROW.address()).getBalance());
  }
}
