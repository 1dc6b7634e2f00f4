package io.leasechain.ledger.market;

import io.leasechain.ledger.market.proto.MarketParams;
import io.leasechain.ledger.params.ParamStore;
import java.util.ArrayList;
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

  private MarketParamsRules() {}

  public static List<String> validate(MarketParams params) {
    List<String> problems = new ArrayList<>();
    if (params.getMinBidDeposit() < 0 || params.getMinOrderDeposit() < 0) {
      problems.add("min_bid_deposit, min_order_deposit: must be below 2^63");
    }
    if (params.getMaxBidsPerOrder() < 1 || params.getMaxBidsPerOrder() > MAX_BIDS_PER_ORDER) {
      problems.add(
          "max_bids_per_order: must be 1.."
              + MAX_BIDS_PER_ORDER
              + " (auto-matching reads every bid of an order)");
    }
    if (params.getMinBidWindow() < 1
        || params.getMaxBidWindow() < params.getMinBidWindow()
        || params.getMaxBidWindow() > 10_000_000) {
      problems.add("min_bid_window, max_bid_window: need 1 <= min <= max <= 10000000");
    }
    if (params.getProviderCloseNotice() < 0 || params.getProviderCloseNotice() > 10_000_000) {
      problems.add("provider_close_notice: must be at most 10000000");
    }
    if (params.getMaxEndBlockItems() < 1 || params.getMaxEndBlockItems() > 100_000) {
      problems.add("max_end_block_items: must be 1..100000 (due work one block may do)");
    }
    return problems;
  }
}
