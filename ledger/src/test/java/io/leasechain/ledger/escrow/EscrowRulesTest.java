package io.leasechain.ledger.escrow;

import static io.leasechain.ledger.testing.MarketFixture.BID_DEPOSIT;
import static io.leasechain.ledger.testing.MarketFixture.addressOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.authority.proto.SetParams;
import io.leasechain.ledger.bank.BankError;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.escrow.proto.Escrow;
import io.leasechain.ledger.escrow.proto.EscrowParams;
import io.leasechain.ledger.escrow.proto.EscrowState;
import io.leasechain.ledger.market.proto.CloseReason;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.OrderState;
import io.leasechain.ledger.query.LedgerQueries;
import io.leasechain.ledger.query.proto.EscrowResponse;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.testing.TestChain;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every rule and rejection code of the escrow module. One lease: provider A serves 4 GPUs at 251
 * micro-ulease each per block (1,004 per block) from an order funded with 100 ulease.
 */
class EscrowRulesTest {

  private static final long MICRO = EscrowKeeper.MICRO;
  private static final long RATE = 4 * 251;
  private static final long DEPOSIT = 100;
  private static final long FEE = TestChain.DEFAULT_FEE;

  private MarketFixture market;
  private Ed25519PrivateKey tenant;
  private Ed25519PrivateKey a;
  private long order;
  private long lease;
  private long start;

  @BeforeEach
  void setUp() {
    market = MarketFixture.create();
    tenant = market.tenant();
    a = market.provider(0);
    market.registerApproved(0, Msgs.gpus("nvidia-rtx-4090", 24, 4));
    market.registerApproved(1, Msgs.gpus("nvidia-rtx-4090", 24, 4));
    order = market.order(tenant, Msgs.orderBody(addressOf(tenant), 4, 24, 300, false, DEPOSIT));
    long bid = market.bid(a, order, 4, 251);
    lease = market.nextLeaseId();
    market.ok(Msgs.accept(addressOf(tenant), order, bid), tenant);
    start = market.chain().height();
  }

  private static long payout(long micro) {
    return micro / MICRO;
  }

  private static long take(long payout, long bps) {
    return payout * bps / 10_000;
  }

  @Test
  void theDepletionHeightIsKnownInClosedForm() throws Exception {
    Escrow escrow = market.escrow(order);
    assertEquals(RATE, escrow.getRateMicro());
    assertEquals(start, escrow.getSettledHeight());
    assertEquals(start + DEPOSIT * MICRO / RATE, escrow.getDepletionHeight());
    market.chain().advanceTo(start + 1_000);
    EscrowResponse answer =
        EscrowResponse.parseFrom(
            LedgerQueries.answer(
                    market.chain().committed(), "/escrow/" + order, market.chain().height())
                .value());
    assertEquals(DEPOSIT * MICRO - RATE * 1_000, answer.getAvailableMicro());
    market.assertInvariants();
  }

  @Test
  void aTopUpMovesTheDepletionHeightLater() {
    long before = market.escrow(order).getDepletionHeight();
    market.chain().advanceTo(start + 10_000 - 1);
    market.ok(Msgs.topUp(addressOf(tenant), order, 50), tenant);
    long at = market.chain().height();
    Escrow escrow = market.escrow(order);
    long balance = DEPOSIT * MICRO - RATE * (at - start) + 50 * MICRO;
    assertEquals(balance, escrow.getBalanceMicro());
    assertEquals(at, escrow.getSettledHeight());
    assertEquals(at + balance / RATE, escrow.getDepletionHeight());
    assertEquals(
        start + (DEPOSIT + 50) * MICRO / RATE,
        escrow.getDepletionHeight(),
        "as if the 150 ulease were there from the start");
    assertEquals(true, escrow.getDepletionHeight() > before);
    assertEquals(DEPOSIT + 50, escrow.getDeposited());
    assertEquals(DEPOSIT + 50, market.balance(ModuleAccount.ESCROW));
    market.assertInvariants();
  }

  @Test
  void anOrderRunsDryAtThePredictedHeightAndTheTenantGetsTheRest() {
    long dry = start + DEPOSIT * MICRO / RATE;
    long tenantBefore = market.balance(tenant);
    long aBefore = market.balance(a);
    market.chain().advanceTo(dry - 1);
    assertEquals(LeaseState.LEASE_STATE_ACTIVE, market.lease(lease).getState());
    market.assertInvariants();
    market.chain().emptyBlock();
    Lease closed = market.lease(lease);
    assertEquals(LeaseState.LEASE_STATE_CLOSED, closed.getState());
    assertEquals(CloseReason.CLOSE_REASON_OUT_OF_FUNDS, closed.getCloseReason());
    assertEquals(dry, closed.getClosedHeight());
    long paidOut = payout(RATE * (dry - start));
    long taken = take(paidOut, 200);
    assertEquals(aBefore + paidOut - taken + BID_DEPOSIT, market.balance(a));
    assertEquals(tenantBefore + DEPOSIT - paidOut, market.balance(tenant));
    assertEquals(
        1, DEPOSIT - paidOut, "the remainders of lease and escrow add up to the last whole ulease");
    assertEquals(taken, market.balance(ModuleAccount.COMMUNITY_POOL));
    assertEquals(OrderState.ORDER_STATE_CLOSED, market.order(order).getState());
    assertEquals(EscrowState.ESCROW_STATE_CLOSED, market.escrow(order).getState());
    assertEquals(0, market.balance(ModuleAccount.ESCROW));
    market.assertInvariants();
  }

  @Test
  void aTopUpInTheBlockWhereTheOrderWouldRunDryKeepsItsLeases() {
    long dry = start + DEPOSIT * MICRO / RATE;
    market.chain().advanceTo(dry - 1);
    market.ok(Msgs.topUp(addressOf(tenant), order, 10), tenant);
    assertEquals(dry, market.chain().height());
    assertEquals(LeaseState.LEASE_STATE_ACTIVE, market.lease(lease).getState());
    assertEquals(start + (DEPOSIT + 10) * MICRO / RATE, market.escrow(order).getDepletionHeight());
    market.assertInvariants();
  }

  @Test
  void aWithdrawalInTheBlockWhereTheOrderRunsDryIsPaidOnceInFull() {
    long dry = start + DEPOSIT * MICRO / RATE;
    long aBefore = market.balance(a);
    market.chain().advanceTo(dry - 1);
    market.ok(Msgs.withdrawLease(addressOf(a), lease), a);
    assertEquals(dry, market.chain().height());
    Lease closed = market.lease(lease);
    assertEquals(CloseReason.CLOSE_REASON_OUT_OF_FUNDS, closed.getCloseReason());
    long paidOut = payout(RATE * (dry - start));
    assertEquals(paidOut - take(paidOut, 200), closed.getPaid());
    assertEquals(aBefore - FEE + paidOut - take(paidOut, 200) + BID_DEPOSIT, market.balance(a));
    market.assertInvariants();
  }

  @Test
  void aTopUpOfZeroIsRefusedBeforeTheFee() {
    market.assertRejectedBeforeFee(
        EscrowError.INVALID_AMOUNT, Msgs.topUp(addressOf(tenant), order, 0), tenant);
  }

  @Test
  void aTopUpOfAMissingEscrowIsRefused() {
    market.assertRejectedAfterFee(
        EscrowError.NOT_FOUND, Msgs.topUp(addressOf(tenant), 99, 5), tenant);
  }

  @Test
  void aTopUpBySomeoneOtherThanTheOwnerIsRefused() {
    market.assertRejectedAfterFee(
        EscrowError.UNAUTHORIZED,
        Msgs.topUp(addressOf(market.otherTenant()), order, 5),
        market.otherTenant());
  }

  @Test
  void aTopUpOfAClosedOrderIsRefused() {
    market.ok(Msgs.closeOrder(addressOf(tenant), order), tenant);
    market.assertRejectedAfterFee(
        EscrowError.CLOSED, Msgs.topUp(addressOf(tenant), order, 5), tenant);
  }

  @Test
  void aTopUpAboveTheBalanceIsRefused() {
    market.assertRejectedAfterFee(
        BankError.INSUFFICIENT_FUNDS,
        Msgs.topUp(addressOf(tenant), order, TestChain.DEFAULT_BALANCE),
        tenant);
  }

  @Test
  void aTopUpOfAnOrderStillOpenKeepsItWithoutDepletion() {
    long open = market.order(tenant, Msgs.orderBody(addressOf(tenant), 4, 24, 300, false, 20));
    market.ok(Msgs.topUp(addressOf(tenant), open, 30), tenant);
    Escrow escrow = market.escrow(open);
    assertEquals(50 * MICRO, escrow.getBalanceMicro());
    assertEquals(0, escrow.getDepletionHeight());
    market.assertInvariants();
  }

  @Test
  void withdrawalsPayWholeUleaseLessTheTakeAndCarryTheRest() {
    long aBefore = market.balance(a);
    market.chain().advanceTo(start + 3_332);
    market.ok(Msgs.withdrawLease(addressOf(a), lease), a);
    long first = market.chain().height();
    long accrued = RATE * (first - start);
    long payout1 = payout(accrued);
    long take1 = take(payout1, 200);
    Lease afterFirst = market.lease(lease);
    assertEquals(payout1 - take1, afterFirst.getPaid());
    assertEquals(take1, afterFirst.getTaken());
    assertEquals(
        accrued - payout1 * MICRO, afterFirst.getUnpaidMicro(), "the sub-ulease rest is carried");
    assertEquals(first, afterFirst.getSettledHeight());
    assertEquals(aBefore - FEE + payout1 - take1, market.balance(a));

    market.chain().advanceTo(start + 60_000 - 1);
    market.ok(Msgs.withdrawLease(addressOf(a), lease), a);
    long second = market.chain().height();
    long total = RATE * (second - start);
    long payout2 = payout(total) - payout1;
    long take2 = take(payout2, 200);
    Lease afterSecond = market.lease(lease);
    assertEquals(payout1 - take1 + payout2 - take2, afterSecond.getPaid());
    assertEquals(take1 + take2, afterSecond.getTaken());
    assertEquals(total - payout(total) * MICRO, afterSecond.getUnpaidMicro());
    assertEquals(aBefore - 2 * FEE + payout1 - take1 + payout2 - take2, market.balance(a));
    assertEquals(take1 + take2, market.balance(ModuleAccount.COMMUNITY_POOL));
    market.assertInvariants();
  }

  @Test
  void aChangedTakeRateAppliesToLaterPayouts() {
    market.councilDoes(
        Msgs.setParams(
            SetParams.newBuilder()
                .setEscrow(EscrowParams.newBuilder().setTakeRateBps(2_500))
                .build()));
    market.chain().advanceTo(start + 20_000 - 1);
    market.ok(Msgs.withdrawLease(addressOf(a), lease), a);
    long paid = payout(RATE * (market.chain().height() - start));
    assertEquals(take(paid, 2_500), market.lease(lease).getTaken());
    assertEquals(take(paid, 2_500), market.balance(ModuleAccount.COMMUNITY_POOL));
  }

  @Test
  void withdrawingFromAMissingLeaseIsRefused() {
    market.assertRejectedAfterFee(
        EscrowError.LEASE_NOT_FOUND, Msgs.withdrawLease(addressOf(a), 42), a);
  }

  @Test
  void withdrawingBySomeoneElseIsRefused() {
    market.chain().advanceTo(start + 5_000);
    market.assertRejectedAfterFee(
        EscrowError.NOT_LEASE_PROVIDER,
        Msgs.withdrawLease(addressOf(market.provider(1)), lease),
        market.provider(1));
    market.assertRejectedAfterFee(
        EscrowError.NOT_LEASE_PROVIDER, Msgs.withdrawLease(addressOf(tenant), lease), tenant);
  }

  @Test
  void withdrawingLessThanOneUleaseIsRefused() {
    market.assertRejectedAfterFee(
        EscrowError.NOTHING_TO_WITHDRAW, Msgs.withdrawLease(addressOf(a), lease), a);
    assertEquals(
        start, market.lease(lease).getSettledHeight(), "the refused withdrawal settled nothing");
  }

  @Test
  void withdrawingFromAClosedLeaseIsRefused() {
    market.chain().advanceTo(start + 5_000);
    market.ok(Msgs.closeLease(addressOf(tenant), lease), tenant);
    market.assertRejectedAfterFee(
        EscrowError.NOTHING_TO_WITHDRAW, Msgs.withdrawLease(addressOf(a), lease), a);
  }
}
