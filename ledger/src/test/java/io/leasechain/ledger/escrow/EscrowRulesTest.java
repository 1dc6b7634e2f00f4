package io.leasechain.ledger.escrow;

import static io.leasechain.ledger.testing.MarketFixture.BID_DEPOSIT;
import static io.leasechain.ledger.testing.MarketFixture.addressOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.authority.proto.SetParams;
import io.leasechain.ledger.bank.BankError;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.escrow.proto.Escrow;
import io.leasechain.ledger.escrow.proto.EscrowParams;
import io.leasechain.ledger.escrow.proto.EscrowState;
import io.leasechain.ledger.market.LeaseLifecycle;
import io.leasechain.ledger.market.proto.CloseReason;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.OrderState;
import io.leasechain.ledger.proof.ProofParamsRules;
import io.leasechain.ledger.proof.proto.ProofState;
import io.leasechain.ledger.query.LedgerQueries;
import io.leasechain.ledger.query.proto.EscrowResponse;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.testing.TestChain;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every rule and rejection code of the escrow module. One lease: provider A serves 4 GPUs at 251
 * micro-ulease each per block (1,004 per block) from an order funded with 100 ulease. A's accrual
 * is owed only once proven: A's job agent proves the lease every {@link #EVERY} blocks (default
 * proof params: a 600-block challenge window, leases without a proof for 7,200 blocks close), and A
 * can withdraw what its accepted proofs earned.
 */
class EscrowRulesTest {

  private static final long MICRO = EscrowKeeper.MICRO;
  private static final long RATE = 4 * 251;
  private static final long DEPOSIT = 100;
  private static final long FEE = TestChain.DEFAULT_FEE;
  private static final long EVERY = 2_000;
  private static final long WINDOW = ProofParamsRules.DEFAULTS.getChallengeWindow();

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
    market.registerProving(0, Msgs.gpus("nvidia-rtx-4090", 24, 4));
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

  /** What the provider gets for {@code micro} accepted: whole ulease less the take. */
  private static long paidTo(long micro) {
    return payout(micro) - take(payout(micro), 200);
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
    market.advanceProving(start + 10_000 - 1, EVERY, lease);
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
    market.advanceProving(dry - 1, EVERY, lease);
    assertEquals(LeaseState.LEASE_STATE_ACTIVE, market.lease(lease).getState());
    market.assertInvariants();
    // A proves the last period in the block the escrow runs dry, which closes the lease.
    long aBefore = market.balance(a);
    long acceptedBefore = market.lease(lease).getWithdrawableMicro();
    assertEquals(0, market.lease(lease).getPaid(), "A has not withdrawn");
    long last = market.proveNow(lease);
    assertEquals(dry, market.chain().height());
    Lease closed = market.lease(lease);
    assertEquals(LeaseState.LEASE_STATE_CLOSED, closed.getState());
    assertEquals(CloseReason.CLOSE_REASON_OUT_OF_FUNDS, closed.getCloseReason());
    assertEquals(dry, closed.getClosedHeight());
    assertEquals(dry, closed.getProvenThrough(), "every block was proven");
    assertEquals(0, closed.getUnpaidMicro());
    assertEquals(paidTo(acceptedBefore), closed.getPaid(), "the close pays accepted proofs");
    assertEquals(
        aBefore - FEE + paidTo(acceptedBefore) + BID_DEPOSIT,
        market.balance(a),
        "at the close A gets its bid deposit back and what accepted proofs earned");
    assertEquals(OrderState.ORDER_STATE_CLOSED, market.order(order).getState());
    assertEquals(
        EscrowState.ESCROW_STATE_OPEN,
        market.escrow(order).getState(),
        "the escrow waits for the last proof's window");
    assertEquals(1, market.escrow(order).getPendingProofs());
    assertEquals(tenantBefore, market.balance(tenant));
    market.assertInvariants();

    long end = market.proof(last).getChallengeEndHeight();
    assertEquals(dry + WINDOW, end);
    market.chain().advanceTo(end - 1);
    assertEquals(EscrowState.ESCROW_STATE_OPEN, market.escrow(order).getState());
    market.chain().emptyBlock();
    assertEquals(ProofState.PROOF_STATE_ACCEPTED, market.proof(last).getState());
    long paidOut = payout(RATE * (dry - start));
    long taken = take(paidOut, 200);
    assertEquals(paidOut - taken, market.lease(lease).getPaid());
    assertEquals(taken, market.lease(lease).getTaken());
    assertEquals(aBefore - FEE + paidOut - taken + BID_DEPOSIT, market.balance(a));
    assertEquals(tenantBefore + DEPOSIT - paidOut, market.balance(tenant));
    assertEquals(
        1, DEPOSIT - paidOut, "the remainders of lease and escrow add up to the last whole ulease");
    assertEquals(taken, market.balance(ModuleAccount.COMMUNITY_POOL));
    assertEquals(EscrowState.ESCROW_STATE_CLOSED, market.escrow(order).getState());
    assertEquals(0, market.balance(ModuleAccount.ESCROW));
    market.assertInvariants();
  }

  @Test
  void aTopUpInTheBlockWhereTheOrderWouldRunDryKeepsItsLeases() {
    long dry = start + DEPOSIT * MICRO / RATE;
    market.advanceProving(dry - 1, EVERY, lease);
    market.ok(Msgs.topUp(addressOf(tenant), order, 10), tenant);
    assertEquals(dry, market.chain().height());
    assertEquals(LeaseState.LEASE_STATE_ACTIVE, market.lease(lease).getState());
    assertEquals(start + (DEPOSIT + 10) * MICRO / RATE, market.escrow(order).getDepletionHeight());
    market.assertInvariants();
  }

  @Test
  void aWithdrawalInTheBlockWhereTheOrderRunsDryIsPaidOnceInFull() {
    long dry = start + DEPOSIT * MICRO / RATE;
    market.advanceProving(dry - 1, EVERY, lease);
    long accepted = market.lease(lease).getWithdrawableMicro();
    assertEquals(true, accepted > 0);
    long aBefore = market.balance(a);
    // In one tx: prove the last period, withdraw what accepted proofs earned so far.
    long last = market.nextProofId();
    market.ok(List.of(market.proofMsg(lease, dry), Msgs.withdrawLease(addressOf(a), lease)), a);
    assertEquals(dry, market.chain().height());
    Lease closed = market.lease(lease);
    assertEquals(CloseReason.CLOSE_REASON_OUT_OF_FUNDS, closed.getCloseReason());
    assertEquals(
        paidTo(accepted), closed.getPaid(), "the withdrawal paid; the close found nothing more");
    assertEquals(accepted - payout(accepted) * MICRO, closed.getWithdrawableMicro());
    assertEquals(aBefore - FEE + paidTo(accepted) + BID_DEPOSIT, market.balance(a));
    market.chain().advanceTo(market.proof(last).getChallengeEndHeight());
    long paidOut = payout(RATE * (dry - start));
    assertEquals(paidOut - take(paidOut, 200), market.lease(lease).getPaid());
    assertEquals(aBefore - FEE + paidOut - take(paidOut, 200) + BID_DEPOSIT, market.balance(a));
    assertEquals(0, market.lease(lease).getWithdrawableMicro());
    assertEquals(EscrowState.ESCROW_STATE_CLOSED, market.escrow(order).getState());
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
    market.chain().advanceTo(start + 3_331);
    long proof = market.proveNow(lease);
    long proven = start + 3_332;
    assertEquals(proven, market.lease(lease).getProvenThrough());
    market.chain().advanceTo(market.proof(proof).getChallengeEndHeight());
    long accrued = RATE * (proven - start);
    assertEquals(accrued, market.lease(lease).getWithdrawableMicro());
    long aBefore = market.balance(a);
    market.ok(Msgs.withdrawLease(addressOf(a), lease), a);
    long first = market.chain().height();
    long payout1 = payout(accrued);
    long take1 = take(payout1, 200);
    Lease afterFirst = market.lease(lease);
    assertEquals(payout1 - take1, afterFirst.getPaid());
    assertEquals(take1, afterFirst.getTaken());
    assertEquals(
        accrued - payout1 * MICRO,
        afterFirst.getWithdrawableMicro(),
        "the sub-ulease rest is carried");
    assertEquals(
        RATE * (first - proven),
        LeaseLifecycle.owed(afterFirst, first),
        "what accrued after the proof is owed to nobody yet");
    assertEquals(aBefore - FEE + payout1 - take1, market.balance(a));

    market.advanceProving(start + 57_000, EVERY, lease);
    long provenThrough = market.lease(lease).getProvenThrough();
    market.chain().advanceTo(Math.max(market.chain().height(), provenThrough + WINDOW));
    long total = RATE * (provenThrough - start);
    assertEquals(
        total - payout1 * MICRO,
        market.lease(lease).getWithdrawableMicro(),
        "every proof is accepted");
    long aBefore2 = market.balance(a);
    market.ok(Msgs.withdrawLease(addressOf(a), lease), a);
    long payout2 = payout(total) - payout1;
    long take2 = take(payout(total), 200) - take1;
    Lease afterSecond = market.lease(lease);
    assertEquals(payout1 - take1 + payout2 - take2, afterSecond.getPaid());
    assertEquals(take1 + take2, afterSecond.getTaken());
    assertEquals(
        take(payout(total), 200),
        afterSecond.getTaken(),
        "at one rate, carried fractions make the take of all payouts one floor");
    assertEquals(total - payout(total) * MICRO, afterSecond.getWithdrawableMicro());
    assertEquals(aBefore2 - FEE + payout2 - take2, market.balance(a));
    assertEquals(take1 + take2, market.balance(ModuleAccount.COMMUNITY_POOL));
    market.assertInvariants();
  }

  @Test
  void onlyAcceptedProofsCanBeWithdrawn() {
    market.chain().advanceTo(start + 3_000);
    market.assertRejectedAfterFee(
        EscrowError.NOTHING_TO_WITHDRAW, Msgs.withdrawLease(addressOf(a), lease), a);
    long proof = market.proveNow(lease);
    assertEquals(RATE * 3_002, market.proof(proof).getAmountMicro());
    assertEquals(0, market.lease(lease).getWithdrawableMicro());
    market.assertRejectedAfterFee(
        EscrowError.NOTHING_TO_WITHDRAW, Msgs.withdrawLease(addressOf(a), lease), a);
    market.chain().advanceTo(market.proof(proof).getChallengeEndHeight());
    assertEquals(RATE * 3_002, market.lease(lease).getWithdrawableMicro());
    long aBefore = market.balance(a);
    market.ok(Msgs.withdrawLease(addressOf(a), lease), a);
    assertEquals(aBefore - FEE + paidTo(RATE * 3_002), market.balance(a));
    market.assertInvariants();
  }

  @Test
  void aChangedTakeRateAppliesToLaterPayouts() {
    market.councilDoes(
        Msgs.setParams(
            SetParams.newBuilder()
                .setEscrow(EscrowParams.newBuilder().setTakeRateBps(2_500))
                .build()));
    market.chain().advanceTo(start + 3_500 - 1);
    long proof = market.proveNow(lease);
    market.chain().advanceTo(market.proof(proof).getChallengeEndHeight());
    market.ok(Msgs.withdrawLease(addressOf(a), lease), a);
    long paid = payout(RATE * 3_500);
    assertEquals(take(paid, 2_500), market.lease(lease).getTaken());
    assertEquals(take(paid, 2_500), market.balance(ModuleAccount.COMMUNITY_POOL));
  }

  /**
   * A lease of B at 1 ulease per block (4 GPUs at 250,000 micro-ulease), proven and accepted for
   * {@code blocks} blocks, then withdrawn; returns the lease id.
   */
  private long bigLeaseWithdrawnAfter(long blocks) {
    Ed25519PrivateKey b = market.provider(1);
    market.registerAgent(b);
    long big =
        market.order(tenant, Msgs.orderBody(addressOf(tenant), 4, 24, 300_000, false, 100_000));
    long bid = market.bid(b, big, 4, 250_000);
    long bigLease = market.nextLeaseId();
    market.ok(Msgs.accept(addressOf(tenant), big, bid), tenant);
    market.chain().advanceTo(market.chain().height() + blocks - 1);
    long proof = market.proveNow(bigLease);
    market.chain().advanceTo(market.proof(proof).getChallengeEndHeight());
    market.ok(Msgs.withdrawLease(addressOf(b), bigLease), b);
    return bigLease;
  }

  private void setTakeRate(long bps) {
    market.councilDoes(
        Msgs.setParams(
            SetParams.newBuilder()
                .setEscrow(EscrowParams.newBuilder().setTakeRateBps((int) bps))
                .build()));
  }

  /**
   * {@code blocks} more blocks of B's lease proven, accepted and withdrawn at 1 ulease a block;
   * returns what that withdrawal gave the community pool.
   */
  private long withdrawMoreBlocks(long bigLease, long blocks) {
    Ed25519PrivateKey b = market.provider(1);
    market.chain().advanceTo(market.lease(bigLease).getProvenThrough() + blocks - 1);
    long proof = market.proveNow(bigLease);
    market.chain().advanceTo(market.proof(proof).getChallengeEndHeight());
    long taken = market.lease(bigLease).getTaken();
    long before = market.balance(b);
    market.ok(Msgs.withdrawLease(addressOf(b), bigLease), b);
    long take = market.lease(bigLease).getTaken() - taken;
    assertEquals(blocks - take, market.balance(b) - before + FEE, "B gets the payout less take");
    return take;
  }

  /**
   * Each payout pays the rate in force when it is paid: after the council raises the take from 2%
   * to 10%, an 800 ulease payout gives up 80, and the 2,000 ulease paid earlier at 2% are not
   * charged again (the cumulative take once made it give up 240).
   */
  @Test
  void aRaisedTakeRateChargesOnlyTheNewPayout() {
    long bigLease = bigLeaseWithdrawnAfter(2_000);
    assertEquals(40, market.lease(bigLease).getTaken());
    setTakeRate(1_000);
    long pool = market.balance(ModuleAccount.COMMUNITY_POOL);
    assertEquals(80, withdrawMoreBlocks(bigLease, 800));
    assertEquals(pool + 80, market.balance(ModuleAccount.COMMUNITY_POOL));
    assertEquals(2_800 - 120, market.lease(bigLease).getPaid());
    market.assertInvariants();
  }

  /**
   * After the council lowers the take from 25% to 2%, an 800 ulease payout gives up 16: the higher
   * take of earlier payouts neither waives later ones (the cumulative take once took 0) nor is
   * refunded.
   */
  @Test
  void aLoweredTakeRateChargesTheNewRateAtOnce() {
    setTakeRate(2_500);
    long bigLease = bigLeaseWithdrawnAfter(2_000);
    assertEquals(500, market.lease(bigLease).getTaken());
    setTakeRate(200);
    long pool = market.balance(ModuleAccount.COMMUNITY_POOL);
    assertEquals(16, withdrawMoreBlocks(bigLease, 800));
    assertEquals(pool + 16, market.balance(ModuleAccount.COMMUNITY_POOL));
    market.assertInvariants();
  }

  /**
   * Fractions of a ulease of take carry from one payout to the next, so many small payouts cannot
   * each round their take down to nothing: 30 payouts of 1 ulease at 10% give up 3.
   */
  @Test
  void theFractionOfATakeCarriesToTheNextPayout() {
    setTakeRate(1_000);
    long bigLease = bigLeaseWithdrawnAfter(1);
    Ed25519PrivateKey b = market.provider(1);
    List<Long> proofs = new ArrayList<>();
    for (int i = 1; i < 30; i++) {
      proofs.add(market.prove(bigLease, market.lease(bigLease).getProvenThrough() + 1));
    }
    for (long proof : proofs) {
      // Each withdrawal lands before the next proof's release, so it pays exactly one ulease.
      market.chain().advanceTo(market.proof(proof).getChallengeEndHeight());
      market.ok(Msgs.withdrawLease(addressOf(b), bigLease), b);
    }
    assertEquals(3, market.lease(bigLease).getTaken(), "one ulease in every ten payouts");
    assertEquals(27, market.lease(bigLease).getPaid());
    market.assertInvariants();
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
    String log =
        market
            .assertRejectedAfterFee(
                EscrowError.NOTHING_TO_WITHDRAW, Msgs.withdrawLease(addressOf(a), lease), a)
            .txs()
            .get(0)
            .log();
    // Nothing will ever be left to withdraw: the lease was paid in full when it closed.
    assertFalse(log.contains("yet"), log);
    assertTrue(log.contains("is closed"), log);
  }
}
