package io.leasechain.ledger.escrow;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Overdue;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.escrow.proto.Escrow;
import io.leasechain.ledger.escrow.proto.EscrowState;
import io.leasechain.ledger.state.Index;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.state.Records;
import io.leasechain.ledger.tx.TxError;

/**
 * Order escrows with lazy O(1) settlement. An escrow stores its balance at {@code settled_height}
 * and the total rate its active leases draw; what it holds at any later height is computed, not
 * stored, and the height at which it runs dry is known in closed form and indexed, so a block only
 * ever touches the escrows that run dry in it.
 */
public final class EscrowKeeper {

  public static final long MICRO = 1_000_000L;
  public static final Index DEPLETION = new Index(KeySpace.ESCROW_DEPLETION);

  private final KeyValueState state;

  public EscrowKeeper(KeyValueState state) {
    this.state = state;
  }

  public static byte[] key(long orderId) {
    return Keys.of(KeySpace.ESCROW, Keys.uint64(orderId));
  }

  public static Escrow get(ReadableState state, long orderId) {
    return Records.read(state, key(orderId), Escrow.parser());
  }

  /** micro-ulease the escrow still holds at {@code height} (at or after its settlement). */
  public static long available(Escrow escrow, long height) {
    long drawn = Math.multiplyExact(escrow.getRateMicro(), height - escrow.getSettledHeight());
    long left = escrow.getBalanceMicro() - drawn;
    if (left < 0) {
      throw new IllegalStateException(
          "escrow " + escrow.getOrderId() + " overdrawn at height " + height);
    }
    return left;
  }

  /** The last height whose draw the balance fully covers, or 0 when nothing draws. */
  public static long depletionHeight(Escrow escrow) {
    if (escrow.getRateMicro() == 0 || escrow.getState() != EscrowState.ESCROW_STATE_OPEN) {
      return 0;
    }
    return Math.addExact(
        escrow.getSettledHeight(), escrow.getBalanceMicro() / escrow.getRateMicro());
  }

  public Escrow get(long orderId) {
    return get(state, orderId);
  }

  /** Opens the escrow of a new order, moving {@code deposit} ulease from the owner into it. */
  public Rejection open(long orderId, Address owner, long deposit, long height) {
    Rejection funds =
        new BankKeeper(state).transfer(owner, ModuleAccount.ESCROW.address(), deposit);
    if (funds != null) {
      return funds;
    }
    save(
        Escrow.newBuilder()
            .setOrderId(orderId)
            .setOwner(owner.toBech32())
            .setBalanceMicro(Math.multiplyExact(deposit, MICRO))
            .setSettledHeight(height)
            .setState(EscrowState.ESCROW_STATE_OPEN)
            .setDeposited(deposit)
            .build());
    return null;
  }

  /** Brings the escrow's balance to {@code height}; the draw has gone to its leases' accruals. */
  public Escrow settle(Escrow escrow, long height) {
    if (height <= escrow.getSettledHeight()) {
      return escrow;
    }
    long dry = depletionHeight(escrow);
    if (dry != 0 && height > dry) {
      // Its leases close at that height once the end-block budget reaches them.
      throw new Overdue("escrow " + escrow.getOrderId() + " ran dry at height " + dry);
    }
    return escrow.toBuilder()
        .setBalanceMicro(available(escrow, height))
        .setSettledHeight(height)
        .build();
  }

  /** Settles to {@code height}, then changes the draw rate by {@code delta} and saves. */
  public Escrow changeRate(long orderId, long height, long delta) {
    Escrow settled = settle(get(orderId), height);
    Escrow changed =
        settled.toBuilder().setRateMicro(Math.addExact(settled.getRateMicro(), delta)).build();
    save(changed);
    return changed;
  }

  /** Adds micro-ulease back to the balance (a lease's sub-ulease remainder when it closes). */
  public void credit(long orderId, long height, long micro) {
    Escrow settled = settle(get(orderId), height);
    save(
        settled.toBuilder()
            .setBalanceMicro(Math.addExact(settled.getBalanceMicro(), micro))
            .build());
  }

  /**
   * Counts a proof of this order that is pending or disputed ({@code delta} +1) or settled (-1).
   */
  public void addPending(long orderId, int delta) {
    Escrow escrow = get(orderId);
    save(escrow.toBuilder().setPendingProofs(escrow.getPendingProofs() + delta).build());
  }

  /** Moves {@code amount} ulease from the owner into an open escrow. */
  public Rejection topUp(long orderId, Address from, long amount, long height) {
    // What an order's leases ever accrue, and so every per-lease sum that end-block adds to, is at
    // most what was deposited: keeping the deposits within a long of micro-ulease keeps those
    // sums from overflowing inside end-block, where an exception would halt the chain.
    long deposited = get(orderId).getDeposited();
    if (amount > Long.MAX_VALUE / MICRO - deposited) {
      return Rejection.of(
          TxError.ARITHMETIC_OVERFLOW,
          "order %d: %d ulease deposited, at most %d in all",
          orderId,
          deposited,
          Long.MAX_VALUE / MICRO);
    }
    Rejection funds = new BankKeeper(state).transfer(from, ModuleAccount.ESCROW.address(), amount);
    if (funds != null) {
      return funds;
    }
    Escrow settled = settle(get(orderId), height);
    save(
        settled.toBuilder()
            .setBalanceMicro(
                Math.addExact(settled.getBalanceMicro(), Math.multiplyExact(amount, MICRO)))
            .setDeposited(Math.addExact(settled.getDeposited(), amount))
            .build());
    return null;
  }

  /**
   * Closes an escrow with no active lease and refunds its balance to the owner. Once every lease
   * has returned its sub-ulease remainder, the balance is a whole number of ulease.
   */
  public long close(long orderId, long height) {
    Escrow escrow = settle(get(orderId), height);
    if (escrow.getRateMicro() != 0) {
      throw new IllegalStateException("closing escrow " + orderId + " with active leases");
    }
    long refund = escrow.getBalanceMicro() / MICRO;
    if (escrow.getBalanceMicro() % MICRO != 0) {
      throw new IllegalStateException(
          "escrow " + orderId + " holds a fraction of a ulease at close");
    }
    if (refund > 0) {
      Rejection paid =
          new BankKeeper(state)
              .transfer(
                  ModuleAccount.ESCROW.address(), Address.fromBech32(escrow.getOwner()), refund);
      if (paid != null) {
        throw new IllegalStateException(
            "escrow module cannot refund order " + orderId + ": " + paid.log());
      }
    }
    save(
        escrow.toBuilder()
            .setBalanceMicro(0)
            .setState(EscrowState.ESCROW_STATE_CLOSED)
            .setRefunded(Math.addExact(escrow.getRefunded(), refund))
            .build());
    return refund;
  }

  /** Stores the escrow and moves its depletion-index entry to its new closed-form height. */
  public void save(Escrow escrow) {
    Escrow old = get(escrow.getOrderId());
    if (old != null && old.getDepletionHeight() != 0) {
      DEPLETION.remove(state, Keys.uint64(old.getDepletionHeight()), Keys.uint64(old.getOrderId()));
    }
    Escrow indexed = escrow.toBuilder().setDepletionHeight(depletionHeight(escrow)).build();
    if (indexed.getDepletionHeight() != 0) {
      DEPLETION.add(
          state, Keys.uint64(indexed.getDepletionHeight()), Keys.uint64(indexed.getOrderId()));
    }
    state.put(key(indexed.getOrderId()), indexed.toByteArray());
  }
}
