package io.leasechain.ledger.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.invariant.Invariants;
import io.leasechain.ledger.market.proto.CloseReason;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.MsgCreateOrder;
import io.leasechain.ledger.market.proto.OrderState;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.testing.Outcomes;
import io.leasechain.ledger.testing.TestChain;
import io.leasechain.ledger.tx.TxError;
import io.leasechain.ledger.tx.proto.Msg;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * Review finding: a tenant could align any number of bid windows or lease ends on one future height
 * and make that block's end-block do unbounded work. max_end_block_items bounds it; what is left
 * stays due, is taken oldest first by the next blocks, and settles as if on time.
 */
class EndBlockBudgetTest {

  private static final int BUDGET = 7;

  private static long count(BlockResult block, String type) {
    return block.events().stream().map(Event::type).filter(type::equals).count();
  }

  private static void assertInvariants(TestChain chain) {
    assertEquals(List.of(), Invariants.broken(chain.committed(), chain.height()));
  }

  @Test
  void bidWindowsAlignedOnOneHeightCloseAtMostTheBudgetPerBlock() {
    TestChain chain = EndBlockCostTest.bulkChain(BUDGET);
    long target = chain.height() + 5;
    long first = MarketKeeper.ORDER_IDS.peek(chain.committed());
    int orders = 0;
    for (int block = 0; block < 3; block++) {
      List<Msg> msgs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        long window = target - (chain.height() + 1);
        msgs.add(
            Msgs.order(Msgs.orderBody(chain.address(1), 1, 24, 1, false, 1).setBidWindow(window)));
      }
      Outcomes.assertOk(chain.deliver(chain.sign(msgs, chain.keyAt(1))));
      orders += msgs.size();
    }
    chain.advanceTo(target - 1);
    long waiting = first + orders - 1;
    int expired = 0;
    List<byte[]> txs = List.of();
    while (expired < orders) {
      BlockResult block = chain.finalizeBlock(txs);
      if (!txs.isEmpty()) {
        // Still open, but past its window: no bid and no cancel may slip in.
        Outcomes.assertRejected(MarketError.BID_WINDOW_CLOSED, block.txs().get(0));
        Outcomes.assertRejected(MarketError.BID_WINDOW_CLOSED, block.txs().get(1));
      }
      long now = count(block, "order_expired");
      assertTrue(now <= BUDGET, "block " + block.height() + " expired " + now + " orders");
      assertTrue(now > 0, "a backlog must shrink every block");
      expired += (int) now;
      assertInvariants(chain);
      txs =
          List.of(
              chain.sign(Msgs.bid(chain.address(2), waiting, 1, 1, 0), chain.keyAt(2)),
              chain.sign(Msgs.closeOrder(chain.address(1), waiting), chain.keyAt(1)));
    }
    assertEquals(
        OrderState.ORDER_STATE_EXPIRED, MarketKeeper.order(chain.committed(), first).getState());
    BlockResult quiet = chain.emptyBlock();
    assertEquals(
        List.of(),
        quiet.writes().stream()
            .filter(write -> write.key()[0] != KeySpace.BLOCK_TIME.prefix())
            .toList(),
        "the backlog is gone and its marker with it (only the block's time is written)");
  }

  /** Opens leases in four different blocks, every one ending at {@code target}. */
  private static List<Long> alignedLeases(TestChain chain, long target) {
    return openLeases(
        chain,
        1_000,
        acceptHeight ->
            Msgs.orderBody(chain.address(1), 1, 24, 1_000, false, 1)
                .setBidWindow(100)
                .setDuration(target - acceptHeight));
  }

  /**
   * Opens five leases in each of four blocks: {@code order} shapes each order from the height its
   * bid is accepted at, and each bid asks {@code price}.
   */
  private static List<Long> openLeases(
      TestChain chain, long price, LongFunction<MsgCreateOrder.Builder> order) {
    List<Long> leases = new ArrayList<>();
    for (int round = 0; round < 4; round++) {
      long firstOrder = MarketKeeper.ORDER_IDS.peek(chain.committed());
      long firstBid = MarketKeeper.BID_IDS.peek(chain.committed());
      long firstLease = MarketKeeper.LEASE_IDS.peek(chain.committed());
      long acceptHeight = chain.height() + 3;
      List<Msg> orders = new ArrayList<>();
      List<Msg> bids = new ArrayList<>();
      List<Msg> accepts = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        orders.add(Msgs.order(order.apply(acceptHeight)));
        bids.add(Msgs.bid(chain.address(2), firstOrder + i, 1, price, 0));
        accepts.add(Msgs.accept(chain.address(1), firstOrder + i, firstBid + i));
        leases.add(firstLease + i);
      }
      Outcomes.assertOk(chain.deliver(chain.sign(orders, chain.keyAt(1))));
      Outcomes.assertOk(chain.deliver(chain.sign(bids, chain.keyAt(2))));
      Outcomes.assertOk(chain.deliver(chain.sign(accepts, chain.keyAt(1))));
    }
    return leases;
  }

  @Test
  void leaseEndsAlignedOnOneHeightSettleAtTheirEndHeightWhenTakenLate() {
    TestChain late = EndBlockCostTest.bulkChain(BUDGET);
    TestChain onTime = EndBlockCostTest.bulkChain(1_000);
    long target = late.height() + 30;
    List<Long> leases = alignedLeases(late, target);
    assertEquals(leases, alignedLeases(onTime, target));
    onTime.advanceTo(target + 5);
    late.advanceTo(target - 1);
    long waiting = leases.get(leases.size() - 1);
    long extraFees = 0;
    int closed = 0;
    List<byte[]> txs = List.of();
    while (closed < leases.size()) {
      BlockResult block = late.finalizeBlock(txs);
      if (!txs.isEmpty()) {
        // The lease is past its end: closing it now would accrue beyond that.
        Outcomes.assertRejected(TxError.OVERDUE, block.txs().get(0));
        Outcomes.assertOk(block.txs().get(1));
        extraFees += 2 * TestChain.DEFAULT_FEE;
      }
      long now = count(block, "lease_closed");
      assertTrue(now <= BUDGET, "block " + block.height() + " closed " + now + " leases");
      assertTrue(now > 0, "a backlog must shrink every block");
      closed += (int) now;
      assertInvariants(late);
      // A top-up settles the escrow past the waiting lease's end: its close must give back the
      // draw of the blocks after that end.
      long order = MarketKeeper.lease(late.committed(), waiting).getOrderId();
      long sequence = late.sequence(late.address(1));
      txs =
          List.of(
              late.tx()
                  .msg(Msgs.closeLease(late.address(1), waiting))
                  .signer(late.keyAt(1), sequence)
                  .build(),
              late.tx()
                  .msg(Msgs.topUp(late.address(1), order, 5))
                  .signer(late.keyAt(1), sequence + 1)
                  .build());
    }
    late.advanceTo(target + 5);
    for (long id : leases) {
      Lease lease = MarketKeeper.lease(late.committed(), id);
      assertEquals(LeaseState.LEASE_STATE_CLOSED, lease.getState());
      assertEquals(CloseReason.CLOSE_REASON_DURATION_REACHED, lease.getCloseReason());
      assertEquals(target, lease.getClosedHeight(), "closed as of its end height");
      assertEquals(MarketKeeper.lease(onTime.committed(), id), lease);
    }
    assertEquals(onTime.balance(onTime.address(2)), late.balance(late.address(2)), "provider");
    assertEquals(
        onTime.balance(onTime.address(1)) - extraFees, late.balance(late.address(1)), "tenant");
  }

  @Test
  void escrowsRunningDryTogetherCloseAtTheirDepletionHeightWhenTakenLate() {
    TestChain late = EndBlockCostTest.bulkChain(BUDGET);
    TestChain onTime = EndBlockCostTest.bulkChain(1_000);
    long target = late.height() + 30;
    List<Long> leases = dryingLeases(late, target);
    assertEquals(leases, dryingLeases(onTime, target));
    onTime.advanceTo(target + 5);
    late.advanceTo(target - 1);
    long waiting = leases.get(leases.size() - 1);
    long order = MarketKeeper.lease(late.committed(), waiting).getOrderId();
    long extraFees = 0;
    int closed = 0;
    List<byte[]> txs = List.of();
    while (closed < leases.size()) {
      BlockResult block = late.finalizeBlock(txs);
      if (!txs.isEmpty()) {
        // The escrow ran dry at the target: a top-up now would pay for blocks already unpaid.
        Outcomes.assertRejected(TxError.OVERDUE, block.txs().get(0));
        extraFees += TestChain.DEFAULT_FEE;
      }
      long now = count(block, "lease_closed");
      assertTrue(now <= BUDGET, "block " + block.height() + " closed " + now + " leases");
      assertTrue(now > 0, "a backlog must shrink every block");
      closed += (int) now;
      assertInvariants(late);
      txs = List.of(late.sign(Msgs.topUp(late.address(1), order, 5), late.keyAt(1)));
    }
    late.advanceTo(target + 5);
    for (long id : leases) {
      Lease lease = MarketKeeper.lease(late.committed(), id);
      assertEquals(CloseReason.CLOSE_REASON_OUT_OF_FUNDS, lease.getCloseReason());
      assertEquals(target, lease.getClosedHeight(), "closed as of its depletion height");
      assertEquals(MarketKeeper.lease(onTime.committed(), id), lease);
    }
    assertEquals(onTime.balance(onTime.address(2)), late.balance(late.address(2)), "provider");
    assertEquals(
        onTime.balance(onTime.address(1)) - extraFees, late.balance(late.address(1)), "tenant");
  }

  /**
   * Opens leases in four different blocks at 1 ulease per block, each escrow holding exactly the
   * blocks up to {@code target}.
   */
  private static List<Long> dryingLeases(TestChain chain, long target) {
    return openLeases(
        chain,
        1_000_000,
        acceptHeight ->
            Msgs.orderBody(chain.address(1), 1, 24, 1_000_000, false, target - acceptHeight)
                .setBidWindow(100));
  }
}
