package io.leasechain.ledger.market;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.Overdue;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.escrow.EscrowKeeper;
import io.leasechain.ledger.escrow.EscrowParamsRules;
import io.leasechain.ledger.escrow.proto.Escrow;
import io.leasechain.ledger.escrow.proto.EscrowState;
import io.leasechain.ledger.market.proto.Bid;
import io.leasechain.ledger.market.proto.BidState;
import io.leasechain.ledger.market.proto.CloseReason;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.Order;
import io.leasechain.ledger.market.proto.OrderState;
import io.leasechain.ledger.proof.ProofParamsRules;
import io.leasechain.ledger.provider.ProviderKeeper;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.provider.proto.Reputation;
import io.leasechain.ledger.state.KeyValueState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Opening, proving, paying and closing leases, and the money that moves with them. Every change of
 * an escrow's draw rate first settles the escrow at the current height, so the escrow's lazy draw
 * and its leases' lazy accruals always add up to the same micro-ulease. Accrual is owed to the
 * provider only once proven: a proof moves it into a pending payment, an accepted proof makes it
 * withdrawable, and what is never proven goes back to the escrow.
 */
public final class LeaseLifecycle {

  /** Close reasons that count against the provider's reputation. */
  private static final Set<CloseReason> EARLY =
      Set.of(
          CloseReason.CLOSE_REASON_PROVIDER,
          CloseReason.CLOSE_REASON_PROOF_MISSING,
          CloseReason.CLOSE_REASON_DISPUTE_LOST,
          CloseReason.CLOSE_REASON_PROVIDER_SUSPENDED);

  /**
   * Close reasons that forfeit the lease's bid deposit to the tenant: the provider won the order
   * and then did not serve it, so winning with the cheapest bid and never proving costs something.
   */
  private static final Set<CloseReason> FORFEITS_BID_DEPOSIT =
      Set.of(
          CloseReason.CLOSE_REASON_PROOF_MISSING,
          CloseReason.CLOSE_REASON_DISPUTE_LOST,
          CloseReason.CLOSE_REASON_PROVIDER_SUSPENDED);

  /**
   * Close reasons the provider did not choose and could not time: the accrual up to the close stays
   * provable for the grace period, so closing just before a proof does not take back used blocks.
   */
  private static final Set<CloseReason> HOLDS_UNPROVEN =
      Set.of(CloseReason.CLOSE_REASON_TENANT, CloseReason.CLOSE_REASON_OUT_OF_FUNDS);

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

  /** micro-ulease a lease has accrued and not yet proven, at {@code height}. */
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
              .setProvenThrough(height)
              .setProofDeadline(proofDeadline(height))
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
      events.addAll(endBid(bid, outcome, 0));
    }
    return events;
  }

  /**
   * Withdraws an open bid: the tenant keeps the current minimum bid deposit (at most the whole
   * deposit), so taking a bid slot and leaving it late costs the one who did, and the provider gets
   * back the rest.
   */
  public List<Event> withdrawBid(Bid bid) {
    long kept = Math.min(bid.getDeposit(), MarketParamsRules.STORE.get(state).getMinBidDeposit());
    return endBid(bid, BidState.BID_STATE_WITHDRAWN, kept);
  }

  /** Ends one open bid: {@code toTenant} of its deposit goes to the tenant, the rest back. */
  private List<Event> endBid(Bid bid, BidState outcome, long toTenant) {
    Address provider = Address.fromBech32(bid.getProvider());
    Order order = market.order(bid.getOrderId());
    pay(ModuleAccount.BID_DEPOSITS.address(), Address.fromBech32(order.getTenant()), toTenant);
    pay(ModuleAccount.BID_DEPOSITS.address(), provider, bid.getDeposit() - toTenant);
    Bid ended = bid.toBuilder().setState(outcome).build();
    market.save(ended);
    Provider owner = providers.get(provider);
    providers.save(owner.toBuilder().setOpenBids(owner.getOpenBids() - 1).build());
    market.save(order.toBuilder().setOpenBids(order.getOpenBids() - 1).build());
    return MarketEvents.bid(
        outcome == BidState.BID_STATE_WITHDRAWN ? "bid_withdrawn" : "bid_lost", ended);
  }

  /**
   * Pays the provider the whole ulease of its accepted proofs, less the take at the rate in force
   * now; earlier payouts are never charged again.
   */
  public List<Event> withdraw(Lease lease) {
    long payout = lease.getWithdrawableMicro() / EscrowKeeper.MICRO;
    if (payout == 0) {
      return List.of();
    }
    Take take =
        Take.of(payout, EscrowParamsRules.STORE.get(state).getTakeRateBps(), lease.getTakeCarry());
    long net = payout - take.amount();
    pay(ModuleAccount.ESCROW.address(), Address.fromBech32(lease.getProvider()), net);
    pay(ModuleAccount.ESCROW.address(), ModuleAccount.COMMUNITY_POOL.address(), take.amount());
    Lease paid =
        lease.toBuilder()
            .setWithdrawableMicro(lease.getWithdrawableMicro() - payout * EscrowKeeper.MICRO)
            .setPaid(Math.addExact(lease.getPaid(), net))
            .setTaken(Math.addExact(lease.getTaken(), take.amount()))
            .setTakeCarry(take.carry())
            .build();
    market.save(paid);
    return MarketEvents.paid(paid, net, take.amount());
  }

  /**
   * Proves an active lease's accrual up to {@code to} at {@code height}: it leaves the unproven
   * balance and becomes a pending payment, whose amount is returned.
   */
  public long prove(Lease lease, long to, long height) {
    Lease settled = settle(lease, height);
    long amount = Math.multiplyExact(rate(lease), to - lease.getProvenThrough());
    long unpaid = settled.getUnpaidMicro() - amount;
    long deadline;
    if (lease.getState() == LeaseState.LEASE_STATE_ACTIVE) {
      deadline = proofDeadline(to);
    } else {
      deadline = unpaid == 0 ? 0 : lease.getProofDeadline();
    }
    market.save(
        settled.toBuilder()
            .setUnpaidMicro(unpaid)
            .setProvenThrough(to)
            .setProofDeadline(deadline)
            .build());
    return amount;
  }

  /** Whether a closed lease still holds accrual that a late proof may claim. */
  public static boolean holdsUnproven(Lease lease) {
    return lease.getState() == LeaseState.LEASE_STATE_CLOSED && lease.getProofDeadline() != 0;
  }

  /**
   * Ends a closed lease's hold: the accrual nobody proved goes back to the escrow, which closes if
   * its order has ended and nothing else is pending.
   */
  public List<Event> release(Lease lease, long height) {
    if (lease.getUnpaidMicro() > 0) {
      escrows.credit(lease.getOrderId(), height, lease.getUnpaidMicro());
    }
    market.save(lease.toBuilder().setUnpaidMicro(0).setProofDeadline(0).build());
    return finishEscrow(lease.getOrderId(), height);
  }

  /**
   * Adds an accepted proof's amount to what the lease's provider may withdraw; returns the whole
   * ulease it adds to the lease's payouts (its sub-ulease rest joins the next proof's or, at the
   * end, goes back to the escrow).
   */
  public long accept(long leaseId, long amountMicro) {
    Lease lease = market.lease(leaseId);
    market.save(
        lease.toBuilder()
            .setWithdrawableMicro(Math.addExact(lease.getWithdrawableMicro(), amountMicro))
            .build());
    // Withdrawals take whole ulease out of withdrawable, so its fraction is that of everything
    // accepted so far.
    return Math.addExact(lease.getWithdrawableMicro() % EscrowKeeper.MICRO, amountMicro)
        / EscrowKeeper.MICRO;
  }

  /**
   * The take {@code payout} ulease will owe at the rate in force now, floored without carry: never
   * more than what paying it out at this rate takes.
   */
  public long takeOf(long payout) {
    return Take.of(payout, EscrowParamsRules.STORE.get(state).getTakeRateBps(), 0).amount();
  }

  /**
   * Returns to the escrow the accrual of blocks that can no longer be proven: those more than the
   * grace period behind {@code height}. The lease is then provable from that cut.
   */
  public Lease forfeitLate(Lease lease, long height) {
    long cut = height - ProofParamsRules.STORE.get(state).getGracePeriod();
    if (lease.getState() != LeaseState.LEASE_STATE_ACTIVE || cut <= lease.getProvenThrough()) {
      return lease;
    }
    Lease settled = settle(lease, height);
    long forfeited = Math.multiplyExact(rate(lease), cut - lease.getProvenThrough());
    escrows.credit(lease.getOrderId(), height, forfeited);
    Lease moved =
        settled.toBuilder()
            .setUnpaidMicro(settled.getUnpaidMicro() - forfeited)
            .setProvenThrough(cut)
            .setProofDeadline(proofDeadline(cut))
            .build();
    market.save(moved);
    return moved;
  }

  /**
   * Closes an active lease at {@code height}: what it accrued and nobody proved goes back to the
   * escrow, accepted proofs are paid, its bid deposit returns to the provider (or, when the
   * provider failed to serve, goes to the tenant) and its GPUs are freed; when this was the order's
   * last active lease, the order closes.
   */
  public List<Event> close(Lease lease, CloseReason reason, long height) {
    List<Event> events = new ArrayList<>();
    long grace = ProofParamsRules.STORE.get(state).getGracePeriod();
    boolean hold = HOLDS_UNPROVEN.contains(reason) && grace > 0;
    if (hold) {
      lease = forfeitLate(lease, height);
    }
    Escrow escrow = escrows.changeRate(lease.getOrderId(), height, -rate(lease));
    // Closed late by end-block, after another lease of the order settled the escrow past this
    // close's height: the escrow drew this lease's rate for blocks it did not run; they go back.
    long drawnAfter = escrow.getSettledHeight() - height;
    if (drawnAfter > 0) {
      escrows.credit(lease.getOrderId(), height, Math.multiplyExact(rate(lease), drawnAfter));
      escrow = escrows.get(lease.getOrderId());
    }
    Lease settled = settle(lease, height);
    hold = hold && settled.getUnpaidMicro() > 0;
    if (settled.getUnpaidMicro() > 0 && !hold) {
      escrows.credit(lease.getOrderId(), height, settled.getUnpaidMicro());
    }
    Address providerAddress = Address.fromBech32(lease.getProvider());
    pay(
        ModuleAccount.BID_DEPOSITS.address(),
        forfeitsBidDeposit(lease, reason, height, grace)
            ? Address.fromBech32(lease.getTenant())
            : providerAddress,
        settled.getBidDeposit());
    Lease closed =
        settled.toBuilder()
            .setUnpaidMicro(hold ? settled.getUnpaidMicro() : 0)
            .setBidDeposit(0)
            .setState(LeaseState.LEASE_STATE_CLOSED)
            .setCloseReason(reason)
            .setClosedHeight(height)
            .setProofDeadline(hold ? Math.addExact(height, grace) : 0)
            .build();
    market.save(closed);
    events.addAll(withdraw(closed));
    Provider provider = providers.get(providerAddress);
    Reputation reputation = provider.getReputation();
    Reputation counted =
        EARLY.contains(reason)
            ? reputation.toBuilder()
                .setLeasesClosedEarly(reputation.getLeasesClosedEarly() + 1)
                .build()
            : reputation.toBuilder()
                .setLeasesCompleted(reputation.getLeasesCompleted() + 1)
                .build();
    providers.save(
        provider.toBuilder()
            .setLeasedUnits(provider.getLeasedUnits() - lease.getGpuUnits())
            .setReputation(counted)
            .build());
    events.addAll(MarketEvents.lease("lease_closed", market.lease(lease.getId())));
    if (escrow.getRateMicro() == 0) {
      events.addAll(
          closeOrder(market.order(lease.getOrderId()), height, OrderState.ORDER_STATE_CLOSED));
    }
    return events;
  }

  /**
   * Whether closing {@code lease} for {@code reason} at {@code height} sends its bid deposit to the
   * tenant. A provider that gives notice keeps it only if it served the lease: proved some of it,
   * and recently enough that no block before the last {@code grace} went unproven; otherwise notice
   * would be a way out of the forfeit for a provider that wins and never proves.
   */
  private static boolean forfeitsBidDeposit(
      Lease lease, CloseReason reason, long height, long grace) {
    if (reason == CloseReason.CLOSE_REASON_PROVIDER) {
      return lease.getProvenThrough() == lease.getStartHeight()
          || lease.getProvenThrough() < height - grace;
    }
    return FORFEITS_BID_DEPOSIT.contains(reason);
  }

  /**
   * Ends an order that has no active lease, as closed or expired: refunds its open bids and, once
   * no proof is pending, what is left in its escrow.
   */
  public List<Event> closeOrder(Order order, long height, OrderState end) {
    List<Event> events = new ArrayList<>(refundOpenBids(order.getId(), BidState.BID_STATE_LOST));
    Order closed =
        market.order(order.getId()).toBuilder().setState(end).setClosedHeight(height).build();
    market.save(closed);
    events.addAll(finishEscrow(order.getId(), height));
    events.addAll(
        MarketEvents.order(
            end == OrderState.ORDER_STATE_EXPIRED ? "order_expired" : "order_closed", closed));
    return events;
  }

  /**
   * Closes the escrow of an ended order once nothing is pending: each lease's accepted amount is
   * paid out, its sub-ulease rest swept back, and the tenant refunded what remains. Returns the
   * payouts' and the close's events (none while something is still pending).
   */
  public List<Event> finishEscrow(long orderId, long height) {
    Escrow escrow = escrows.get(orderId);
    Order order = market.order(orderId);
    boolean ended =
        order.getState() == OrderState.ORDER_STATE_CLOSED
            || order.getState() == OrderState.ORDER_STATE_EXPIRED;
    if (!ended
        || escrow.getState() != EscrowState.ESCROW_STATE_OPEN
        || escrow.getRateMicro() != 0
        || escrow.getPendingProofs() != 0) {
      return List.of();
    }
    List<Long> leaseIds = MarketKeeper.leaseIdsOf(state, orderId);
    for (long leaseId : leaseIds) {
      if (holdsUnproven(market.lease(leaseId))) {
        return List.of();
      }
    }
    List<Event> events = new ArrayList<>();
    for (long leaseId : leaseIds) {
      events.addAll(withdraw(market.lease(leaseId)));
      Lease paid = market.lease(leaseId);
      if (paid.getWithdrawableMicro() > 0) {
        escrows.credit(orderId, height, paid.getWithdrawableMicro());
        market.save(paid.toBuilder().setWithdrawableMicro(0).build());
      }
    }
    long refunded = escrows.close(orderId, height);
    events.addAll(MarketEvents.escrowClosed(orderId, escrow.getOwner(), refunded));
    return events;
  }

  private long proofDeadline(long provenThrough) {
    return Math.addExact(provenThrough, ProofParamsRules.STORE.get(state).getMaxUnprovenBlocks());
  }

  /**
   * Brings the lease's accrual to {@code height}. An active lease is never settled past a height at
   * which end-block work on it is due (its end, its proof deadline, its escrow running dry): that
   * work may be waiting for the end-block budget, and accrual past it would be money nobody owes.
   */
  private Lease settle(Lease lease, long height) {
    if (lease.getState() == LeaseState.LEASE_STATE_ACTIVE) {
      long due = dueHeight(lease);
      if (height > due) {
        throw new Overdue("lease " + lease.getId() + " has end-block work due at height " + due);
      }
    }
    return lease.toBuilder()
        .setUnpaidMicro(owed(lease, height))
        .setSettledHeight(Math.max(height, lease.getSettledHeight()))
        .build();
  }

  /**
   * The height as of which a tx that settles {@code lease} acts at {@code height}: earlier when
   * end-block work on the lease or its escrow is due and still waits for the end-block budget, so
   * the tx settles exactly as that work will rather than being refused until it is done.
   */
  public long asOf(Lease lease, long height) {
    long due =
        lease.getState() == LeaseState.LEASE_STATE_ACTIVE
            ? dueHeight(lease)
            : EscrowKeeper.depletionHeight(escrows.get(lease.getOrderId()));
    return due == 0 ? height : Math.min(height, due);
  }

  /** The first height at which end-block work closes this active lease. */
  private long dueHeight(Lease lease) {
    long due = lease.getProofDeadline();
    if (lease.getEndHeight() != 0) {
      due = Math.min(due, lease.getEndHeight());
    }
    long dry = EscrowKeeper.depletionHeight(escrows.get(lease.getOrderId()));
    return dry == 0 ? due : Math.min(due, dry);
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
