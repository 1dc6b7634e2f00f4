package io.leasechain.ledger.escrow;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.BankAddresses;
import io.leasechain.ledger.escrow.proto.Escrow;
import io.leasechain.ledger.escrow.proto.EscrowState;
import io.leasechain.ledger.escrow.proto.MsgTopUpEscrow;
import io.leasechain.ledger.market.MarketEvents;
import io.leasechain.ledger.market.MarketKeeper;
import io.leasechain.ledger.market.proto.OrderState;
import io.leasechain.ledger.tx.MsgContext;
import io.leasechain.ledger.tx.MsgHandler;
import java.util.List;

/** MsgTopUpEscrow: the tenant adds funds; the run-dry height moves later accordingly. */
public final class TopUpEscrowHandler implements MsgHandler<MsgTopUpEscrow> {

  @Override
  public Rejection validate(MsgTopUpEscrow msg) {
    Rejection owner = BankAddresses.check("owner", msg.getOwner());
    if (owner != null) {
      return owner;
    }
    if (msg.getAmount() <= 0) {
      return Rejection.of(EscrowError.INVALID_AMOUNT, "amount must be between 1 and 2^63-1 ulease");
    }
    return null;
  }

  @Override
  public List<Address> signers(MsgTopUpEscrow msg) {
    return List.of(Address.fromBech32(msg.getOwner()));
  }

  @Override
  public Outcome execute(MsgContext context, MsgTopUpEscrow msg) {
    EscrowKeeper escrows = new EscrowKeeper(context.state());
    Escrow escrow = escrows.get(msg.getOrderId());
    if (escrow == null) {
      return Outcome.reject(EscrowError.NOT_FOUND, "order %d", msg.getOrderId());
    }
    if (!escrow.getOwner().equals(msg.getOwner())) {
      return Outcome.reject(
          EscrowError.UNAUTHORIZED,
          "escrow of order %d belongs to %s",
          msg.getOrderId(),
          escrow.getOwner());
    }
    // An ended order's escrow may stay open for pending or late proofs; it takes no more money.
    OrderState order = MarketKeeper.order(context.state(), msg.getOrderId()).getState();
    if (escrow.getState() != EscrowState.ESCROW_STATE_OPEN
        || order == OrderState.ORDER_STATE_CLOSED
        || order == OrderState.ORDER_STATE_EXPIRED) {
      return Outcome.reject(EscrowError.CLOSED, "order %d is closed", msg.getOrderId());
    }
    Rejection funds =
        escrows.topUp(
            msg.getOrderId(),
            Address.fromBech32(msg.getOwner()),
            msg.getAmount(),
            context.block().height());
    if (funds != null) {
      return Outcome.reject(funds);
    }
    Escrow topped = escrows.get(msg.getOrderId());
    return Outcome.ok(
        Event.builder("escrow_topped_up")
            .indexed("order_id", msg.getOrderId())
            .plain("amount", msg.getAmount())
            .plain("depletion_height", topped.getDepletionHeight())
            .build(),
        Event.builder("escrow")
            .indexed("id", msg.getOrderId())
            .indexed("event", "escrow_topped_up")
            .build(),
        // The escrow's owner, checked above, is the order's tenant.
        MarketEvents.orderRef(msg.getOrderId(), msg.getOwner(), "escrow_topped_up"));
  }
}
