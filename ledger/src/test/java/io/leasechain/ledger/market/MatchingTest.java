package io.leasechain.ledger.market;

import static io.leasechain.ledger.testing.MarketFixture.BID_DEPOSIT;
import static io.leasechain.ledger.testing.MarketFixture.addressOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.escrow.EscrowError;
import io.leasechain.ledger.escrow.EscrowKeeper;
import io.leasechain.ledger.escrow.proto.EscrowState;
import io.leasechain.ledger.market.proto.Bid;
import io.leasechain.ledger.market.proto.BidState;
import io.leasechain.ledger.market.proto.CloseReason;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.MsgCreateOrder;
import io.leasechain.ledger.market.proto.OrderState;
import io.leasechain.ledger.proof.ProofParamsRules;
import io.leasechain.ledger.proof.proto.ProofParams;
import io.leasechain.ledger.proof.proto.ProofState;
import io.leasechain.ledger.provider.proto.Attributes;
import io.leasechain.ledger.query.LedgerQueries;
import io.leasechain.ledger.query.proto.EscrowResponse;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.testing.Outcomes;
import io.leasechain.ledger.testing.TestChain;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chain's own matching at the close of a bid window, and the money that follows it, driven
 * through real transactions and blocks. A and B each offer 4x nvidia-rtx-4090 (24 GiB), C offers 8x
 * nvidia-h100-80gb; all three registered their job agents' keys. Providers are paid for proven
 * periods: proof params with a 10-block challenge window and a grace period and proof deadline long
 * enough for the story's 150,000-block stretches.
 */
class MatchingTest {

  private static final long MICRO = EscrowKeeper.MICRO;
  private static final long FEE = TestChain.DEFAULT_FEE;
  private static final long TAKE_BPS = MarketFixture.ESCROW_PARAMS.getTakeRateBps();
  private static final ProofParams STORY_PROOFS =
      ProofParamsRules.DEFAULTS.toBuilder()
          .setChallengeWindow(10)
          .setGracePeriod(200_000)
          .setMaxUnprovenBlocks(250_000)
          .build();

  private MarketFixture market;
  private TestChain chain;
  private Ed25519PrivateKey tenant;
  private Ed25519PrivateKey a;
  private Ed25519PrivateKey b;
  private Ed25519PrivateKey c;

  @BeforeEach
  void setUp() {
    market = MarketFixture.create(builder -> builder.proofParams(STORY_PROOFS));
    chain = market.chain();
    tenant = market.tenant();
    a = market.provider(0);
    b = market.provider(1);
    c = market.provider(2);
    // The council approves three providers; each registers its job agent's key.
    market.registerProving(0, Msgs.gpus("nvidia-rtx-4090", 24, 4));
    market.registerProving(1, Msgs.gpus("nvidia-rtx-4090", 24, 4));
    market.registerProving(2, Msgs.gpus("nvidia-h100-80gb", 80, 8));
  }

  private static long take(long payout) {
    return payout * TAKE_BPS / 10_000;
  }

  private byte[] bidTx(Ed25519PrivateKey provider, long order, int units, long price) {
    return chain.sign(Msgs.bid(addressOf(provider), order, units, price, BID_DEPOSIT), provider);
  }

  /** Runs the txs in one block and asserts each succeeded. */
  private void block(byte[]... txs) {
    BlockResult result = chain.finalizeBlock(txs);
    result.txs().forEach(Outcomes::assertOk);
  }

  @Test
  void theIssuesStory() throws Exception {
    // The tenant orders 8 GPUs with at least 24 GiB, split allowed, and funds 200 ulease.
    long deposit = 200;
    long order = market.order(tenant, Msgs.orderBody(addressOf(tenant), 8, 24, 300, true, deposit));
    long windowEnd = market.order(order).getWindowEndHeight();

    // A bids 4@100, B 4@120, C 8@300, in that order in one block.
    long bidA = MarketKeeper.BID_IDS.peek(chain.committed());
    block(bidTx(a, order, 4, 100), bidTx(b, order, 4, 120), bidTx(c, order, 8, 300));
    long cBefore = market.balance(c);
    market.assertInvariants();

    // At the window's close the chain fills from the cheapest: A and B. C's deposit comes back.
    chain.advanceTo(windowEnd - 1);
    assertEquals(OrderState.ORDER_STATE_OPEN, market.order(order).getState());
    long leaseA = market.nextLeaseId();
    long leaseB = leaseA + 1;
    chain.emptyBlock();
    assertEquals(OrderState.ORDER_STATE_MATCHED, market.order(order).getState());
    Lease la = market.lease(leaseA);
    Lease lb = market.lease(leaseB);
    assertEquals(
        List.of(addressOf(a).toBech32(), 4, 100L, windowEnd),
        List.of(la.getProvider(), la.getGpuUnits(), la.getPrice(), la.getStartHeight()));
    assertEquals(
        List.of(addressOf(b).toBech32(), 4, 120L, windowEnd),
        List.of(lb.getProvider(), lb.getGpuUnits(), lb.getPrice(), lb.getStartHeight()));
    assertEquals(BidState.BID_STATE_WON, market.bid(order, bidA).getState());
    assertEquals(BidState.BID_STATE_WON, market.bid(order, bidA + 1).getState());
    assertEquals(BidState.BID_STATE_LOST, market.bid(order, bidA + 2).getState());
    assertEquals(cBefore + BID_DEPOSIT, market.balance(c), "C's deposit is returned");
    assertEquals(0, market.providerRecord(c).getOpenBids());
    long rate = 4 * 100 + 4 * 120;
    assertEquals(rate, market.escrow(order).getRateMicro());
    long dry = windowEnd + deposit * MICRO / rate;
    assertEquals(dry, market.escrow(order).getDepletionHeight());
    market.assertInvariants();

    // Over the next N blocks A and B earn units x price x N micro-ulease. Their job agents prove
    // the N blocks; once the proofs' challenge window passed undisputed, A and B withdraw them in
    // whole ulease less the take rate.
    long n = 150_000;
    chain.advanceTo(windowEnd + n - 1);
    long proofA = market.nextProofId();
    block(
        chain.sign(market.proofMsg(leaseA, windowEnd + n), a),
        chain.sign(market.proofMsg(leaseB, windowEnd + n), b));
    assertEquals(4 * 100 * n, market.proof(proofA).getAmountMicro());
    assertEquals(4 * 120 * n, market.proof(proofA + 1).getAmountMicro());
    assertEquals(ProofState.PROOF_STATE_PENDING, market.proof(proofA).getState());
    market.assertRejectedAfterFee(
        EscrowError.NOTHING_TO_WITHDRAW, Msgs.withdrawLease(addressOf(a), leaseA), a);
    chain.advanceTo(market.proof(proofA).getChallengeEndHeight());
    assertEquals(windowEnd + n + 10, chain.height());
    assertEquals(ProofState.PROOF_STATE_ACCEPTED, market.proof(proofA).getState());
    assertEquals(ProofState.PROOF_STATE_ACCEPTED, market.proof(proofA + 1).getState());
    long aBefore = market.balance(a);
    long bBefore = market.balance(b);
    block(
        chain.sign(Msgs.withdrawLease(addressOf(a), leaseA), a),
        chain.sign(Msgs.withdrawLease(addressOf(b), leaseB), b));
    long payoutA = 4 * 100 * n / MICRO;
    long payoutB = 4 * 120 * n / MICRO;
    assertEquals(60, payoutA);
    assertEquals(72, payoutB);
    assertEquals(aBefore - FEE + payoutA - take(payoutA), market.balance(a));
    assertEquals(bBefore - FEE + payoutB - take(payoutB), market.balance(b));
    assertEquals(payoutA - take(payoutA), market.lease(leaseA).getPaid());
    assertEquals(
        4 * 120 * n - payoutB * MICRO,
        market.lease(leaseB).getWithdrawableMicro(),
        "B's sub-ulease rest is carried");
    assertEquals(take(payoutA) + take(payoutB), market.balance(ModuleAccount.COMMUNITY_POOL));
    market.assertInvariants();

    // The tenant tops up 50 ulease: the depletion height moves to where 250 ulease last.
    market.ok(Msgs.topUp(addressOf(tenant), order, 50), tenant);
    long laterDry = windowEnd + (deposit + 50) * MICRO / rate;
    assertEquals(laterDry, market.escrow(order).getDepletionHeight());
    assertTrue(laterDry > dry);
    EscrowResponse escrow =
        EscrowResponse.parseFrom(
            LedgerQueries.answer(chain.committed(), "/escrow/" + order, chain.height()).value());
    assertEquals(
        (deposit + 50) * MICRO - rate * (chain.height() - windowEnd), escrow.getAvailableMicro());

    // A second order without split: A's half offer does not fit, C alone takes all 8 GPUs.
    long second =
        market.order(
            tenant,
            Msgs.orderBody(addressOf(tenant), 8, 24, 300, false, 1_000).setDuration(10_000));
    market.assertRejectedAfterFee(
        MarketError.SPLIT_NOT_ALLOWED, Msgs.bid(addressOf(a), second, 4, 50, BID_DEPOSIT), a);
    market.assertRejectedAfterFee(
        MarketError.INSUFFICIENT_CAPACITY, Msgs.bid(addressOf(b), second, 8, 50, BID_DEPOSIT), b);
    long bidC = market.bid(c, second, 8, 250);
    long leaseC = market.nextLeaseId();
    chain.advanceTo(market.order(second).getWindowEndHeight());
    assertEquals(OrderState.ORDER_STATE_MATCHED, market.order(second).getState());
    assertEquals(BidState.BID_STATE_WON, market.bid(second, bidC).getState());
    Lease lc = market.lease(leaseC);
    assertEquals(
        List.of(addressOf(c).toBech32(), 8, 250L),
        List.of(lc.getProvider(), lc.getGpuUnits(), lc.getPrice()));
    assertEquals(MarketKeeper.leaseIdsOf(chain.committed(), second), List.of(leaseC));
    long cStart = lc.getStartHeight();
    chain.advanceTo(cStart + 10_000 - 1);
    // C proves the whole lease in its last block.
    long cBefore2 = market.balance(c);
    long proofC = market.proveNow(leaseC);
    assertEquals(CloseReason.CLOSE_REASON_DURATION_REACHED, market.lease(leaseC).getCloseReason());
    assertEquals(OrderState.ORDER_STATE_CLOSED, market.order(second).getState());
    assertEquals(EscrowState.ESCROW_STATE_OPEN, market.escrow(second).getState());
    chain.advanceTo(market.proof(proofC).getChallengeEndHeight());
    assertEquals(EscrowState.ESCROW_STATE_CLOSED, market.escrow(second).getState());
    long payoutC = 8 * 250 * 10_000 / MICRO;
    assertEquals(20, payoutC);
    assertEquals(cBefore2 - FEE + payoutC - take(payoutC) + BID_DEPOSIT, market.balance(c));
    market.assertInvariants();

    // The first order runs out of funds at exactly start + floor(deposits x 10^6 / rate); A and B
    // prove their last period in that block.
    long tenantBefore = market.balance(tenant);
    chain.advanceTo(laterDry - 1);
    assertEquals(LeaseState.LEASE_STATE_ACTIVE, market.lease(leaseA).getState());
    assertEquals(LeaseState.LEASE_STATE_ACTIVE, market.lease(leaseB).getState());
    market.assertInvariants();
    aBefore = market.balance(a);
    bBefore = market.balance(b);
    long poolBefore = market.balance(ModuleAccount.COMMUNITY_POOL);
    long lastProof = market.nextProofId();
    block(
        chain.sign(market.proofMsg(leaseA, laterDry), a),
        chain.sign(market.proofMsg(leaseB, laterDry), b));
    for (long lease : List.of(leaseA, leaseB)) {
      Lease closed = market.lease(lease);
      assertEquals(LeaseState.LEASE_STATE_CLOSED, closed.getState());
      assertEquals(CloseReason.CLOSE_REASON_OUT_OF_FUNDS, closed.getCloseReason());
      assertEquals(laterDry, closed.getClosedHeight());
      assertEquals(laterDry, closed.getProvenThrough());
    }
    assertEquals(aBefore - FEE + BID_DEPOSIT, market.balance(a), "paid once the proof is accepted");
    assertEquals(OrderState.ORDER_STATE_CLOSED, market.order(order).getState());
    assertEquals(EscrowState.ESCROW_STATE_OPEN, market.escrow(order).getState());
    assertEquals(2, market.escrow(order).getPendingProofs());
    market.assertInvariants();
    chain.advanceTo(market.proof(lastProof).getChallengeEndHeight());
    long blocks = laterDry - windowEnd;
    long totalA = 4 * 100 * blocks / MICRO;
    long totalB = 4 * 120 * blocks / MICRO;
    long lastA = totalA - payoutA;
    long lastB = totalB - payoutB;
    long lastTakeA = take(totalA) - take(payoutA);
    long lastTakeB = take(totalB) - take(payoutB);
    assertEquals(aBefore - FEE + lastA - lastTakeA + BID_DEPOSIT, market.balance(a));
    assertEquals(bBefore - FEE + lastB - lastTakeB + BID_DEPOSIT, market.balance(b));
    assertEquals(totalA - take(totalA), market.lease(leaseA).getPaid());
    assertEquals(totalB - take(totalB), market.lease(leaseB).getPaid());
    assertEquals(poolBefore + lastTakeA + lastTakeB, market.balance(ModuleAccount.COMMUNITY_POOL));
    long refund = deposit + 50 - totalA - totalB;
    assertEquals(1, refund, "250 ulease less 113 to A and 136 to B");
    assertEquals(tenantBefore + refund, market.balance(tenant), "the tenant is refunded the rest");
    assertEquals(OrderState.ORDER_STATE_CLOSED, market.order(order).getState());
    assertEquals(EscrowState.ESCROW_STATE_CLOSED, market.escrow(order).getState());
    assertEquals(0, market.balance(ModuleAccount.ESCROW));
    assertEquals(0, market.balance(ModuleAccount.BID_DEPOSITS));
    market.assertInvariants();
  }

  // ---- ties -------------------------------------------------------------------------------

  @Test
  void atEqualPriceTheEarlierBidWinsWhicheverProviderItIs() {
    for (boolean aFirst : List.of(true, false)) {
      long order = market.order(tenant, Msgs.orderBody(addressOf(tenant), 4, 24, 300, false, 100));
      Ed25519PrivateKey first = aFirst ? a : b;
      Ed25519PrivateKey second = aFirst ? b : a;
      long early = market.bid(first, order, 4, 100);
      long late = market.bid(second, order, 4, 100);
      chain.advanceTo(market.order(order).getWindowEndHeight());
      assertEquals(BidState.BID_STATE_WON, market.bid(order, early).getState());
      assertEquals(BidState.BID_STATE_LOST, market.bid(order, late).getState());
      long lease = MarketKeeper.leaseIdsOf(chain.committed(), order).get(0);
      market.ok(Msgs.closeLease(addressOf(tenant), lease), tenant);
    }
    market.assertInvariants();
  }

  @Test
  void withinOneBlockTheBidOfTheEarlierTxIsEarlier() {
    long order = market.order(tenant, Msgs.orderBody(addressOf(tenant), 4, 24, 300, false, 100));
    long first = MarketKeeper.BID_IDS.peek(chain.committed());
    block(bidTx(b, order, 4, 100), bidTx(a, order, 4, 100));
    chain.advanceTo(market.order(order).getWindowEndHeight());
    assertEquals(addressOf(b).toBech32(), market.bid(order, first).getProvider());
    assertEquals(BidState.BID_STATE_WON, market.bid(order, first).getState());
    assertEquals(BidState.BID_STATE_LOST, market.bid(order, first + 1).getState());
  }

  @Test
  void aCheaperLaterBidBeatsAnEarlierOne() {
    long order = market.order(tenant, Msgs.orderBody(addressOf(tenant), 4, 24, 300, false, 100));
    long early = market.bid(a, order, 4, 100);
    long cheaper = market.bid(b, order, 4, 99);
    chain.advanceTo(market.order(order).getWindowEndHeight());
    assertEquals(BidState.BID_STATE_LOST, market.bid(order, early).getState());
    assertEquals(BidState.BID_STATE_WON, market.bid(order, cheaper).getState());
  }

  @Test
  void thenTheProviderAddressBreaksTheTie() {
    // Bid ids are unique on chain, so this last rule only orders bids that share price and id.
    Address low = addressOf(a).compareTo(addressOf(b)) < 0 ? addressOf(a) : addressOf(b);
    Address high = low.equals(addressOf(a)) ? addressOf(b) : addressOf(a);
    Bid fromHigh = Bid.newBuilder().setId(7).setPrice(100).setProvider(high.toBech32()).build();
    Bid fromLow = Bid.newBuilder().setId(7).setPrice(100).setProvider(low.toBech32()).build();
    Bid earlier = Bid.newBuilder().setId(6).setPrice(100).setProvider(high.toBech32()).build();
    Bid cheaper = Bid.newBuilder().setId(9).setPrice(99).setProvider(high.toBech32()).build();
    List<Bid> bids = new ArrayList<>(List.of(fromHigh, fromLow, earlier, cheaper));
    bids.sort(Matching.CHEAPEST_FIRST);
    assertEquals(List.of(cheaper, earlier, fromLow, fromHigh), bids);
  }

  // ---- split fills ------------------------------------------------------------------------

  @Test
  void aSplitFillTakesPartOfTheLastBid() {
    long order = market.order(tenant, Msgs.orderBody(addressOf(tenant), 6, 24, 300, true, 100));
    long bidA = market.bid(a, order, 4, 100);
    long bidB = market.bid(b, order, 4, 120);
    long first = market.nextLeaseId();
    chain.advanceTo(market.order(order).getWindowEndHeight());
    assertEquals(4, market.lease(first).getGpuUnits());
    Lease partial = market.lease(first + 1);
    assertEquals(addressOf(b).toBech32(), partial.getProvider());
    assertEquals(2, partial.getGpuUnits());
    assertEquals(bidB, partial.getBidId());
    assertEquals(BID_DEPOSIT, partial.getBidDeposit(), "the whole deposit is bonded to the lease");
    assertEquals(2, market.providerRecord(b).getLeasedUnits());
    assertEquals(4 * 100 + 2 * 120, market.escrow(order).getRateMicro());
    assertEquals(BidState.BID_STATE_WON, market.bid(order, bidA).getState());
    market.assertInvariants();
  }

  @Test
  void withoutAnAllocationRespectingTheMinimumPerProviderTheOrderExpires() {
    // Shares of at least 4 from bids of 4 make 4 or 8 units, never 6.
    long order =
        market.order(
            tenant,
            Msgs.orderBody(addressOf(tenant), 6, 24, 300, true, 100).setMinUnitsPerProvider(4));
    long bidA = market.bid(a, order, 4, 100);
    long bidB = market.bid(b, order, 4, 120);
    long aBefore = market.balance(a);
    chain.advanceTo(market.order(order).getWindowEndHeight());
    assertEquals(OrderState.ORDER_STATE_EXPIRED, market.order(order).getState());
    assertEquals(BidState.BID_STATE_LOST, market.bid(order, bidA).getState());
    assertEquals(BidState.BID_STATE_LOST, market.bid(order, bidB).getState());
    assertEquals(aBefore + BID_DEPOSIT, market.balance(a));
    assertEquals(0, market.balance(ModuleAccount.ESCROW));
    market.assertInvariants();
  }

  @Test
  void theCheaperBidIsCutBackWhenTheMinimumPerProviderNeedsRoomForAnother() {
    // 6 units, at least 3 each: taking all 4 of A leaves 2 for B, below the minimum; 3 + 3 fits.
    long order =
        market.order(
            tenant,
            Msgs.orderBody(addressOf(tenant), 6, 24, 300, true, 100).setMinUnitsPerProvider(3));
    market.bid(a, order, 4, 100);
    market.bid(b, order, 4, 120);
    long first = market.nextLeaseId();
    chain.advanceTo(market.order(order).getWindowEndHeight());
    assertEquals(OrderState.ORDER_STATE_MATCHED, market.order(order).getState());
    assertEquals(3, market.lease(first).getGpuUnits());
    assertEquals(3, market.lease(first + 1).getGpuUnits());
    assertEquals(3 * 100 + 3 * 120, market.escrow(order).getRateMicro());
    market.assertInvariants();
  }

  @Test
  void eightUnitsAtLeastThreeEachFromTwoBidsOfSixAtOnePriceGoFiveToTheEarlierAndThreeToTheLater() {
    Ed25519PrivateKey d = market.provider(3);
    Ed25519PrivateKey e = market.provider(4);
    market.registerProving(3, Msgs.gpus("nvidia-rtx-4090", 24, 6));
    market.registerProving(4, Msgs.gpus("nvidia-rtx-4090", 24, 6));
    long order =
        market.order(
            tenant,
            Msgs.orderBody(addressOf(tenant), 8, 24, 300, true, 100).setMinUnitsPerProvider(3));
    long first = MarketKeeper.BID_IDS.peek(chain.committed());
    block(bidTx(e, order, 6, 100), bidTx(d, order, 6, 100));
    long lease = market.nextLeaseId();
    chain.advanceTo(market.order(order).getWindowEndHeight());
    assertEquals(OrderState.ORDER_STATE_MATCHED, market.order(order).getState());
    assertEquals(
        List.of(first, 5, first + 1, 3),
        List.of(
            market.lease(lease).getBidId(),
            market.lease(lease).getGpuUnits(),
            market.lease(lease + 1).getBidId(),
            market.lease(lease + 1).getGpuUnits()),
        "the earlier bid (E's) takes all it can");
    assertEquals(5, market.providerRecord(e).getLeasedUnits());
    assertEquals(3, market.providerRecord(d).getLeasedUnits());
    market.assertInvariants();
  }

  @Test
  void aBidWhoseProviderHasRoomOnlyForItsShareStillFillsIt() {
    // D bids 6 on a 6-unit order, then 4 of its 6 GPUs go to another order; the 2 still free are
    // all the first order needs from D once A gives 4.
    Ed25519PrivateKey d = market.provider(3);
    market.registerProving(3, Msgs.gpus("nvidia-rtx-4090", 24, 6));
    long order =
        market.order(
            tenant, Msgs.orderBody(addressOf(tenant), 6, 24, 300, true, 100).setBidWindow(20));
    long other =
        market.order(
            market.otherTenant(),
            Msgs.orderBody(addressOf(market.otherTenant()), 4, 24, 300, false, 100));
    long bidA = market.bid(a, order, 4, 100);
    long bidD = market.bid(d, order, 6, 120);
    market.bid(d, other, 4, 100);
    chain.advanceTo(market.order(other).getWindowEndHeight());
    assertEquals(4, market.providerRecord(d).getLeasedUnits());
    long first = market.nextLeaseId();
    chain.advanceTo(market.order(order).getWindowEndHeight());
    assertEquals(OrderState.ORDER_STATE_MATCHED, market.order(order).getState());
    assertEquals(
        List.of(bidA, 4, bidD, 2),
        List.of(
            market.lease(first).getBidId(),
            market.lease(first).getGpuUnits(),
            market.lease(first + 1).getBidId(),
            market.lease(first + 1).getGpuUnits()));
    assertEquals(6, market.providerRecord(d).getLeasedUnits());
    market.assertInvariants();
  }

  @Test
  void aBidWhoseProviderHasCpuOnlyForItsShareStillFillsIt() {
    // Each unit needs 64 cores. D bids 6 with 6 GPUs and 384 cores, then cuts its cores to 128:
    // enough for the 2 units the order needs from D once A gives 4.
    Ed25519PrivateKey d = market.provider(3);
    market.registerProving(3, Msgs.gpus("nvidia-rtx-4090", 24, 6));
    MsgCreateOrder.Builder body = Msgs.orderBody(addressOf(tenant), 6, 24, 300, true, 100);
    body.getSpecBuilder().setCpuMillicoresPerUnit(64_000);
    long order = market.order(tenant, body);
    long bidA = market.bid(a, order, 4, 100);
    long bidD = market.bid(d, order, 6, 120);
    Attributes fewerCores =
        Msgs.gpus("nvidia-rtx-4090", 24, 6).toBuilder().setCpuMillicores(128_000).build();
    market.ok(Msgs.update(Msgs.updateBody(addressOf(d), fewerCores)), d);
    long first = market.nextLeaseId();
    chain.advanceTo(market.order(order).getWindowEndHeight());
    assertEquals(OrderState.ORDER_STATE_MATCHED, market.order(order).getState());
    assertEquals(
        List.of(bidA, 4, bidD, 2),
        List.of(
            market.lease(first).getBidId(),
            market.lease(first).getGpuUnits(),
            market.lease(first + 1).getBidId(),
            market.lease(first + 1).getGpuUnits()));
    market.assertInvariants();
  }

  @Test
  void bidsThatCannotCoverTheOrderLetItExpire() {
    long order = market.order(tenant, Msgs.orderBody(addressOf(tenant), 8, 24, 300, true, 100));
    market.bid(a, order, 4, 100);
    long tenantBefore = market.balance(tenant);
    chain.advanceTo(market.order(order).getWindowEndHeight());
    assertEquals(OrderState.ORDER_STATE_EXPIRED, market.order(order).getState());
    assertEquals(tenantBefore + 100, market.balance(tenant));
    market.assertInvariants();
  }

  @Test
  void aProviderSuspendedDuringTheWindowIsPassedOver() {
    long order = market.order(tenant, Msgs.orderBody(addressOf(tenant), 4, 24, 300, false, 100));
    long bidA = market.bid(a, order, 4, 100);
    long bidB = market.bid(b, order, 4, 150);
    market.councilDoes(Msgs.suspendProvider(addressOf(a)));
    long aBefore = market.balance(a);
    chain.advanceTo(market.order(order).getWindowEndHeight());
    assertEquals(BidState.BID_STATE_LOST, market.bid(order, bidA).getState());
    assertEquals(BidState.BID_STATE_WON, market.bid(order, bidB).getState());
    assertEquals(aBefore + BID_DEPOSIT, market.balance(a));
    market.assertInvariants();
  }

  @Test
  void gpusWonByOneOrderAreNotGivenToAnotherClosingInTheSameBlock() {
    long x =
        market.order(
            tenant, Msgs.orderBody(addressOf(tenant), 4, 24, 300, false, 100).setBidWindow(20));
    long y =
        market.order(
            market.otherTenant(),
            Msgs.orderBody(addressOf(market.otherTenant()), 4, 24, 300, false, 100)
                .setBidWindow(19));
    assertEquals(market.order(x).getWindowEndHeight(), market.order(y).getWindowEndHeight());
    long aOnX = market.bid(a, x, 4, 100);
    long aOnY = market.bid(a, y, 4, 100);
    long bOnY = market.bid(b, y, 4, 150);
    chain.advanceTo(market.order(x).getWindowEndHeight());
    assertEquals(BidState.BID_STATE_WON, market.bid(x, aOnX).getState());
    assertEquals(
        BidState.BID_STATE_LOST,
        market.bid(y, aOnY).getState(),
        "A's 4 GPUs went to the order with the lower id");
    assertEquals(BidState.BID_STATE_WON, market.bid(y, bOnY).getState());
    assertEquals(4, market.providerRecord(a).getLeasedUnits());
    market.assertInvariants();
  }
}
