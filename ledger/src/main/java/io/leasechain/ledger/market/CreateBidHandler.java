package io.leasechain.ledger.market;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.BankAddresses;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.market.proto.Bid;
import io.leasechain.ledger.market.proto.BidState;
import io.leasechain.ledger.market.proto.MarketParams;
import io.leasechain.ledger.market.proto.MsgCreateBid;
import io.leasechain.ledger.market.proto.Order;
import io.leasechain.ledger.market.proto.OrderState;
import io.leasechain.ledger.provider.ProviderKeeper;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.tx.MsgContext;
import io.leasechain.ledger.tx.MsgHandler;
import java.util.List;

/** MsgCreateBid: an active provider offers GPU units at or below the order's max price. */
public final class CreateBidHandler implements MsgHandler<MsgCreateBid> {

  @Override
  public Rejection validate(MsgCreateBid msg) {
    Rejection provider = BankAddresses.check("provider", msg.getProvider());
    if (provider != null) {
      return provider;
    }
    if (msg.getGpuUnits() <= 0 || msg.getPrice() <= 0 || msg.getDeposit() < 0) {
      return Rejection.of(
          MarketError.INVALID_BID, "gpu_units and price must be at least 1, deposit below 2^63");
    }
    return null;
  }

  @Override
  public List<Address> signers(MsgCreateBid msg) {
    return List.of(Address.fromBech32(msg.getProvider()));
  }

  @Override
  public Outcome execute(MsgContext context, MsgCreateBid msg) {
    MarketKeeper market = new MarketKeeper(context.state());
    ProviderKeeper providers = new ProviderKeeper(context.state());
    MarketParams params = MarketParamsRules.STORE.get(context.state());
    long height = context.block().height();
    Address providerAddress = Address.fromBech32(msg.getProvider());
    Order order = market.order(msg.getOrderId());
    if (order == null) {
      return Outcome.reject(MarketError.ORDER_NOT_FOUND, "order %d", msg.getOrderId());
    }
    if (order.getState() != OrderState.ORDER_STATE_OPEN) {
      return Outcome.reject(
          MarketError.ORDER_NOT_OPEN, "order %d is %s", order.getId(), order.getState());
    }
    if (height > order.getWindowEndHeight()) {
      return Outcome.reject(
          MarketError.BID_WINDOW_CLOSED,
          "window of order %d closed at height %d",
          order.getId(),
          order.getWindowEndHeight());
    }
    Provider provider = providers.get(providerAddress);
    if (provider == null || provider.getState() != ProviderState.PROVIDER_STATE_ACTIVE) {
      return Outcome.reject(
          MarketError.PROVIDER_NOT_ACTIVE,
          "%s is %s",
          providerAddress,
          provider == null ? "not registered" : provider.getState());
    }
    if (msg.getPrice() > order.getMaxPrice()) {
      return Outcome.reject(
          MarketError.PRICE_ABOVE_MAX,
          "price %d, max %d micro-ulease per unit per block",
          msg.getPrice(),
          order.getMaxPrice());
    }
    int units = order.getSpec().getGpuUnits();
    if (msg.getGpuUnits() > units) {
      return Outcome.reject(
          MarketError.INVALID_BID,
          "%d units offered, the order needs %d",
          msg.getGpuUnits(),
          units);
    }
    if (!order.getAllowSplit() && msg.getGpuUnits() != units) {
      return Outcome.reject(
          MarketError.SPLIT_NOT_ALLOWED,
          "order %d needs all %d units from one provider",
          order.getId(),
          units);
    }
    if (msg.getGpuUnits() < order.getMinUnitsPerProvider()) {
      return Outcome.reject(
          MarketError.INVALID_BID,
          "at least %d units per provider",
          order.getMinUnitsPerProvider());
    }
    Rejection unmet = Requirements.check(context.state(), order, provider, msg.getGpuUnits());
    if (unmet != null) {
      return Outcome.reject(unmet);
    }
    if (market.openBid(order.getId(), providerAddress) != null) {
      return Outcome.reject(
          MarketError.DUPLICATE_BID, "%s on order %d", providerAddress, order.getId());
    }
    if (order.getOpenBids() >= params.getMaxBidsPerOrder()) {
      return Outcome.reject(
          MarketError.TOO_MANY_BIDS,
          "order %d has %d open bids",
          order.getId(),
          order.getOpenBids());
    }
    if (msg.getDeposit() < params.getMinBidDeposit()) {
      return Outcome.reject(
          MarketError.DEPOSIT_TOO_LOW,
          "deposit %d ulease, minimum %d",
          msg.getDeposit(),
          params.getMinBidDeposit());
    }
    Rejection funds =
        new BankKeeper(context.state())
            .transfer(providerAddress, ModuleAccount.BID_DEPOSITS.address(), msg.getDeposit());
    if (funds != null) {
      return Outcome.reject(funds);
    }
    Bid bid =
        Bid.newBuilder()
            .setId(MarketKeeper.BID_IDS.next(context.state()))
            .setOrderId(order.getId())
            .setProvider(providerAddress.toBech32())
            .setGpuUnits(msg.getGpuUnits())
            .setPrice(msg.getPrice())
            .setDeposit(msg.getDeposit())
            .setState(BidState.BID_STATE_OPEN)
            .setCreatedHeight(height)
            .build();
    market.save(bid);
    market.save(order.toBuilder().setOpenBids(order.getOpenBids() + 1).build());
    providers.save(provider.toBuilder().setOpenBids(provider.getOpenBids() + 1).build());
    return Outcome.ok(MarketEvents.bid("bid_created", bid));
  }
}
