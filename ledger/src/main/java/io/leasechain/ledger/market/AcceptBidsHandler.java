package io.leasechain.ledger.market;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.BankAddresses;
import io.leasechain.ledger.market.LeaseLifecycle.Fill;
import io.leasechain.ledger.market.proto.Bid;
import io.leasechain.ledger.market.proto.BidState;
import io.leasechain.ledger.market.proto.MsgAcceptBids;
import io.leasechain.ledger.market.proto.Order;
import io.leasechain.ledger.market.proto.OrderState;
import io.leasechain.ledger.provider.ProviderKeeper;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.tx.MsgContext;
import io.leasechain.ledger.tx.MsgHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** MsgAcceptBids: the tenant picks winning bids itself while the order is open. */
public final class AcceptBidsHandler implements MsgHandler<MsgAcceptBids> {

  @Override
  public Rejection validate(MsgAcceptBids msg) {
    Rejection tenant = BankAddresses.check("tenant", msg.getTenant());
    if (tenant != null) {
      return tenant;
    }
    if (msg.getBidIdsCount() == 0) {
      return Rejection.of(MarketError.INVALID_BID, "name at least one bid");
    }
    if (msg.getBidIdsCount() > MarketParamsRules.MAX_BIDS_PER_ORDER) {
      return Rejection.of(
          MarketError.INVALID_BID,
          "%d bids named, an order has at most %d",
          msg.getBidIdsCount(),
          MarketParamsRules.MAX_BIDS_PER_ORDER);
    }
    if (new TreeSet<>(msg.getBidIdsList()).size() != msg.getBidIdsCount()) {
      return Rejection.of(MarketError.INVALID_BID, "a bid is named twice");
    }
    return null;
  }

  @Override
  public List<Address> signers(MsgAcceptBids msg) {
    return List.of(Address.fromBech32(msg.getTenant()));
  }

  @Override
  public Outcome execute(MsgContext context, MsgAcceptBids msg) {
    MarketKeeper market = new MarketKeeper(context.state());
    Order order = market.order(msg.getOrderId());
    if (order == null) {
      return Outcome.reject(MarketError.ORDER_NOT_FOUND, "order %d", msg.getOrderId());
    }
    if (!order.getTenant().equals(msg.getTenant())) {
      return Outcome.reject(
          MarketError.UNAUTHORIZED, "order %d belongs to %s", order.getId(), order.getTenant());
    }
    if (order.getState() != OrderState.ORDER_STATE_OPEN) {
      return Outcome.reject(
          MarketError.ORDER_NOT_OPEN, "order %d is %s", order.getId(), order.getState());
    }
    // A window past its end awaits end-block, which may be behind (max_end_block_items).
    if (context.block().height() > order.getWindowEndHeight()) {
      return Outcome.reject(
          MarketError.BID_WINDOW_CLOSED,
          "window of order %d closed at height %d",
          order.getId(),
          order.getWindowEndHeight());
    }
    if (msg.getBidIdsCount() > 1 && !order.getAllowSplit()) {
      return Outcome.reject(MarketError.SPLIT_NOT_ALLOWED, "order %d takes one bid", order.getId());
    }
    List<Fill> fills = new ArrayList<>();
    long units = 0;
    for (long bidId : msg.getBidIdsList()) {
      Bid bid = market.bid(order.getId(), bidId);
      if (bid == null) {
        return Outcome.reject(
            MarketError.BID_NOT_FOUND, "bid %d of order %d", bidId, order.getId());
      }
      if (bid.getState() != BidState.BID_STATE_OPEN) {
        return Outcome.reject(MarketError.BID_NOT_OPEN, "bid %d is %s", bidId, bid.getState());
      }
      Provider provider =
          ProviderKeeper.get(context.state(), Address.fromBech32(bid.getProvider()));
      if (provider.getState() != ProviderState.PROVIDER_STATE_ACTIVE) {
        return Outcome.reject(
            MarketError.PROVIDER_NOT_ACTIVE,
            "provider %s of bid %d is %s",
            bid.getProvider(),
            bidId,
            provider.getState());
      }
      Rejection unmet = Requirements.check(context.state(), order, provider, bid.getGpuUnits());
      if (unmet != null) {
        return Outcome.reject(unmet);
      }
      units += bid.getGpuUnits();
      fills.add(new Fill(bid, bid.getGpuUnits()));
    }
    if (units != order.getSpec().getGpuUnits()) {
      return Outcome.reject(
          MarketError.UNITS_DO_NOT_ADD_UP,
          "bids offer %d units, order %d needs %d",
          units,
          order.getId(),
          order.getSpec().getGpuUnits());
    }
    return Outcome.ok(
        new LeaseLifecycle(context.state()).open(order, fills, context.block().height()));
  }
}
