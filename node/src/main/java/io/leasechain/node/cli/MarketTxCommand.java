package io.leasechain.node.cli;

import io.leasechain.ledger.market.proto.MsgAcceptBids;
import io.leasechain.ledger.market.proto.MsgCloseLease;
import io.leasechain.ledger.market.proto.MsgCloseOrder;
import io.leasechain.ledger.market.proto.MsgCreateBid;
import io.leasechain.ledger.market.proto.MsgCreateOrder;
import io.leasechain.ledger.market.proto.MsgWithdrawBid;
import io.leasechain.ledger.tx.proto.Msg;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `leasechain tx market`: orders, bids in the reverse auction, and leases. */
@Command(
    name = "market",
    description = "Market transactions.",
    subcommands = {
      MarketTxCommand.CreateOrder.class,
      MarketTxCommand.CreateBid.class,
      MarketTxCommand.WithdrawBid.class,
      MarketTxCommand.AcceptBids.class,
      MarketTxCommand.CloseLease.class,
      MarketTxCommand.CloseOrder.class
    })
final class MarketTxCommand {

  private MarketTxCommand() {}

  @Command(
      name = "create-order",
      description = "As a tenant, order GPU units; --deposit funds the order's escrow.")
  static final class CreateOrder extends SigningCommand {
    @Mixin OrderOptions order;

    @Override
    Msg message(String signer) {
      return Msg.newBuilder()
          .setCreateOrder(
              MsgCreateOrder.newBuilder()
                  .setTenant(signer)
                  .setSpec(order.spec())
                  .setRequiredAuditor(
                      order.requiredAuditor == null ? "" : account(order.requiredAuditor))
                  .setMaxPrice(order.maxPrice)
                  .setBidWindow(order.bidWindow)
                  .setDuration(order.duration)
                  .setAllowSplit(order.allowSplit)
                  .setMinUnitsPerProvider(order.minUnitsPerProvider)
                  .setDeposit(order.deposit))
          .build();
    }
  }

  @Command(name = "bid", description = "As a provider, bid on an open order.")
  static final class CreateBid extends SigningCommand {
    @Parameters(index = "1", paramLabel = "ORDER_ID", converter = Converters.U64.class)
    long orderId;

    @Option(
        names = "--gpu-units",
        required = true,
        paramLabel = "N",
        converter = Converters.U32.class)
    int gpuUnits;

    @Option(
        names = "--price",
        required = true,
        paramLabel = "MICRO_ULEASE",
        converter = Converters.U64.class,
        description = "micro-ulease (10^-6 ulease) per GPU unit per block")
    long price;

    @Option(
        names = "--deposit",
        required = true,
        paramLabel = "AMOUNT",
        converter = Converters.Ulease.class,
        description = "ulease locked with the bid, e.g. 10lease")
    long deposit;

    @Override
    Msg message(String signer) {
      return Msg.newBuilder()
          .setCreateBid(
              MsgCreateBid.newBuilder()
                  .setProvider(signer)
                  .setOrderId(orderId)
                  .setGpuUnits(gpuUnits)
                  .setPrice(price)
                  .setDeposit(deposit))
          .build();
    }
  }

  @Command(name = "withdraw-bid", description = "As a provider, withdraw an open bid.")
  static final class WithdrawBid extends SigningCommand {
    @Parameters(index = "1", paramLabel = "ORDER_ID", converter = Converters.U64.class)
    long orderId;

    @Parameters(index = "2", paramLabel = "BID_ID", converter = Converters.U64.class)
    long bidId;

    @Override
    Msg message(String signer) {
      return Msg.newBuilder()
          .setWithdrawBid(
              MsgWithdrawBid.newBuilder().setProvider(signer).setOrderId(orderId).setBidId(bidId))
          .build();
    }
  }

  @Command(
      name = "accept-bids",
      description = "As the tenant, accept bids of an order: each becomes a lease.")
  static final class AcceptBids extends SigningCommand {
    @Parameters(index = "1", paramLabel = "ORDER_ID", converter = Converters.U64.class)
    long orderId;

    @Parameters(
        index = "2..*",
        arity = "1..*",
        paramLabel = "BID_ID",
        converter = Converters.U64.class)
    List<Long> bidIds;

    @Override
    Msg message(String signer) {
      return Msg.newBuilder()
          .setAcceptBids(
              MsgAcceptBids.newBuilder().setTenant(signer).setOrderId(orderId).addAllBidIds(bidIds))
          .build();
    }
  }

  @Command(
      name = "close-lease",
      description =
          "Close a lease: by the tenant at once, by the provider after the notice period.")
  static final class CloseLease extends SigningCommand {
    @Parameters(index = "1", paramLabel = "LEASE_ID", converter = Converters.U64.class)
    long leaseId;

    @Override
    Msg message(String signer) {
      return Msg.newBuilder()
          .setCloseLease(MsgCloseLease.newBuilder().setSender(signer).setLeaseId(leaseId))
          .build();
    }
  }

  @Command(
      name = "close-order",
      description = "As the tenant, close an order: its leases end and the escrow is refunded.")
  static final class CloseOrder extends SigningCommand {
    @Parameters(index = "1", paramLabel = "ORDER_ID", converter = Converters.U64.class)
    long orderId;

    @Override
    Msg message(String signer) {
      return Msg.newBuilder()
          .setCloseOrder(MsgCloseOrder.newBuilder().setTenant(signer).setOrderId(orderId))
          .build();
    }
  }
}
