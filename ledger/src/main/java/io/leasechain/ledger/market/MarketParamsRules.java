package io.leasechain.ledger.market;

import io.leasechain.ledger.market.proto.MarketParams;
import io.leasechain.ledger.params.ParamBound;
import io.leasechain.ledger.params.ParamStore;
import java.util.List;

/** Defaults, storage and validation of the market params. */
public final class MarketParamsRules {

  public static final ParamStore<MarketParams> STORE =
      new ParamStore<>("market", MarketParams.parser());

  public static final MarketParams DEFAULTS =
      MarketParams.newBuilder()
          .setMinBidDeposit(1_000_000L)
          .setMaxBidsPerOrder(64)
          .setMinBidWindow(1)
          .setMaxBidWindow(10_000)
          .setProviderCloseNotice(100)
          .setMinOrderDeposit(1_000_000L)
          .setMaxEndBlockItems(1_000)
          .build();

  /** The largest max_bids_per_order allowed, so also the most bids one accept can name. */
  public static final int MAX_BIDS_PER_ORDER = 1024;

  /** Each field's range (docs/genesis.md); {@link #validate} adds the rules across fields. */
  public static final List<ParamBound> BOUNDS =
      List.of(
          new ParamBound("min_bid_deposit", 0, ParamBound.MAX_MINIMUM_AMOUNT),
          // Auto-matching reads every bid of an order in one end-blocker.
          new ParamBound("max_bids_per_order", 1, MAX_BIDS_PER_ORDER),
          new ParamBound("min_bid_window", 1, 10_000_000),
          new ParamBound("max_bid_window", 1, 10_000_000),
          new ParamBound("provider_close_notice", 0, 10_000_000),
          new ParamBound("min_order_deposit", 0, ParamBound.MAX_MINIMUM_AMOUNT),
          // Due end-block entries one block may process (docs/design-decisions.md).
          new ParamBound("max_end_block_items", 1, 100_000));

  private MarketParamsRules() {}

  /** Problems with {@code params}, each naming the field; empty when valid. */
  public static List<String> validate(MarketParams params) {
    List<String> problems = ParamBound.check(params, BOUNDS);
    if (params.getMaxBidWindow() < params.getMinBidWindow()) {
      problems.add("max_bid_window: must be at least min_bid_window");
    }
    return problems;
  }
}
