package io.leasechain.ledger.market;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.TxOutcome;
import io.leasechain.ledger.market.proto.BidState;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.MsgCreateOrder;
import io.leasechain.ledger.market.proto.OrderState;
import io.leasechain.ledger.provider.proto.ProviderParams;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.testing.CountingState;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.testing.Outcomes;
import io.leasechain.ledger.testing.TestChain;
import io.leasechain.ledger.tx.TxParamsRules;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.ledger.tx.proto.TxParams;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md: "Block cost must not grow with the number of active leases." A block's cost is
 * measured as what it reads from committed state (point reads, scans, scanned entries) and what it
 * writes, through a counting view; the figures must be the same with 10 and with 10,000 leases.
 */
class EndBlockCostTest {

  private static final int CHUNK = 500;

  /** What executing one block cost: reads from committed state and the size of its write set. */
  record Cost(CountingState.Reads reads, int writes) {}

  /** Keys 0 (council of one), 1 (tenant), 2 (provider with 65,536 GPUs); no gas price, big txs. */
  private static TestChain bulkChain() {
    return bulkChain(MarketFixture.MARKET_PARAMS.getMaxEndBlockItems());
  }

  /** Room for txs of 1,000 messages; a block holds the largest such tx, as the rules demand. */
  private static TxParams bulkTxParams() {
    TxParams params =
        TxParamsRules.DEFAULTS.toBuilder()
            .setMinGasPrice(0)
            .setMaxMsgs(1_000)
            .setMaxTxBytes(1 << 20)
            .build();
    return params.toBuilder().setMaxBlockGas(TxParamsRules.largestGas(params)).build();
  }

  /** The same chain with {@code max_end_block_items} set to {@code budget}. */
  static TestChain bulkChain(int budget) {
    TestChain chain =
        TestChain.builder()
            .accounts(3, TestChain.DEFAULT_BALANCE)
            .txParams(bulkTxParams())
            .council(1, 0)
            .providerParams(
                ProviderParams.newBuilder()
                    .setMinBond(1)
                    .setUnbondingBlocks(10)
                    .setMaxLabels(4)
                    .build())
            .marketParams(
                MarketFixture.MARKET_PARAMS.toBuilder()
                    .setMinBidDeposit(0)
                    .setMinOrderDeposit(1)
                    .setMaxEndBlockItems(budget)
                    .build())
            .build();
    Address provider = chain.address(2);
    ok(
        chain.deliver(
            chain.sign(
                Msgs.register(provider, Msgs.gpus("bulk-gpu", 80, 65_536), 1), chain.keyAt(2))));
    ok(
        chain.deliver(
            chain.sign(
                Msgs.propose(chain.address(0), Msgs.approveProvider(provider)), chain.keyAt(0))));
    return chain;
  }

  private static void ok(TxOutcome outcome) {
    Outcomes.assertOk(outcome);
  }

  private static MsgCreateOrder.Builder oneGpu(TestChain chain) {
    return Msgs.orderBody(chain.address(1), 1, 24, 1, false, 1).setBidWindow(100);
  }

  /** Opens {@code n} one-GPU leases through the real handlers: order, bid, accept, 500 per tx. */
  private static TestChain withLeases(int n) {
    TestChain chain = bulkChain();
    Ed25519PrivateKey tenant = chain.keyAt(1);
    Ed25519PrivateKey provider = chain.keyAt(2);
    for (int done = 0; done < n; done += CHUNK) {
      int count = Math.min(CHUNK, n - done);
      long firstOrder = MarketKeeper.ORDER_IDS.peek(chain.committed());
      long firstBid = MarketKeeper.BID_IDS.peek(chain.committed());
      List<Msg> orders = new ArrayList<>();
      List<Msg> bids = new ArrayList<>();
      List<Msg> accepts = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        orders.add(Msgs.order(oneGpu(chain)));
        bids.add(Msgs.bid(chain.address(2), firstOrder + i, 1, 1, 0));
        accepts.add(Msgs.accept(chain.address(1), firstOrder + i, firstBid + i));
      }
      ok(chain.deliver(chain.sign(orders, tenant)));
      ok(chain.deliver(chain.sign(bids, provider)));
      ok(chain.deliver(chain.sign(accepts, tenant)));
    }
    assertEquals(
        n,
        count(
            chain,
            Keys.of(
                KeySpace.LEASES_BY_STATE,
                new byte[] {(byte) LeaseState.LEASE_STATE_ACTIVE_VALUE})));
    return chain;
  }

  private static long count(TestChain chain, byte[] prefix) {
    long count = 0;
    var entries = chain.committed().scanPrefix(prefix);
    while (entries.hasNext()) {
      entries.next();
      count++;
    }
    return count;
  }

  /** Executes the next block with {@code txs} over a counting view of committed state. */
  private static Cost cost(TestChain chain, List<byte[]> txs) {
    CountingState counting = new CountingState(chain.committed());
    BlockResult result = chain.ledger().finalizeBlock(counting, chain.nextBlockContext(), txs);
    result.txs().forEach(Outcomes::assertOk);
    return new Cost(counting.reads(), result.writes().size());
  }

  @Test
  void anEmptyBlockCostsTheSameWith10And10000ActiveLeases() {
    TestChain small = withLeases(10);
    TestChain large = withLeases(10_000);
    Cost smallCost = cost(small, List.of());
    Cost largeCost = cost(large, List.of());
    System.out.println("empty block, 10 leases: " + smallCost + "; 10,000 leases: " + largeCost);
    assertEquals(smallCost, largeCost);
    assertEquals(
        2, largeCost.writes(), "nothing is due: only the block's time and the oldest kept height");
    assertEquals(
        0, largeCost.reads().scannedEntries(), "every height-keyed index is empty at this height");
  }

  @Test
  void aBlockThatTouchesOneLeaseCostsTheSameWith10And10000ActiveLeases() {
    TestChain small = withLeases(10);
    TestChain large = withLeases(10_000);
    for (TestChain chain : List.of(small, large)) {
      chain.advanceTo(Math.max(small.height(), large.height()));
    }
    List<Cost> costs = new ArrayList<>();
    for (TestChain chain : List.of(small, large)) {
      byte[] topUp = chain.sign(Msgs.topUp(chain.address(1), 1, 5), chain.keyAt(1));
      // The provider gives notice on lease 2: the lease moves into the end-height index.
      byte[] close = chain.sign(Msgs.closeLease(chain.address(2), 2), chain.keyAt(2));
      costs.add(cost(chain, List.of(topUp, close)));
    }
    System.out.println(
        "block touching one lease, 10 leases: "
            + costs.get(0)
            + "; 10,000 leases: "
            + costs.get(1));
    assertEquals(costs.get(0), costs.get(1));
  }

  /**
   * The bid window's close reads the order's bids. max_bids_per_order bounds the open ones, but a
   * provider can create and withdraw bids without limit; the close must not read those.
   */
  @Test
  void closingABidWindowDoesNotReadWithdrawnBids() {
    List<Cost> costs = new ArrayList<>();
    for (int withdrawn : List.of(0, 300)) {
      TestChain chain = bulkChain();
      long order = MarketKeeper.ORDER_IDS.peek(chain.committed());
      ok(chain.deliver(chain.sign(Msgs.order(oneGpu(chain).setBidWindow(20)), chain.keyAt(1))));
      long firstBid = MarketKeeper.BID_IDS.peek(chain.committed());
      List<Msg> churn = new ArrayList<>();
      for (int i = 0; i < withdrawn; i++) {
        churn.add(Msgs.bid(chain.address(2), order, 1, 1, 0));
        churn.add(Msgs.withdrawBid(chain.address(2), order, firstBid + i));
      }
      churn.add(Msgs.bid(chain.address(2), order, 1, 1, 0));
      ok(chain.deliver(chain.sign(churn, chain.keyAt(2))));
      long windowEnd = MarketKeeper.order(chain.committed(), order).getWindowEndHeight();
      chain.advanceTo(windowEnd - 1);
      costs.add(cost(chain, List.of()));
      chain.emptyBlock();
      assertEquals(
          OrderState.ORDER_STATE_MATCHED, MarketKeeper.order(chain.committed(), order).getState());
      assertEquals(
          BidState.BID_STATE_WON,
          MarketKeeper.bid(chain.committed(), order, firstBid + withdrawn).getState());
    }
    System.out.println(
        "window close with 0 withdrawn bids: " + costs.get(0) + "; with 300: " + costs.get(1));
    assertEquals(
        costs.get(0),
        costs.get(1),
        "Matching.fill and LeaseLifecycle.refundOpenBids read every bid record of the order (MarketKeeper.bidsOf), "
            + "withdrawn ones included, so one provider can make a window's close arbitrarily expensive");
  }
}
