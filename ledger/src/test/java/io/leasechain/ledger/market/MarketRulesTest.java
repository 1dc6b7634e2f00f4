package io.leasechain.ledger.market;

import static io.leasechain.ledger.testing.MarketFixture.BID_DEPOSIT;
import static io.leasechain.ledger.testing.MarketFixture.addressOf;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.BlockContext;
import io.leasechain.ledger.LedgerError;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.bank.BankError;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.escrow.EscrowKeeper;
import io.leasechain.ledger.escrow.proto.Escrow;
import io.leasechain.ledger.escrow.proto.EscrowState;
import io.leasechain.ledger.market.proto.BidState;
import io.leasechain.ledger.market.proto.CloseReason;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.MsgCreateOrder;
import io.leasechain.ledger.market.proto.Order;
import io.leasechain.ledger.market.proto.OrderState;
import io.leasechain.ledger.market.proto.ResourceSpec;
import io.leasechain.ledger.provider.proto.Interconnect;
import io.leasechain.ledger.query.LedgerQueries;
import io.leasechain.ledger.query.proto.OrdersResponse;
import io.leasechain.ledger.state.OverlayState;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.testing.Outcomes;
import io.leasechain.ledger.testing.TestChain;
import io.leasechain.ledger.tx.MsgContext;
import io.leasechain.ledger.tx.proto.Msg;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule and rejection code of the market module. Providers: A and B (4x nvidia-rtx-4090, 24
 * GiB, active, with registered job agents), H (8x nvidia-h100-80gb, active), P (pending), S
 * (suspended). A lease's accrual is paid only once proven: in long-running scenarios A and B prove
 * their leases every {@link #EVERY} blocks (default proof params).
 */
class MarketRulesTest {

  private static final String RTX = "nvidia-rtx-4090";
  private static final String H100 = "nvidia-h100-80gb";
  private static final long TAKE_BPS = MarketFixture.ESCROW_PARAMS.getTakeRateBps();
  private static final long FEE = TestChain.DEFAULT_FEE;
  private static final long EVERY = 2_000;

  private MarketFixture market;
  private Ed25519PrivateKey tenant;
  private Ed25519PrivateKey a;
  private Ed25519PrivateKey b;
  private Ed25519PrivateKey h;
  private Ed25519PrivateKey pending;
  private Ed25519PrivateKey suspended;

  @BeforeEach
  void setUp() {
    market = MarketFixture.create();
    tenant = market.tenant();
    a = market.provider(0);
    b = market.provider(1);
    h = market.provider(2);
    pending = market.provider(3);
    suspended = market.provider(4);
    market.registerProving(0, Msgs.gpus(RTX, 24, 4));
    market.registerProving(1, Msgs.gpus(RTX, 24, 4));
    market.registerApproved(2, Msgs.gpus(H100, 80, 8));
    market.register(3, Msgs.gpus(RTX, 24, 4));
    market.registerApproved(4, Msgs.gpus(RTX, 24, 4));
    market.councilDoes(Msgs.suspendProvider(addressOf(suspended)));
  }

  private MsgCreateOrder.Builder body(int units, boolean split) {
    return Msgs.orderBody(addressOf(tenant), units, 24, 300, split, 1_000);
  }

  private long order(int units, boolean split) {
    return market.order(tenant, body(units, split));
  }

  private Msg bidMsg(Ed25519PrivateKey provider, long order, int units, long price) {
    return Msgs.bid(addressOf(provider), order, units, price, BID_DEPOSIT);
  }

  private void refusedAfterFee(LedgerError error, Msg msg, Ed25519PrivateKey signer) {
    market.assertRejectedAfterFee(error, msg, signer);
  }

  private static long paidTo(long micro) {
    long payout = micro / EscrowKeeper.MICRO;
    return payout - payout * TAKE_BPS / 10_000;
  }

  /** An 8-unit split order with bids A 4@100 and B 4@120, accepted; returns the order id. */
  private long matchedSplitOrder() {
    long order = order(8, true);
    long bidA = market.bid(a, order, 4, 100);
    long bidB = market.bid(b, order, 4, 120);
    market.ok(Msgs.accept(addressOf(tenant), order, bidA, bidB), tenant);
    return order;
  }

  // ---- create order -----------------------------------------------------------------------

  @Test
  void createOrderOpensAnEscrowFundedByTheDeposit() throws Exception {
    long before = market.balance(tenant);
    long id = market.order(tenant, body(8, true).setMinUnitsPerProvider(0));
    long height = market.chain().height();
    Order order = market.order(id);
    assertEquals(OrderState.ORDER_STATE_OPEN, order.getState());
    assertEquals(height + 10, order.getWindowEndHeight());
    assertEquals(
        1, order.getMinUnitsPerProvider(), "a split order takes at least one unit per provider");
    Escrow escrow = market.escrow(id);
    assertEquals(EscrowState.ESCROW_STATE_OPEN, escrow.getState());
    assertEquals(1_000 * EscrowKeeper.MICRO, escrow.getBalanceMicro());
    assertEquals(0, escrow.getRateMicro());
    assertEquals(0, escrow.getDepletionHeight());
    assertEquals(addressOf(tenant).toBech32(), escrow.getOwner());
    assertEquals(before - 1_000 - FEE, market.balance(tenant));
    assertEquals(1_000, market.balance(ModuleAccount.ESCROW));
    OrdersResponse mine =
        OrdersResponse.parseFrom(
            LedgerQueries.answer(
                    market.chain().committed(), "/orders?tenant=" + addressOf(tenant).toBech32(), 0)
                .value());
    assertEquals(List.of(id), mine.getOrdersList().stream().map(Order::getId).toList());

    long whole = market.order(tenant, body(8, false));
    assertEquals(
        8,
        market.order(whole).getMinUnitsPerProvider(),
        "an unsplit order takes all units from one provider");
    market.assertInvariants();
  }

  static Stream<Arguments> malformedOrders() {
    return Stream.of(
        Arguments.of(
            "zero units",
            MarketError.INVALID_ORDER,
            (UnaryOperator<MsgCreateOrder.Builder>)
                o -> o.setSpec(o.getSpec().toBuilder().setGpuUnits(0))),
        Arguments.of(
            "too many units",
            MarketError.INVALID_ORDER,
            (UnaryOperator<MsgCreateOrder.Builder>)
                o -> o.setSpec(o.getSpec().toBuilder().setGpuUnits(65_537))),
        Arguments.of(
            "model not a slug",
            MarketError.INVALID_ORDER,
            (UnaryOperator<MsgCreateOrder.Builder>)
                o -> o.setSpec(o.getSpec().toBuilder().addGpuModels("H100 80GB"))),
        Arguments.of(
            "zero max price",
            MarketError.INVALID_ORDER,
            (UnaryOperator<MsgCreateOrder.Builder>) o -> o.setMaxPrice(0)),
        Arguments.of(
            "zero bid window",
            MarketError.INVALID_ORDER,
            (UnaryOperator<MsgCreateOrder.Builder>) o -> o.setBidWindow(0)),
        Arguments.of(
            "min units above units",
            MarketError.INVALID_ORDER,
            (UnaryOperator<MsgCreateOrder.Builder>) o -> o.setMinUnitsPerProvider(9)),
        Arguments.of(
            "units x price x duration overflows",
            MarketError.INVALID_ORDER,
            (UnaryOperator<MsgCreateOrder.Builder>)
                o -> o.setMaxPrice(Long.MAX_VALUE / 4).setDuration(10)),
        Arguments.of(
            "zero deposit",
            MarketError.DEPOSIT_TOO_LOW,
            (UnaryOperator<MsgCreateOrder.Builder>) o -> o.setDeposit(0)),
        Arguments.of(
            "malformed required auditor",
            BankError.INVALID_ADDRESS,
            (UnaryOperator<MsgCreateOrder.Builder>) o -> o.setRequiredAuditor("lease1auditor")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedOrders")
  void malformedOrdersAreRefusedBeforeTheFee(
      String name, LedgerError error, UnaryOperator<MsgCreateOrder.Builder> tamper) {
    market.assertRejectedBeforeFee(error, Msgs.order(tamper.apply(body(8, true))), tenant);
  }

  @Test
  void aBidWindowOutsideTheParamsIsRefused() {
    refusedAfterFee(
        MarketError.INVALID_ORDER,
        Msgs.order(body(8, true).setBidWindow(MarketFixture.MARKET_PARAMS.getMaxBidWindow() + 1)),
        tenant);
  }

  @Test
  void aDepositBelowTheMinimumIsRefused() {
    refusedAfterFee(
        MarketError.DEPOSIT_TOO_LOW,
        Msgs.order(body(8, true).setDeposit(MarketFixture.MARKET_PARAMS.getMinOrderDeposit() - 1)),
        tenant);
  }

  @Test
  void aRequiredAuditorMustBeAppointed() {
    refusedAfterFee(
        MarketError.INVALID_ORDER,
        Msgs.order(body(8, true).setRequiredAuditor(addressOf(market.auditor()).toBech32())),
        tenant);
  }

  @Test
  void aDepositAboveTheBalanceIsRefused() {
    refusedAfterFee(
        BankError.INSUFFICIENT_FUNDS,
        Msgs.order(body(8, true).setDeposit(TestChain.DEFAULT_BALANCE)),
        tenant);
  }

  /**
   * CreateOrderHandler.validate bounds units x max_price x duration, but not height + duration,
   * which LeaseLifecycle.open computes with Math.addExact when the window closes in the end block,
   * where an ArithmeticException is not turned into a rejection: every node would throw.
   */
  @Test
  void anOrderWhoseLeaseEndWouldOverflowCannotHaltTheChain() {
    MsgCreateOrder.Builder endless =
        Msgs.orderBody(addressOf(tenant), 1, 24, 1, false, 100).setDuration(Long.MAX_VALUE);
    long id = MarketKeeper.ORDER_IDS.peek(market.chain().committed());
    var created = market.run(Msgs.order(endless), tenant);
    if (!created.isOk()) {
      Outcomes.assertRejected(MarketError.INVALID_ORDER, created);
      return;
    }
    market.ok(bidMsg(a, id, 1, 1), a);
    long windowEnd = market.order(id).getWindowEndHeight();
    assertDoesNotThrow(
        () -> market.chain().advanceTo(windowEnd),
        "the window of an order with duration 2^63-1 closes in the end block without an exception");
    market.assertInvariants();
  }

  // ---- create bid -------------------------------------------------------------------------

  @Test
  void aBidLocksItsDepositAndCountsAsOpen() {
    long order = order(8, true);
    long before = market.balance(a);
    long bid = market.bid(a, order, 4, 100);
    var stored = market.bid(order, bid);
    assertEquals(BidState.BID_STATE_OPEN, stored.getState());
    assertEquals(BID_DEPOSIT, stored.getDeposit());
    assertEquals(market.chain().height(), stored.getCreatedHeight());
    assertEquals(before - BID_DEPOSIT - FEE, market.balance(a));
    assertEquals(BID_DEPOSIT, market.balance(ModuleAccount.BID_DEPOSITS));
    assertEquals(1, market.order(order).getOpenBids());
    assertEquals(1, market.providerRecord(a).getOpenBids());
    market.assertInvariants();
  }

  @Test
  void aBidOnAMissingOrderIsRefused() {
    refusedAfterFee(MarketError.ORDER_NOT_FOUND, bidMsg(a, 99, 4, 100), a);
  }

  @Test
  void aBidOnAMatchedOrderIsRefused() {
    long order = matchedSplitOrder();
    refusedAfterFee(MarketError.ORDER_NOT_OPEN, bidMsg(h, order, 8, 100), h);
  }

  @Test
  void aBidAfterTheWindowIsRefused() {
    long id = order(8, true);
    Order order = market.order(id);
    // Through the chain the window's end block has already matched or expired the order by then.
    OverlayState scratch = new OverlayState(market.chain().committed());
    BlockContext late = new BlockContext(TestChain.CHAIN_ID, order.getWindowEndHeight() + 1, 0, 0);
    Outcome outcome =
        new CreateBidHandler()
            .execute(new MsgContext(late, scratch), bidMsg(a, id, 4, 100).getCreateBid());
    assertEquals(MarketError.BID_WINDOW_CLOSED, outcome.rejection().error());
    assertEquals(true, scratch.isEmpty());
    market.chain().advanceTo(order.getWindowEndHeight());
    refusedAfterFee(MarketError.ORDER_NOT_OPEN, bidMsg(a, id, 4, 100), a);
  }

  @Test
  void aBidAboveTheMaxPriceIsRefused() {
    long order = order(8, true);
    refusedAfterFee(MarketError.PRICE_ABOVE_MAX, bidMsg(a, order, 4, 301), a);
    market.ok(bidMsg(a, order, 4, 300), a);
  }

  @Test
  void aBidByAPendingProviderIsRefused() {
    long order = order(8, true);
    refusedAfterFee(MarketError.PROVIDER_NOT_ACTIVE, bidMsg(pending, order, 4, 100), pending);
  }

  @Test
  void aBidByASuspendedProviderIsRefused() {
    long order = order(8, true);
    refusedAfterFee(MarketError.PROVIDER_NOT_ACTIVE, bidMsg(suspended, order, 4, 100), suspended);
  }

  @Test
  void aBidByAnAccountThatIsNoProviderIsRefused() {
    long order = order(8, true);
    refusedAfterFee(
        MarketError.PROVIDER_NOT_ACTIVE,
        bidMsg(market.otherTenant(), order, 4, 100),
        market.otherTenant());
  }

  @Test
  void aBidWhoseProviderLacksTheGpuModelIsRefused() {
    long order =
        market.order(
            tenant,
            body(4, false).setSpec(ResourceSpec.newBuilder().setGpuUnits(4).addGpuModels(H100)));
    refusedAfterFee(MarketError.REQUIREMENTS_NOT_MET, bidMsg(a, order, 4, 100), a);
    market.ok(bidMsg(h, order, 4, 100), h);
  }

  @Test
  void aBidWhoseProviderLacksTheVramIsRefused() {
    long order =
        market.order(
            tenant,
            body(4, false).setSpec(ResourceSpec.newBuilder().setGpuUnits(4).setMinVramGib(48)));
    refusedAfterFee(MarketError.REQUIREMENTS_NOT_MET, bidMsg(a, order, 4, 100), a);
    market.ok(bidMsg(h, order, 4, 100), h);
  }

  static Stream<Arguments> unmetRequirements() {
    return Stream.of(
        Arguments.of("region", (UnaryOperator<ResourceSpec.Builder>) s -> s.setRegion("us-east")),
        Arguments.of(
            "interconnect",
            (UnaryOperator<ResourceSpec.Builder>)
                s -> s.setInterconnect(Interconnect.INTERCONNECT_NVLINK)),
        Arguments.of("public IPs", (UnaryOperator<ResourceSpec.Builder>) s -> s.setPublicIps(5)),
        Arguments.of(
            "CPU per unit",
            (UnaryOperator<ResourceSpec.Builder>) s -> s.setCpuMillicoresPerUnit(64_001)),
        Arguments.of(
            "CPU per unit whose total for the bid passes 2^63",
            (UnaryOperator<ResourceSpec.Builder>)
                s -> s.setCpuMillicoresPerUnit(Long.MAX_VALUE / 2)),
        Arguments.of(
            "memory per unit",
            (UnaryOperator<ResourceSpec.Builder>) s -> s.setMemoryMibPerUnit(256_001)),
        Arguments.of(
            "storage per unit",
            (UnaryOperator<ResourceSpec.Builder>) s -> s.setStorageGibPerUnit(2_001)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unmetRequirements")
  void aBidWhoseProviderMissesAnyOtherRequirementIsRefused(
      String name, UnaryOperator<ResourceSpec.Builder> tamper) {
    long order =
        market.order(
            tenant, body(4, false).setSpec(tamper.apply(ResourceSpec.newBuilder().setGpuUnits(4))));
    refusedAfterFee(MarketError.REQUIREMENTS_NOT_MET, bidMsg(a, order, 4, 100), a);
  }

  @Test
  void anOrderThatRequiresAnAuditorTakesOnlyProvidersItAttested() {
    Address auditor = addressOf(market.auditor());
    market.councilDoes(Msgs.appointAuditor(auditor));
    long order = market.order(tenant, body(4, false).setRequiredAuditor(auditor.toBech32()));
    refusedAfterFee(MarketError.REQUIREMENTS_NOT_MET, bidMsg(a, order, 4, 100), a);
    market.ok(Msgs.attest(auditor, addressOf(a), "gpu_model"), market.auditor());
    market.ok(bidMsg(a, order, 4, 100), a);
  }

  /**
   * Removing an auditor withdraws its attestations: they count only while it is appointed, and a
   * reappointment does not revive those made before it (the auditor has to attest again).
   */
  @Test
  void attestationsCountOnlyWhileTheirAuditorIsAppointed() {
    Address auditor = addressOf(market.auditor());
    market.councilDoes(Msgs.appointAuditor(auditor));
    market.ok(Msgs.attest(auditor, addressOf(a), "gpu_model"), market.auditor());
    long order =
        market.order(
            tenant, body(4, false).setBidWindow(50).setRequiredAuditor(auditor.toBech32()));
    long bid = market.bid(a, order, 4, 100);
    market.councilDoes(Msgs.removeAuditor(auditor));
    refusedAfterFee(
        MarketError.REQUIREMENTS_NOT_MET, Msgs.accept(addressOf(tenant), order, bid), tenant);
    market.councilDoes(Msgs.appointAuditor(auditor));
    refusedAfterFee(
        MarketError.REQUIREMENTS_NOT_MET, Msgs.accept(addressOf(tenant), order, bid), tenant);
    market.ok(Msgs.attest(auditor, addressOf(a), "gpu_model"), market.auditor());
    market.ok(Msgs.accept(addressOf(tenant), order, bid), tenant);
  }

  @Test
  void aBidForMoreGpusThanTheProviderHasFreeIsRefused() {
    long order = order(8, true);
    refusedAfterFee(MarketError.INSUFFICIENT_CAPACITY, bidMsg(a, order, 5, 100), a);
    long first = market.order(tenant, body(4, false));
    long bid = market.bid(a, first, 4, 100);
    market.ok(Msgs.accept(addressOf(tenant), first, bid), tenant);
    refusedAfterFee(MarketError.INSUFFICIENT_CAPACITY, bidMsg(a, order, 1, 100), a);
  }

  @Test
  void aSecondOpenBidOnTheSameOrderIsRefused() {
    long order = order(8, true);
    market.bid(a, order, 4, 100);
    refusedAfterFee(MarketError.DUPLICATE_BID, bidMsg(a, order, 3, 90), a);
  }

  @Test
  void anOrderTakesAtMostMaxBidsPerOrderOpenBids() {
    market =
        MarketFixture.create(
            chain ->
                chain.marketParams(
                    MarketFixture.MARKET_PARAMS.toBuilder().setMaxBidsPerOrder(1).build()));
    tenant = market.tenant();
    market.registerProving(0, Msgs.gpus(RTX, 24, 4));
    market.registerProving(1, Msgs.gpus(RTX, 24, 4));
    long order = order(8, true);
    market.bid(market.provider(0), order, 4, 100);
    refusedAfterFee(
        MarketError.TOO_MANY_BIDS, bidMsg(market.provider(1), order, 4, 100), market.provider(1));
  }

  @Test
  void aBidDepositBelowTheMinimumIsRefused() {
    long order = order(8, true);
    refusedAfterFee(
        MarketError.DEPOSIT_TOO_LOW,
        Msgs.bid(addressOf(a), order, 4, 100, MarketFixture.MARKET_PARAMS.getMinBidDeposit() - 1),
        a);
  }

  @Test
  void aBidDepositAboveTheBalanceIsRefused() {
    long order = order(8, true);
    refusedAfterFee(
        BankError.INSUFFICIENT_FUNDS,
        Msgs.bid(addressOf(a), order, 4, 100, TestChain.DEFAULT_BALANCE),
        a);
  }

  @Test
  void aBidOfZeroUnitsOrZeroPriceIsRefusedBeforeTheFee() {
    long order = order(8, true);
    market.assertRejectedBeforeFee(MarketError.INVALID_BID, bidMsg(a, order, 0, 100), a);
    market.assertRejectedBeforeFee(MarketError.INVALID_BID, bidMsg(a, order, 4, 0), a);
  }

  @Test
  void aBidForMoreUnitsThanTheOrderNeedsIsRefused() {
    long order = order(8, true);
    refusedAfterFee(MarketError.INVALID_BID, bidMsg(h, order, 9, 100), h);
  }

  @Test
  void aBidBelowTheMinimumUnitsPerProviderIsRefused() {
    long order = market.order(tenant, body(8, true).setMinUnitsPerProvider(4));
    refusedAfterFee(MarketError.INVALID_BID, bidMsg(a, order, 3, 100), a);
  }

  @Test
  void aPartialBidOnAnUnsplitOrderIsRefused() {
    long order = order(8, false);
    refusedAfterFee(MarketError.SPLIT_NOT_ALLOWED, bidMsg(a, order, 4, 100), a);
  }

  // ---- withdraw bid -----------------------------------------------------------------------

  @Test
  void withdrawingABidReturnsItsDepositLessTheMinimumWhichGoesToTheTenant() {
    long order = order(8, true);
    long bid = market.bid(a, order, 4, 100);
    long before = market.balance(a);
    long tenantBefore = market.balance(tenant);
    long kept = MarketFixture.MARKET_PARAMS.getMinBidDeposit();
    market.ok(Msgs.withdrawBid(addressOf(a), order, bid), a);
    assertEquals(BidState.BID_STATE_WITHDRAWN, market.bid(order, bid).getState());
    assertEquals(before + BID_DEPOSIT - kept - FEE, market.balance(a));
    assertEquals(tenantBefore + kept, market.balance(tenant));
    assertEquals(0, market.order(order).getOpenBids());
    assertEquals(0, market.providerRecord(a).getOpenBids());
    assertEquals(0, market.balance(ModuleAccount.BID_DEPOSITS));
    market.bid(a, order, 4, 90);
    market.assertInvariants();
  }

  @Test
  void aSlotBlockedThenLeftInTheWindowsLastBlockCostsTheBlockerAndFreesTheSlot() {
    long order = order(4, false);
    long blocker = market.bid(a, order, 4, 100);
    long last = market.order(order).getWindowEndHeight();
    market.chain().advanceTo(last - 1);
    long aBefore = market.balance(a);
    long tenantBefore = market.balance(tenant);
    market.ok(Msgs.withdrawBid(addressOf(a), order, blocker), a);
    assertEquals(last, market.chain().height());
    long kept = MarketFixture.MARKET_PARAMS.getMinBidDeposit();
    assertEquals(aBefore + BID_DEPOSIT - kept - FEE, market.balance(a), "leaving costs a slot");
    assertEquals(0, market.order(order).getOpenBids(), "a withdrawn bid holds no slot");
    // The window closed in the same block with no bid: the order expired, its escrow refunded.
    assertEquals(OrderState.ORDER_STATE_EXPIRED, market.order(order).getState());
    assertEquals(
        tenantBefore + market.escrow(order).getRefunded() + kept,
        market.balance(tenant),
        "the tenant is paid for the delay");
    market.assertInvariants();
  }

  @Test
  void withdrawingAMissingBidIsRefused() {
    long order = order(8, true);
    refusedAfterFee(MarketError.BID_NOT_FOUND, Msgs.withdrawBid(addressOf(a), order, 42), a);
  }

  @Test
  void withdrawingSomeoneElsesBidIsRefused() {
    long order = order(8, true);
    long bid = market.bid(a, order, 4, 100);
    refusedAfterFee(MarketError.UNAUTHORIZED, Msgs.withdrawBid(addressOf(b), order, bid), b);
  }

  @Test
  void withdrawingABidTwiceIsRefused() {
    long order = order(8, true);
    long bid = market.bid(a, order, 4, 100);
    market.ok(Msgs.withdrawBid(addressOf(a), order, bid), a);
    refusedAfterFee(MarketError.BID_NOT_OPEN, Msgs.withdrawBid(addressOf(a), order, bid), a);
  }

  @Test
  void withdrawingAfterTheWindowIsRefused() {
    long id = order(8, true);
    long bid = market.bid(a, id, 4, 100);
    Order order = market.order(id);
    OverlayState scratch = new OverlayState(market.chain().committed());
    BlockContext late = new BlockContext(TestChain.CHAIN_ID, order.getWindowEndHeight() + 1, 0, 0);
    Outcome outcome =
        new WithdrawBidHandler()
            .execute(
                new MsgContext(late, scratch),
                Msgs.withdrawBid(addressOf(a), id, bid).getWithdrawBid());
    assertEquals(MarketError.BID_WINDOW_CLOSED, outcome.rejection().error());
    assertEquals(true, scratch.isEmpty());
  }

  // ---- accept bids ------------------------------------------------------------------------

  @Test
  void acceptingBidsOpensLeasesAndRefundsTheOthers() {
    long order = order(8, true);
    long bidA = market.bid(a, order, 4, 100);
    long bidB = market.bid(b, order, 4, 120);
    long bidH = market.bid(h, order, 8, 90);
    long hBefore = market.balance(h);
    long firstLease = market.nextLeaseId();
    market.ok(Msgs.accept(addressOf(tenant), order, bidA, bidB), tenant);
    long at = market.chain().height();
    assertEquals(OrderState.ORDER_STATE_MATCHED, market.order(order).getState());
    assertEquals(BidState.BID_STATE_WON, market.bid(order, bidA).getState());
    assertEquals(BidState.BID_STATE_WON, market.bid(order, bidB).getState());
    assertEquals(BidState.BID_STATE_LOST, market.bid(order, bidH).getState());
    assertEquals(
        hBefore + BID_DEPOSIT,
        market.balance(h),
        "the cheapest bid was not chosen, and gets its deposit back");
    Lease leaseA = market.lease(firstLease);
    Lease leaseB = market.lease(firstLease + 1);
    assertEquals(
        List.of(addressOf(a).toBech32(), 4, 100L, at, LeaseState.LEASE_STATE_ACTIVE, BID_DEPOSIT),
        List.of(
            leaseA.getProvider(),
            leaseA.getGpuUnits(),
            leaseA.getPrice(),
            leaseA.getStartHeight(),
            leaseA.getState(),
            leaseA.getBidDeposit()));
    assertEquals(
        List.of(addressOf(b).toBech32(), 4, 120L),
        List.of(leaseB.getProvider(), leaseB.getGpuUnits(), leaseB.getPrice()));
    Escrow escrow = market.escrow(order);
    assertEquals(4 * 100 + 4 * 120, escrow.getRateMicro());
    assertEquals(at + 1_000 * EscrowKeeper.MICRO / 880, escrow.getDepletionHeight());
    assertEquals(4, market.providerRecord(a).getLeasedUnits());
    assertEquals(0, market.providerRecord(a).getOpenBids());
    assertEquals(0, market.order(order).getOpenBids());
    market.assertInvariants();
  }

  @Test
  void acceptingOnAMissingOrderIsRefused() {
    refusedAfterFee(MarketError.ORDER_NOT_FOUND, Msgs.accept(addressOf(tenant), 77, 1L), tenant);
  }

  @Test
  void acceptingBySomeoneOtherThanTheTenantIsRefused() {
    long order = order(4, false);
    long bid = market.bid(a, order, 4, 100);
    refusedAfterFee(
        MarketError.UNAUTHORIZED,
        Msgs.accept(addressOf(market.otherTenant()), order, bid),
        market.otherTenant());
  }

  @Test
  void acceptingTwiceIsRefused() {
    long order = order(4, false);
    long bidA = market.bid(a, order, 4, 100);
    long bidB = market.bid(b, order, 4, 100);
    market.ok(Msgs.accept(addressOf(tenant), order, bidA), tenant);
    refusedAfterFee(
        MarketError.ORDER_NOT_OPEN, Msgs.accept(addressOf(tenant), order, bidA), tenant);
    refusedAfterFee(
        MarketError.ORDER_NOT_OPEN, Msgs.accept(addressOf(tenant), order, bidB), tenant);
  }

  @Test
  void acceptingSeveralBidsOfAnUnsplitOrderIsRefused() {
    long order = order(4, false);
    long bidA = market.bid(a, order, 4, 100);
    long bidB = market.bid(b, order, 4, 100);
    refusedAfterFee(
        MarketError.SPLIT_NOT_ALLOWED, Msgs.accept(addressOf(tenant), order, bidA, bidB), tenant);
  }

  @Test
  void acceptingAMissingBidIsRefused() {
    long order = order(4, false);
    long other = order(4, false);
    long bid = market.bid(a, other, 4, 100);
    refusedAfterFee(MarketError.BID_NOT_FOUND, Msgs.accept(addressOf(tenant), order, bid), tenant);
  }

  @Test
  void acceptingAWithdrawnBidIsRefused() {
    long order = order(4, false);
    long bid = market.bid(a, order, 4, 100);
    market.ok(Msgs.withdrawBid(addressOf(a), order, bid), a);
    refusedAfterFee(MarketError.BID_NOT_OPEN, Msgs.accept(addressOf(tenant), order, bid), tenant);
  }

  @Test
  void acceptingABidWhoseProviderWasSuspendedIsRefused() {
    long order = order(4, false);
    long bid = market.bid(a, order, 4, 100);
    market.councilDoes(Msgs.suspendProvider(addressOf(a)));
    refusedAfterFee(
        MarketError.PROVIDER_NOT_ACTIVE, Msgs.accept(addressOf(tenant), order, bid), tenant);
  }

  @Test
  void acceptingABidWhoseProviderNoLongerMeetsTheOrderIsRefused() {
    long order = order(4, false);
    long bid = market.bid(a, order, 4, 100);
    market.ok(Msgs.update(Msgs.updateBody(addressOf(a), Msgs.gpus(RTX, 16, 4))), a);
    refusedAfterFee(
        MarketError.REQUIREMENTS_NOT_MET, Msgs.accept(addressOf(tenant), order, bid), tenant);
  }

  @Test
  void acceptingABidWhoseGpusWereLeasedMeanwhileIsRefused() {
    long order = order(4, false);
    long bid = market.bid(a, order, 4, 100);
    long other =
        market.order(
            market.otherTenant(),
            Msgs.orderBody(addressOf(market.otherTenant()), 4, 24, 300, false, 100));
    long otherBid = market.bid(a, other, 4, 100);
    market.ok(Msgs.accept(addressOf(market.otherTenant()), other, otherBid), market.otherTenant());
    refusedAfterFee(
        MarketError.INSUFFICIENT_CAPACITY, Msgs.accept(addressOf(tenant), order, bid), tenant);
  }

  @Test
  void acceptingBidsThatDoNotAddUpIsRefused() {
    long order = order(8, true);
    long bidA = market.bid(a, order, 4, 100);
    market.bid(b, order, 3, 100);
    refusedAfterFee(
        MarketError.UNITS_DO_NOT_ADD_UP, Msgs.accept(addressOf(tenant), order, bidA), tenant);
    long bidH = market.bid(h, order, 8, 100);
    refusedAfterFee(
        MarketError.UNITS_DO_NOT_ADD_UP, Msgs.accept(addressOf(tenant), order, bidA, bidH), tenant);
  }

  @Test
  void acceptingNoBidOrABidTwiceIsRefusedBeforeTheFee() {
    long order = order(8, true);
    long bid = market.bid(a, order, 4, 100);
    market.assertRejectedBeforeFee(
        MarketError.INVALID_BID, Msgs.accept(addressOf(tenant), order), tenant);
    market.assertRejectedBeforeFee(
        MarketError.INVALID_BID, Msgs.accept(addressOf(tenant), order, bid, bid), tenant);
  }

  // ---- close lease ------------------------------------------------------------------------

  @Test
  void theTenantClosesALeaseAtOnceAndTheLastOneClosesTheOrder() {
    long order = matchedSplitOrder();
    long start = market.chain().height();
    long leaseA = market.nextLeaseId() - 2;
    long leaseB = leaseA + 1;
    market.advanceProving(start + 40_000 - 1, EVERY, leaseA, leaseB);
    long aBefore = market.balance(a);
    long acceptedA = market.lease(leaseA).getWithdrawableMicro();
    // A proves up to the block in which the tenant closes its lease, in a tx before the close.
    long lastA = market.nextProofId();
    TestChain chain = market.chain();
    chain
        .finalizeBlock(
            chain.sign(market.proofMsg(leaseA, start + 40_000), a),
            chain.sign(Msgs.closeLease(addressOf(tenant), leaseA), tenant))
        .txs()
        .forEach(Outcomes::assertOk);
    long closedAt = chain.height();
    assertEquals(start + 40_000, closedAt);
    Lease closed = market.lease(leaseA);
    assertEquals(LeaseState.LEASE_STATE_CLOSED, closed.getState());
    assertEquals(CloseReason.CLOSE_REASON_TENANT, closed.getCloseReason());
    assertEquals(closedAt, closed.getClosedHeight());
    assertEquals(
        aBefore - FEE + paidTo(acceptedA) + BID_DEPOSIT,
        market.balance(a),
        "the close pays A its accepted proofs and returns its bid deposit");
    assertEquals(OrderState.ORDER_STATE_MATCHED, market.order(order).getState());
    assertEquals(480, market.escrow(order).getRateMicro());
    assertEquals(0, market.providerRecord(a).getLeasedUnits());
    market.assertInvariants();

    // A's last proof is accepted after its window, on the closed lease; A withdraws it.
    chain.advanceTo(market.proof(lastA).getChallengeEndHeight());
    market.ok(Msgs.withdrawLease(addressOf(a), leaseA), a);
    assertEquals(
        aBefore - 2 * FEE + paidTo(400L * (closedAt - start)) + BID_DEPOSIT, market.balance(a));
    market.assertInvariants();

    // B's accrual since its last proof was never proven: it goes back to the tenant.
    long provenB = market.lease(leaseB).getProvenThrough();
    assertEquals(start + 38_000, provenB);
    long tenantBefore = market.balance(tenant);
    market.ok(Msgs.closeLease(addressOf(tenant), leaseB), tenant);
    long end = chain.height();
    assertEquals(OrderState.ORDER_STATE_CLOSED, market.order(order).getState());
    // B's unproven blocks stay provable up to the close for the grace period, then come back.
    assertEquals(EscrowState.ESCROW_STATE_OPEN, market.escrow(order).getState());
    chain.advanceTo(end + market.proofParams().getGracePeriod());
    assertEquals(EscrowState.ESCROW_STATE_CLOSED, market.escrow(order).getState());
    long paidOutA = (400L * (closedAt - start)) / EscrowKeeper.MICRO;
    long paidOutB = (480L * (provenB - start)) / EscrowKeeper.MICRO;
    assertEquals(paidTo(480L * (provenB - start)), market.lease(leaseB).getPaid());
    assertEquals(true, end > provenB + 600, "B's unproven blocks were worth something");
    assertEquals(
        tenantBefore - FEE + 1_000 - paidOutA - paidOutB,
        market.balance(tenant),
        "the tenant gets back the deposit less whole ulease paid out for proven blocks; sub-ulease"
            + " remainders and unproven accrual come back too");
    assertEquals(0, market.balance(ModuleAccount.ESCROW));
    market.assertInvariants();
  }

  @Test
  void theProviderClosesAfterTheNoticePeriodAndIsPaidUntilThen() {
    long order = matchedSplitOrder();
    long start = market.chain().height();
    long leaseA = market.nextLeaseId() - 2;
    long leaseB = leaseA + 1;
    market.advanceProving(start + 30_000, EVERY, leaseA, leaseB);
    long aBefore = market.balance(a);
    market.ok(Msgs.closeLease(addressOf(a), leaseA), a);
    long noticeAt = market.chain().height();
    long endAt = noticeAt + MarketFixture.MARKET_PARAMS.getProviderCloseNotice();
    Lease noticed = market.lease(leaseA);
    assertEquals(LeaseState.LEASE_STATE_ACTIVE, noticed.getState());
    assertEquals(CloseReason.CLOSE_REASON_PROVIDER, noticed.getCloseReason());
    assertEquals(endAt, noticed.getEndHeight());
    market.assertInvariants();
    refusedAfterFee(MarketError.CLOSE_ALREADY_PENDING, Msgs.closeLease(addressOf(a), leaseA), a);

    market.chain().advanceTo(endAt - 1);
    assertEquals(LeaseState.LEASE_STATE_ACTIVE, market.lease(leaseA).getState());
    long accepted = market.lease(leaseA).getWithdrawableMicro();
    assertEquals(400L * 28_000, accepted, "the proof at start + 30,000 is still in its window");
    // A proves its last period in the lease's last block.
    long last = market.proveNow(leaseA);
    Lease closed = market.lease(leaseA);
    assertEquals(LeaseState.LEASE_STATE_CLOSED, closed.getState());
    assertEquals(CloseReason.CLOSE_REASON_PROVIDER, closed.getCloseReason());
    assertEquals(endAt, closed.getClosedHeight());
    assertEquals(endAt, closed.getProvenThrough());
    assertEquals(aBefore - 3 * FEE + paidTo(accepted) + BID_DEPOSIT, market.balance(a));
    assertEquals(OrderState.ORDER_STATE_MATCHED, market.order(order).getState());
    market.assertInvariants();

    market.chain().advanceTo(market.proof(last).getChallengeEndHeight());
    market.ok(Msgs.withdrawLease(addressOf(a), leaseA), a);
    assertEquals(paidTo(400L * (endAt - start)), market.lease(leaseA).getPaid());
    assertEquals(
        aBefore - 4 * FEE + paidTo(400L * (endAt - start)) + BID_DEPOSIT, market.balance(a));
    market.assertInvariants();
  }

  @Test
  void closingAMissingLeaseIsRefused() {
    refusedAfterFee(MarketError.LEASE_NOT_FOUND, Msgs.closeLease(addressOf(tenant), 5), tenant);
  }

  @Test
  void closingAClosedLeaseIsRefused() {
    matchedSplitOrder();
    long lease = market.nextLeaseId() - 2;
    market.ok(Msgs.closeLease(addressOf(tenant), lease), tenant);
    refusedAfterFee(
        MarketError.LEASE_NOT_ACTIVE, Msgs.closeLease(addressOf(tenant), lease), tenant);
  }

  @Test
  void closingSomeoneElsesLeaseIsRefused() {
    matchedSplitOrder();
    long lease = market.nextLeaseId() - 2;
    refusedAfterFee(MarketError.UNAUTHORIZED, Msgs.closeLease(addressOf(b), lease), b);
    refusedAfterFee(
        MarketError.UNAUTHORIZED,
        Msgs.closeLease(addressOf(market.otherTenant()), lease),
        market.otherTenant());
  }

  // ---- close order, window, duration ------------------------------------------------------

  @Test
  void closingAnOpenOrderRefundsItsBidsAndEscrow() {
    long order = order(8, true);
    long bid = market.bid(a, order, 4, 100);
    long aBefore = market.balance(a);
    long tenantBefore = market.balance(tenant);
    market.ok(Msgs.closeOrder(addressOf(tenant), order), tenant);
    assertEquals(OrderState.ORDER_STATE_CLOSED, market.order(order).getState());
    assertEquals(market.chain().height(), market.order(order).getClosedHeight());
    assertEquals(BidState.BID_STATE_LOST, market.bid(order, bid).getState());
    assertEquals(aBefore + BID_DEPOSIT, market.balance(a));
    assertEquals(tenantBefore - FEE + 1_000, market.balance(tenant));
    assertEquals(1_000, market.escrow(order).getRefunded());
    assertEquals(0, market.providerRecord(a).getOpenBids());
    market.assertInvariants();
  }

  @Test
  void closingAMatchedOrderClosesEveryLease() {
    long order = matchedSplitOrder();
    long first = market.nextLeaseId() - 2;
    market.chain().advanceTo(market.chain().height() + 5);
    market.ok(Msgs.closeOrder(addressOf(tenant), order), tenant);
    for (long lease = first; lease < first + 2; lease++) {
      assertEquals(LeaseState.LEASE_STATE_CLOSED, market.lease(lease).getState());
      assertEquals(CloseReason.CLOSE_REASON_TENANT, market.lease(lease).getCloseReason());
    }
    assertEquals(OrderState.ORDER_STATE_CLOSED, market.order(order).getState());
    long closedAt = market.chain().height();
    market.chain().advanceTo(closedAt + market.proofParams().getGracePeriod());
    assertEquals(0, market.balance(ModuleAccount.ESCROW), "the unproven rest came back");
    market.assertInvariants();
  }

  @Test
  void closingAMissingOrderIsRefused() {
    refusedAfterFee(MarketError.ORDER_NOT_FOUND, Msgs.closeOrder(addressOf(tenant), 3), tenant);
  }

  @Test
  void closingSomeoneElsesOrderIsRefused() {
    long order = order(8, true);
    refusedAfterFee(
        MarketError.UNAUTHORIZED,
        Msgs.closeOrder(addressOf(market.otherTenant()), order),
        market.otherTenant());
  }

  @Test
  void closingAnOrderTwiceIsRefused() {
    long order = order(8, true);
    market.ok(Msgs.closeOrder(addressOf(tenant), order), tenant);
    refusedAfterFee(MarketError.ORDER_CLOSED, Msgs.closeOrder(addressOf(tenant), order), tenant);
  }

  @Test
  void anOrderWithoutBidsExpiresExactlyAtTheEndOfItsWindow() {
    long order = order(8, true);
    long windowEnd = market.order(order).getWindowEndHeight();
    long tenantBefore = market.balance(tenant);
    market.chain().advanceTo(windowEnd - 1);
    assertEquals(OrderState.ORDER_STATE_OPEN, market.order(order).getState());
    market.chain().emptyBlock();
    assertEquals(OrderState.ORDER_STATE_EXPIRED, market.order(order).getState());
    assertEquals(windowEnd, market.order(order).getClosedHeight());
    assertEquals(tenantBefore + 1_000, market.balance(tenant));
    assertEquals(EscrowState.ESCROW_STATE_CLOSED, market.escrow(order).getState());
    market.assertInvariants();
  }

  @Test
  void aLeaseWithADurationEndsExactlyThenAndIsPaidForEveryBlock() {
    long order = market.order(tenant, body(4, false).setDuration(50_000));
    long bid = market.bid(a, order, 4, 250);
    long lease = market.nextLeaseId();
    market.ok(Msgs.accept(addressOf(tenant), order, bid), tenant);
    long start = market.chain().height();
    assertEquals(start + 50_000, market.lease(lease).getEndHeight());
    market.advanceProving(start + 50_000 - 1, EVERY, lease);
    assertEquals(LeaseState.LEASE_STATE_ACTIVE, market.lease(lease).getState());
    market.assertInvariants();
    long aBefore = market.balance(a);
    // The last period is proven in the lease's last block.
    long last = market.proveNow(lease);
    Lease ended = market.lease(lease);
    assertEquals(LeaseState.LEASE_STATE_CLOSED, ended.getState());
    assertEquals(CloseReason.CLOSE_REASON_DURATION_REACHED, ended.getCloseReason());
    assertEquals(start + 50_000, ended.getProvenThrough());
    assertEquals(OrderState.ORDER_STATE_CLOSED, market.order(order).getState());
    assertEquals(EscrowState.ESCROW_STATE_OPEN, market.escrow(order).getState());
    market.chain().advanceTo(market.proof(last).getChallengeEndHeight());
    ended = market.lease(lease);
    long accrued = 4L * 250 * 50_000;
    assertEquals(aBefore - FEE + paidTo(accrued) + BID_DEPOSIT, market.balance(a));
    assertEquals(paidTo(accrued), ended.getPaid());
    assertEquals(accrued / EscrowKeeper.MICRO - paidTo(accrued), ended.getTaken());
    assertEquals(EscrowState.ESCROW_STATE_CLOSED, market.escrow(order).getState());
    market.assertInvariants();
  }
}
