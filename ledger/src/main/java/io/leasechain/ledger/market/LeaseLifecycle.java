package io.leasechain.ledger.market;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.escrow.EscrowKeeper;
import io.leasechain.ledger.escrow.EscrowParamsRules;
import io.leasechain.ledger.escrow.proto.Escrow;
import io.leasechain.ledger.market.proto.Bid;
import io.leasechain.ledger.market.proto.BidState;
import io.leasechain.ledger.market.proto.CloseReason;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.Order;
import io.leasechain.ledger.market.proto.OrderState;
import io.leasechain.ledger.provider.ProviderKeeper;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.state.KeyValueState;
import java.util.ArrayList;
import java.util.List;

/**
 * Opening, paying and closing leases, and the money that moves with them. Every change of an
 * escrow's draw rate first settles the escrow at the current height, so the escrow's lazy draw and
 * its leases' lazy accruals always add up to the same micro-ulease.
 */
public final class LeaseLifecycle {

  /** A winning bid and how many of its GPU units the order takes (less than offered if split). */
  public record Fill(Bid bid, int units) {}

  private final KeyValueState state;
  private final MarketKeeper market;
  private final EscrowKeeper escrows;
  private final ProviderKeeper providers;
  private final BankKeeper bank;

  public LeaseLifecycle(KeyValueState state) {
    this.state = state;
    this.market = new MarketKeeper(state);
    this.escrows = new EscrowKeeper(state);
    this.providers = new ProviderKeeper(state);
    this.bank = new BankKeeper(state);
  }

  /** micro-ulease a lease has accrued and not been paid, at {@code height}. */
  public static long owed(Lease lease, long height) {
    if (lease.getState() != LeaseState.LEASE_STATE_ACTIVE || height <= lease.getSettledHeight()) {
      return lease.getUnpaidMicro();
    }
    return Math.addExact(
        lease.getUnpaidMicro(), Math.multiplyExact(rate(lease), height - lease.getSettledHeight()));
  }

  public static long rate(Lease lease) {
    return Math.multiplyExact((long) lease.getGpuUnits(), lease.getPrice());
  }

  /** Turns the fills into leases, refunds every other open bid, and marks the order matched. */
  public List<Event> open(Order order, List<Fill> fills, long height) {
    List<Event> events = new ArrayList<>();
    long addedRate = 0;
    long end = order.getDuration() == 0 ? 0 : Math.addExact(height, order.getDuration());
    for (Fill fill : fills) {
      Bid won = fill.bid().toBuilder().setState(BidState.BID_STATE_WON).build();
      market.save(won);
      Lease lease =
          Lease.newBuilder()
              .setId(MarketKeeper.LEASE_IDS.next(state))
              .setOrderId(order.getId())
              .setTenant(order.getTenant())
              .setProvider(won.getProvider())
              .setBidId(won.getId())
              .setGpuUnits(fill.units())
              .setPrice(won.getPrice())
              .setStartHeight(height)
              .setState(LeaseState.LEASE_STATE_ACTIVE)
              .setEndHeight(end)
              .setSettledHeight(height)
              .setBidDeposit(won.getDeposit())
              .build();
      market.save(lease);
      Provider provider = providers.get(Address.fromBech32(won.getProvider()));
      providers.save(
          provider.toBuilder()
              .setLeasedUnits(Math.addExact(provider.getLeasedUnits(), fill.units()))
              .setOpenBids(provider.getOpenBids() - 1)
              .build());
      addedRate = Math.addExact(addedRate, rate(lease));
      events.addAll(MarketEvents.bid("bid_won", won));
      events.addAll(MarketEvents.lease("lease_created", lease));
    }
    events.addAll(refundOpenBids(order.getId(), BidState.BID_STATE_LOST));
    escrows.changeRate(order.getId(), height, addedRate);
    Order matched =
        market.order(order.getId()).toBuilder()
            .setState(OrderState.ORDER_STATE_MATCHED)
            .setOpenBids(0)
            .build();
    market.save(matched);
    events.addAll(MarketEvents.order("order_matched", matched));
    return events;
  }

  /** Ends every still-open bid of an order with {@code outcome} and returns its deposit. */
  public List<Event> refundOpenBids(long orderId, BidState outcome) {
    List<Event> events = new ArrayList<>();
    for (Bid bid : MarketKeeper.openBidsOf(state, orderId)) {
      events.addAll(endBid(bid, outcome));
    }
    return events;
  }

  /** Ends one open bid (lost or withdrawn) and returns its deposit to the provider. */
  public List<Event> endBid(Bid bid, BidState outcome) {
    Address provider = Address.fromBech32(bid.getProvider());
    pay(ModuleAccount.BID_DEPOSITS.address(), provider, bid.getDeposit());
    Bid ended = bid.toBuilder().setState(outcome).build();
    market.save(ended);
    Provider owner = providers.get(provider);
    providers.save(owner.toBuilder().setOpenBids(owner.getOpenBids() - 1).build());
    Order order = market.order(bid.getOrderId());
    market.save(order.toBuilder().setOpenBids(order.getOpenBids() - 1).build());
    return MarketEvents.bid(
        outcome == BidState.BID_STATE_WITHDRAWN ? "bid_withdrawn" : "bid_lost", ended);
  }

  /**
   * Pays the provider the whole ulease its lease has accrued by {@code height}, less the take rate.
   */
  public List<Event> withdraw(Lease lease, long height) {
    Lease settled = settle(lease, height);
    long payout = settled.getUnpaidMicro() / EscrowKeeper.MICRO;
    if (payout == 0) {
      market.save(settled);
      return List.of();
    }
    // Cumulative, so that many small payouts cannot each round the take down to nothing.
    long bps = EscrowParamsRules.STORE.get(state).getTakeRateBps();
    long paidSoFar = Math.addExact(settled.getPaid(), settled.getTaken());
    long take =
        Math.multiplyExact(Math.addExact(paidSoFar, payout), bps) / 10_000 - settled.getTaken();
    pay(ModuleAccount.ESCROW.address(), Address.fromBech32(lease.getProvider()), payout - take);
    pay(ModuleAccount.ESCROW.address(), ModuleAccount.COMMUNITY_POOL.address(), take);
    Lease paid =
        settled.toBuilder()
            .setUnpaidMicro(settled.getUnpaidMicro() - payout * EscrowKeeper.MICRO)
            .setPaid(Math.addExact(settled.getPaid(), payout - take))
            .setTaken(Math.addExact(settled.getTaken(), take))
            .build();
    market.save(paid);
    return MarketEvents.paid(paid, payout - take, take);
  }

  /**
   * Closes an active lease at {@code height}: pays what it accrued, returns its sub-ulease
   * remainder to the escrow and its bid deposit to the provider, frees the provider's GPUs, and
   * closes the order (refunding its escrow) when this was its last active lease.
   */
  public List<Event> close(Lease lease, CloseReason reason, long height) {
    List<Event> events = new ArrayList<>();
    Escrow escrow = escrows.changeRate(lease.getOrderId(), height, -rate(lease));
    events.addAll(withdraw(lease, height));
    Lease paid = market.lease(lease.getId());
    if (paid.getUnpaidMicro() > 0) {
      escrows.credit(lease.getOrderId(), height, paid.getUnpaidMicro());
    }
    Address providerAddress = Address.fromBech32(lease.getProvider());
    pay(ModuleAccount.BID_DEPOSITS.address(), providerAddress, paid.getBidDeposit());
    Lease closed =
        paid.toBuilder()
            .setUnpaidMicro(0)
            .setBidDeposit(0)
            .setState(LeaseState.LEASE_STATE_CLOSED)
            .setCloseReason(reason)
            .setClosedHeight(height)
            .build();
    market.save(closed);
    Provider provider = providers.get(providerAddress);
    providers.save(
        provider.toBuilder()
            .setLeasedUnits(provider.getLeasedUnits() - lease.getGpuUnits())
            .build());
    events.addAll(MarketEvents.lease("lease_closed", closed));
    if (escrow.getRateMicro() == 0) {
      events.addAll(
          closeOrder(market.order(lease.getOrderId()), height, OrderState.ORDER_STATE_CLOSED));
    }
    return events;
  }

  /**
   * Ends an order that has no active lease, as closed or expired: refunds its open bids and what is
   * left in its escrow.
   */
  public List<Event> closeOrder(Order order, long height, OrderState end) {
    List<Event> events = new ArrayList<>(refundOpenBids(order.getId(), BidState.BID_STATE_LOST));
    escrows.close(order.getId(), height);
    Order closed =
        market.order(order.getId()).toBuilder().setState(end).setClosedHeight(height).build();
    market.save(closed);
    events.addAll(
        MarketEvents.order(
            end == OrderState.ORDER_STATE_EXPIRED ? "order_expired" : "order_closed", closed));
    return events;
  }

  private Lease settle(Lease lease, long height) {
    return lease.toBuilder()
        .setUnpaidMicro(owed(lease, height))
        .setSettledHeight(Math.max(height, lease.getSettledHeight()))
        .build();
  }

  private void pay(Address from, Address to, long amount) {
    if (amount == 0) {
      return;
    }
    Rejection paid = bank.transfer(from, to, amount);
    if (paid != null) {
      throw new IllegalStateException(
          "module account cannot pay " + amount + " ulease: " + paid.log());
    }
  }
}
