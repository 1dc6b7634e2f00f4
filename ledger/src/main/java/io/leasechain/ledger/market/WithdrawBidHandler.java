package io.leasechain.ledger.market;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.BankAddresses;
import io.leasechain.ledger.market.proto.Bid;
import io.leasechain.ledger.market.proto.BidState;
import io.leasechain.ledger.market.proto.MsgWithdrawBid;
import io.leasechain.ledger.market.proto.Order;
import io.leasechain.ledger.tx.MsgContext;
import io.leasechain.ledger.tx.MsgHandler;
import java.util.List;

/**
 * MsgWithdrawBid: a provider takes back an open bid while the window is open; the tenant keeps the
 * minimum bid deposit of it.
 */
public final class WithdrawBidHandler implements MsgHandler<MsgWithdrawBid> {

  @Override
  public Rejection validate(MsgWithdrawBid msg) {
    return BankAddresses.check("provider", msg.getProvider());
  }

  @Override
  public List<Address> signers(MsgWithdrawBid msg) {
    return List.of(Address.fromBech32(msg.getProvider()));
  }

  @Override
  public Outcome execute(MsgContext context, MsgWithdrawBid msg) {
    MarketKeeper market = new MarketKeeper(context.state());
    Bid bid = market.bid(msg.getOrderId(), msg.getBidId());
    if (bid == null) {
      return Outcome.reject(
          MarketError.BID_NOT_FOUND, "bid %d of order %d", msg.getBidId(), msg.getOrderId());
    }
    if (!bid.getProvider().equals(msg.getProvider())) {
      return Outcome.reject(
          MarketError.UNAUTHORIZED, "bid %d belongs to %s", bid.getId(), bid.getProvider());
    }
    if (bid.getState() != BidState.BID_STATE_OPEN) {
      return Outcome.reject(MarketError.BID_NOT_OPEN, "bid %d is %s", bid.getId(), bid.getState());
    }
    Order order = market.order(bid.getOrderId());
    if (context.block().height() > order.getWindowEndHeight()) {
      return Outcome.reject(
          MarketError.BID_WINDOW_CLOSED,
          "window of order %d closed at height %d",
          order.getId(),
          order.getWindowEndHeight());
    }
    return Outcome.ok(new LeaseLifecycle(context.state()).withdrawBid(bid));
  }
}
