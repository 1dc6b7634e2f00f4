package io.leasechain.ledger.proof;

import static io.leasechain.ledger.testing.MarketFixture.BID_DEPOSIT;
import static io.leasechain.ledger.testing.MarketFixture.BOND;
import static io.leasechain.ledger.testing.MarketFixture.addressOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.LedgerError;
import io.leasechain.ledger.TxOutcome;
import io.leasechain.ledger.bank.BankError;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.escrow.EscrowKeeper;
import io.leasechain.ledger.escrow.proto.Escrow;
import io.leasechain.ledger.escrow.proto.EscrowState;
import io.leasechain.ledger.market.proto.CloseReason;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.OrderState;
import io.leasechain.ledger.proof.proto.Dispute;
import io.leasechain.ledger.proof.proto.DisputeState;
import io.leasechain.ledger.proof.proto.MsgDisputeProof;
import io.leasechain.ledger.proof.proto.ProofParams;
import io.leasechain.ledger.proof.proto.ProofState;
import io.leasechain.ledger.proof.proto.Verdict;
import io.leasechain.ledger.provider.ProviderError;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.provider.proto.Reputation;
import io.leasechain.ledger.rewards.Distribution;
import io.leasechain.ledger.rewards.ProvenWork;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.testing.Outcomes;
import io.leasechain.ledger.testing.TestChain;
import io.leasechain.ledger.tx.proto.Msg;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every rule and rejection code of disputing a proof and resolving the dispute, and the money of
 * each ending. The tenant disputes A's proof of blocks start..start+30 of its lease (4 GPUs at
 * 1.004 ulease per block, 100,000 ulease in escrow) with the minimum deposit of 1 LEASE; the
 * appointed auditor upholds (10% of A's 5 LEASE bond slashed, half of it to the tenant, the rest
 * burnt), rejects, or lets the dispute lapse after 40 blocks. Every invariant is checked after
 * every block.
 */
class DisputeTest {

  private static final ProofParams PARAMS = ProofRulesTest.PARAMS;
  private static final String RTX = "nvidia-rtx-4090";
  private static final long PRICE = 251_000;
  private static final long RATE = 4 * PRICE;
  private static final long DEPOSIT = 100_000;
  private static final long MIN = PARAMS.getMinDisputeDeposit();
  private static final long FEE = TestChain.DEFAULT_FEE;

  private MarketFixture market;
  private TestChain chain;
  private Ed25519PrivateKey tenant;
  private Ed25519PrivateKey auditor;
  private Ed25519PrivateKey a;
  private long order;
  private long lease;
  private long start;
  private long proof;
  private long proven;

  @BeforeEach
  void setUp() {
    market = MarketFixture.create(builder -> builder.proofParams(PARAMS));
    market.checkInvariantsEveryBlock();
    chain = market.chain();
    tenant = market.tenant();
    auditor = market.auditor();
    a = market.provider(0);
    market.councilDoes(Msgs.appointAuditor(addressOf(auditor)));
    market.registerProving(0, Msgs.gpus(RTX, 24, 4));
    market.registerProving(1, Msgs.gpus(RTX, 24, 4));
    order = market.order(tenant, Msgs.orderBody(addressOf(tenant), 4, 24, 300_000, false, DEPOSIT));
    long bid = market.bid(a, order, 4, PRICE);
    lease = market.nextLeaseId();
    market.ok(Msgs.accept(addressOf(tenant), order, bid), tenant);
    start = chain.height();
    chain.advanceTo(start + 29);
    proof = market.proveNow(lease);
    proven = start + 30;
  }

  // ---- helpers ------------------------------------------------------------------------------

  private long amount() {
    return RATE * 30;
  }

  private long end() {
    return market.proof(proof).getChallengeEndHeight();
  }

  /** The tenant disputes the proof with the minimum deposit; returns the dispute id. */
  private long dispute() {
    long id = market.nextDisputeId();
    market.ok(Msgs.dispute(addressOf(tenant), proof, MIN), tenant);
    return id;
  }

  private BlockResult resolve(long dispute, Verdict verdict) {
    BlockResult block =
        chain.finalizeBlock(
            chain.sign(Msgs.resolve(addressOf(auditor), dispute, verdict), auditor));
    Outcomes.assertOk(block.txs().get(0));
    return block;
  }

  private Reputation reputation(Ed25519PrivateKey provider) {
    return market.providerRecord(provider).getReputation();
  }

  private void refusedAfterFee(LedgerError error, Msg msg, Ed25519PrivateKey signer) {
    market.assertRejectedAfterFee(error, msg, signer);
  }

  private void refusedBeforeFee(LedgerError error, Msg msg, Ed25519PrivateKey signer) {
    market.assertRejectedBeforeFee(error, msg, signer);
  }

  private static List<String> types(BlockResult block) {
    List<Event> events = new ArrayList<>(block.events());
    block.txs().forEach(tx -> events.addAll(tx.events()));
    return events.stream().map(Event::type).toList();
  }

  private long supply() {
    return BankKeeper.supply(chain.committed());
  }

  // ---- disputing ----------------------------------------------------------------------------

  @Test
  void aDisputeFreezesThePaymentPastTheWindow() {
    long tenantBefore = market.balance(tenant);
    long id = market.nextDisputeId();
    MsgDisputeProof.Builder body = Msgs.disputeBody(addressOf(tenant), proof, MIN);
    TxOutcome outcome = market.ok(Msgs.dispute(body), tenant);
    long at = chain.height();
    assertTrue(
        outcome.events().stream()
            .map(Event::type)
            .toList()
            .containsAll(List.of("dispute_opened", "proof_disputed")));
    assertEquals(
        Dispute.newBuilder()
            .setId(id)
            .setProofId(proof)
            .setLeaseId(lease)
            .setTenant(addressOf(tenant).toBech32())
            .setProvider(addressOf(a).toBech32())
            .setDeposit(MIN)
            .setEvidenceUri(body.getEvidenceUri())
            .setEvidenceHash(body.getEvidenceHash())
            .setOpenedHeight(at)
            .setDeadlineHeight(at + PARAMS.getDisputeTimeout())
            .setState(DisputeState.DISPUTE_STATE_OPEN)
            .build(),
        market.dispute(id));
    assertEquals(ProofState.PROOF_STATE_DISPUTED, market.proof(proof).getState());
    assertEquals(id, market.proof(proof).getDisputeId());
    assertEquals(tenantBefore - FEE - MIN, market.balance(tenant));
    assertEquals(MIN, market.balance(ModuleAccount.DISPUTE_DEPOSITS));
    chain.advanceTo(end() + 1);
    assertEquals(ProofState.PROOF_STATE_DISPUTED, market.proof(proof).getState(), "not released");
    assertEquals(0, market.lease(lease).getWithdrawableMicro());
    assertEquals(1, market.escrow(order).getPendingProofs());
  }

  @Test
  void theTenantMayDisputeInTheLastBlockOfTheWindowButNotAfter() {
    chain.advanceTo(end() - 1);
    market.ok(Msgs.dispute(addressOf(tenant), proof, MIN), tenant);
    assertEquals(end(), chain.height());
    assertEquals(ProofState.PROOF_STATE_DISPUTED, market.proof(proof).getState());
    // A second proof whose window runs out undisputed.
    long second = market.proveNow(lease);
    chain.advanceTo(market.proof(second).getChallengeEndHeight());
    assertEquals(ProofState.PROOF_STATE_ACCEPTED, market.proof(second).getState());
    refusedAfterFee(
        ProofError.NOT_DISPUTABLE, Msgs.dispute(addressOf(tenant), second, MIN), tenant);
  }

  @Test
  void aDisputedProofCannotBeDisputedAgain() {
    dispute();
    refusedAfterFee(ProofError.NOT_DISPUTABLE, Msgs.dispute(addressOf(tenant), proof, MIN), tenant);
  }

  @Test
  void aMissingProofCannotBeDisputed() {
    refusedAfterFee(
        ProofError.PROOF_NOT_FOUND, Msgs.dispute(addressOf(tenant), proof + 1, MIN), tenant);
  }

  @Test
  void onlyTheLeasesTenantDisputes() {
    Ed25519PrivateKey other = market.otherTenant();
    refusedAfterFee(ProofError.NOT_TENANT, Msgs.dispute(addressOf(other), proof, MIN), other);
    refusedAfterFee(ProofError.NOT_TENANT, Msgs.dispute(addressOf(a), proof, MIN), a);
  }

  @Test
  void theDepositMustReachTheMinimumAndBeThere() {
    refusedAfterFee(
        ProofError.DEPOSIT_TOO_LOW, Msgs.dispute(addressOf(tenant), proof, MIN - 1), tenant);
    refusedAfterFee(
        BankError.INSUFFICIENT_FUNDS,
        Msgs.dispute(addressOf(tenant), proof, 2 * TestChain.DEFAULT_BALANCE),
        tenant);
    market.ok(Msgs.dispute(addressOf(tenant), proof, MIN), tenant);
  }

  @Test
  void malformedDisputesAreRefusedBeforeTheFee() {
    refusedBeforeFee(
        ProofError.INVALID_PROOF,
        Msgs.dispute(
            Msgs.disputeBody(addressOf(tenant), proof, MIN).setEvidenceUri("x".repeat(513))),
        tenant);
    refusedBeforeFee(
        ProofError.INVALID_PROOF,
        Msgs.dispute(
            Msgs.disputeBody(addressOf(tenant), proof, MIN)
                .setEvidenceHash(ByteString.copyFrom(new byte[65]))),
        tenant);
    refusedBeforeFee(
        ProofError.DEPOSIT_TOO_LOW, Msgs.dispute(addressOf(tenant), proof, -1), tenant);
    refusedBeforeFee(
        BankError.INVALID_ADDRESS,
        Msgs.dispute(Msgs.disputeBody(addressOf(tenant), proof, MIN).setTenant("nobody")),
        tenant);
    market.ok(
        Msgs.dispute(
            Msgs.disputeBody(addressOf(tenant), proof, MIN)
                .setEvidenceUri("x".repeat(512))
                .setEvidenceHash(ByteString.copyFrom(new byte[64]))),
        tenant);
  }

  // ---- upheld -------------------------------------------------------------------------------

  @Test
  void anUpheldDisputeSlashesTheBondBurnsPartAndReturnsThePayment() {
    long id = dispute();
    long supplyBefore = supply();
    long bondsBefore = market.balance(ModuleAccount.PROVIDER_BONDS);
    long tenantBefore = market.balance(tenant);
    long aBefore = market.balance(a);
    long slashed = BOND * PARAMS.getSlashBps() / 10_000;
    long toTenant = slashed * PARAMS.getSlashToTenantBps() / 10_000;
    long burnt = slashed - toTenant;
    assertEquals(List.of(500_000L, 250_000L, 250_000L), List.of(slashed, toTenant, burnt));
    Dispute open = market.dispute(id);
    BlockResult block = resolve(id, Verdict.VERDICT_UPHELD);
    long at = chain.height();
    assertTrue(
        types(block).containsAll(List.of("dispute_upheld", "proof_rejected", "lease_closed")),
        types(block).toString());
    assertEquals(supplyBefore - burnt, supply(), "the burnt part leaves the supply");
    assertEquals(burnt, Distribution.emission(chain.committed()).getBurntTotal());
    assertEquals(BOND - slashed, market.providerRecord(a).getBond());
    assertEquals(bondsBefore - slashed, market.balance(ModuleAccount.PROVIDER_BONDS));
    assertEquals(ProviderState.PROVIDER_STATE_ACTIVE, market.providerRecord(a).getState());
    assertEquals(0, market.balance(ModuleAccount.DISPUTE_DEPOSITS));
    assertEquals(
        open.toBuilder()
            .setState(DisputeState.DISPUTE_STATE_UPHELD)
            .setResolvedBy(addressOf(auditor).toBech32())
            .setResolvedHeight(at)
            .setSlashed(slashed)
            .setSlashedToTenant(toTenant)
            .build(),
        market.dispute(id));
    assertEquals(ProofState.PROOF_STATE_REJECTED, market.proof(proof).getState());
    Lease closed = market.lease(lease);
    assertEquals(LeaseState.LEASE_STATE_CLOSED, closed.getState());
    assertEquals(CloseReason.CLOSE_REASON_DISPUTE_LOST, closed.getCloseReason());
    assertEquals(at, closed.getClosedHeight());
    assertEquals(0, closed.getPaid());
    assertEquals(aBefore, market.balance(a), "A forfeits its bid deposit and gets no payment");
    // The order's only lease closed: the payment came back to the escrow, which refunds it all.
    assertEquals(OrderState.ORDER_STATE_CLOSED, market.order(order).getState());
    assertEquals(EscrowState.ESCROW_STATE_CLOSED, market.escrow(order).getState());
    assertEquals(DEPOSIT, market.escrow(order).getRefunded());
    assertEquals(
        tenantBefore + toTenant + MIN + DEPOSIT + BID_DEPOSIT,
        market.balance(tenant),
        "the tenant gets its share of the slash, its deposit, its whole escrow and A's bid deposit");
    assertEquals(0, market.balance(ModuleAccount.ESCROW));
    Reputation reputation = reputation(a);
    assertEquals(1, reputation.getDisputesLost());
    assertEquals(1, reputation.getLeasesClosedEarly());
    assertEquals(0, reputation.getProofsAccepted());
    assertEquals(List.of(), ProvenWork.of(chain.committed(), 0), "no GPU-seconds count");
  }

  @Test
  void anUpheldDisputeReturnsThePaymentToTheEscrowThatFundsTheOtherLeases() {
    // An 8-GPU split order served by B and C; B's proof is disputed and the dispute upheld.
    Ed25519PrivateKey b = market.provider(1);
    Ed25519PrivateKey c = market.provider(2);
    market.registerProving(2, Msgs.gpus(RTX, 24, 4));
    long split =
        market.order(tenant, Msgs.orderBody(addressOf(tenant), 8, 24, 300_000, true, DEPOSIT));
    long bidB = market.bid(b, split, 4, PRICE);
    long bidC = market.bid(c, split, 4, PRICE);
    long leaseB = market.nextLeaseId();
    market.ok(Msgs.accept(addressOf(tenant), split, bidB, bidC), tenant);
    long opened = chain.height();
    chain.advanceTo(opened + 9);
    long proofB = market.proveNow(leaseB);
    long id = market.nextDisputeId();
    market.ok(Msgs.dispute(addressOf(tenant), proofB, MIN), tenant);
    chain.advanceTo(chain.height() + 4);
    long at = chain.height() + 1;
    resolve(id, Verdict.VERDICT_UPHELD);
    assertEquals(CloseReason.CLOSE_REASON_DISPUTE_LOST, market.lease(leaseB).getCloseReason());
    assertEquals(OrderState.ORDER_STATE_MATCHED, market.order(split).getState());
    Escrow escrow = market.escrow(split);
    assertEquals(at, escrow.getSettledHeight());
    assertEquals(RATE, escrow.getRateMicro(), "only C's lease draws now");
    assertEquals(
        DEPOSIT * EscrowKeeper.MICRO - 2 * RATE * (at - opened) + RATE * (at - opened),
        escrow.getBalanceMicro(),
        "B's proven payment and its unproven accrual both came back");
    assertEquals(at + escrow.getBalanceMicro() / RATE, escrow.getDepletionHeight());
  }

  @Test
  void aProviderSlashedBelowTheMinimumBondIsSuspended() {
    Ed25519PrivateKey c = market.provider(3);
    long minBond = MarketFixture.PROVIDER_PARAMS.getMinBond();
    long bond = minBond + 50_000;
    market.ok(Msgs.register(addressOf(c), Msgs.gpus(RTX, 24, 4), bond), c);
    market.councilDoes(Msgs.approveProvider(addressOf(c)));
    market.registerAgent(c);
    long other =
        market.order(tenant, Msgs.orderBody(addressOf(tenant), 4, 24, 300_000, false, DEPOSIT));
    long bid = market.bid(c, other, 4, PRICE);
    long leaseC = market.nextLeaseId();
    market.ok(Msgs.accept(addressOf(tenant), other, bid), tenant);
    chain.advanceTo(chain.height() + 5);
    long proofC = market.proveNow(leaseC);
    long id = market.nextDisputeId();
    market.ok(Msgs.dispute(addressOf(tenant), proofC, MIN), tenant);
    resolve(id, Verdict.VERDICT_UPHELD);
    long slashed = bond * PARAMS.getSlashBps() / 10_000;
    assertEquals(bond - slashed, market.providerRecord(c).getBond());
    assertTrue(bond - slashed < minBond);
    assertEquals(ProviderState.PROVIDER_STATE_SUSPENDED, market.providerRecord(c).getState());
    assertEquals(slashed, market.dispute(id).getSlashed());
  }

  @Test
  void anUpheldDisputeOnALeaseAlreadyClosedLeavesItClosedAndFinishesTheEscrow() {
    long id = dispute();
    market.ok(Msgs.closeLease(addressOf(tenant), lease), tenant);
    assertEquals(CloseReason.CLOSE_REASON_TENANT, market.lease(lease).getCloseReason());
    assertEquals(OrderState.ORDER_STATE_CLOSED, market.order(order).getState());
    assertEquals(
        EscrowState.ESCROW_STATE_OPEN, market.escrow(order).getState(), "waits for the dispute");
    long tenantBefore = market.balance(tenant);
    resolve(id, Verdict.VERDICT_UPHELD);
    assertEquals(CloseReason.CLOSE_REASON_TENANT, market.lease(lease).getCloseReason());
    assertEquals(EscrowState.ESCROW_STATE_CLOSED, market.escrow(order).getState());
    long toTenant = BOND * PARAMS.getSlashBps() / 10_000 * PARAMS.getSlashToTenantBps() / 10_000;
    assertEquals(tenantBefore + toTenant + MIN + DEPOSIT, market.balance(tenant));
    assertEquals(1, reputation(a).getLeasesCompleted(), "the tenant closed it");
    assertEquals(1, reputation(a).getDisputesLost());
  }

  @Test
  void anAuditorMayResolveInTheDeadlineBlock() {
    long id = dispute();
    long deadline = market.dispute(id).getDeadlineHeight();
    chain.advanceTo(deadline - 1);
    resolve(id, Verdict.VERDICT_UPHELD);
    assertEquals(deadline, chain.height());
    assertEquals(DisputeState.DISPUTE_STATE_UPHELD, market.dispute(id).getState());
  }

  // ---- rejected and lapsed ------------------------------------------------------------------

  @Test
  void aRejectedDisputePaysTheDepositToTheProviderAndReleasesThePayment() {
    long id = dispute();
    long aBefore = market.balance(a);
    long tenantBefore = market.balance(tenant);
    long supplyBefore = supply();
    BlockResult block = resolve(id, Verdict.VERDICT_REJECTED);
    assertTrue(
        types(block).containsAll(List.of("dispute_rejected", "proof_accepted")),
        types(block).toString());
    assertEquals(aBefore + MIN, market.balance(a));
    assertEquals(tenantBefore, market.balance(tenant));
    assertEquals(supplyBefore, supply());
    assertEquals(0, market.balance(ModuleAccount.DISPUTE_DEPOSITS));
    assertEquals(DisputeState.DISPUTE_STATE_REJECTED, market.dispute(id).getState());
    assertEquals(addressOf(auditor).toBech32(), market.dispute(id).getResolvedBy());
    assertEquals(0, market.dispute(id).getSlashed());
    assertEquals(ProofState.PROOF_STATE_ACCEPTED, market.proof(proof).getState());
    assertEquals(amount(), market.lease(lease).getWithdrawableMicro());
    assertEquals(LeaseState.LEASE_STATE_ACTIVE, market.lease(lease).getState());
    assertEquals(BOND, market.providerRecord(a).getBond());
    assertEquals(0, market.escrow(order).getPendingProofs());
    Reputation reputation = reputation(a);
    assertEquals(1, reputation.getDisputesWon());
    assertEquals(0, reputation.getDisputesLost());
    assertEquals(1, reputation.getProofsAccepted());
    assertEquals(
        List.of(
            new ProvenWork.Entry(
                addressOf(a), 5L * 4 * 30, amount(), amount() / 1_000_000 * 200 / 10_000)),
        ProvenWork.of(chain.committed(), 0));
  }

  @Test
  void aDisputeNobodyResolvesLapsesAtItsDeadlineAndItsDepositGoesToTheProvider() {
    long id = dispute();
    long deadline = market.dispute(id).getDeadlineHeight();
    assertEquals(chain.height() + PARAMS.getDisputeTimeout(), deadline);
    long aBefore = market.balance(a);
    long tenantBefore = market.balance(tenant);
    chain.advanceTo(deadline - 1);
    assertEquals(DisputeState.DISPUTE_STATE_OPEN, market.dispute(id).getState());
    BlockResult block = chain.emptyBlock();
    assertTrue(types(block).contains("dispute_lapsed"), types(block).toString());
    Dispute lapsed = market.dispute(id);
    assertEquals(DisputeState.DISPUTE_STATE_LAPSED, lapsed.getState());
    assertEquals(deadline, lapsed.getResolvedHeight());
    assertEquals("", lapsed.getResolvedBy());
    assertEquals(tenantBefore, market.balance(tenant), "the unproven accusation costs the deposit");
    assertEquals(aBefore + MIN, market.balance(a), "paid to the provider for the frozen payment");
    assertEquals(0, market.balance(ModuleAccount.DISPUTE_DEPOSITS));
    assertEquals(ProofState.PROOF_STATE_ACCEPTED, market.proof(proof).getState());
    assertEquals(amount(), market.lease(lease).getWithdrawableMicro(), "the payment is released");
    Reputation reputation = reputation(a);
    assertEquals(0, reputation.getDisputesWon());
    assertEquals(0, reputation.getDisputesLost());
    assertEquals(1, reputation.getProofsAccepted());
    refusedAfterFee(
        ProofError.DISPUTE_NOT_OPEN,
        Msgs.resolve(addressOf(auditor), id, Verdict.VERDICT_UPHELD),
        auditor);
  }

  /**
   * Disputing is not free even when no auditor acts: each lapsed dispute hands its deposit to the
   * provider, so freezing every payment for dispute_timeout blocks costs a deposit per proof.
   */
  @Test
  void freezingEveryPaymentWithDisputesThatLapseCostsADepositEach() {
    long second = market.proveNow(lease);
    long first = dispute();
    long other = market.nextDisputeId();
    market.ok(Msgs.dispute(addressOf(tenant), second, MIN), tenant);
    long tenantBefore = market.balance(tenant);
    long aBefore = market.balance(a);
    chain.advanceTo(market.dispute(other).getDeadlineHeight());
    assertEquals(DisputeState.DISPUTE_STATE_LAPSED, market.dispute(first).getState());
    assertEquals(DisputeState.DISPUTE_STATE_LAPSED, market.dispute(other).getState());
    assertEquals(tenantBefore, market.balance(tenant));
    assertEquals(aBefore + 2 * MIN, market.balance(a));
    assertEquals(ProofState.PROOF_STATE_ACCEPTED, market.proof(second).getState());
  }

  /**
   * The provider was found cheating on this lease: its other proofs of the lease still in their
   * challenge window are not paid either. Proofs already accepted stay paid.
   */
  @Test
  void anUpheldDisputeAlsoReturnsTheLeasesOtherPendingProofs() {
    chain.advanceTo(end());
    assertEquals(ProofState.PROOF_STATE_ACCEPTED, market.proof(proof).getState());
    long pending = market.proveNow(lease);
    long disputed = market.proveNow(lease);
    long pendingAmount = market.proof(pending).getAmountMicro();
    long id = market.nextDisputeId();
    market.ok(Msgs.dispute(addressOf(tenant), disputed, MIN), tenant);
    BlockResult block = resolve(id, Verdict.VERDICT_UPHELD);
    assertEquals(
        2, types(block).stream().filter("proof_rejected"::equals).count(), types(block).toString());
    assertEquals(ProofState.PROOF_STATE_ACCEPTED, market.proof(proof).getState(), "stays paid");
    assertEquals(ProofState.PROOF_STATE_REJECTED, market.proof(pending).getState());
    assertEquals(ProofState.PROOF_STATE_REJECTED, market.proof(disputed).getState());
    assertEquals(0, market.providerRecord(a).getOpenProofs());
    assertEquals(1, reputation(a).getProofsAccepted());
    assertEquals(EscrowState.ESCROW_STATE_CLOSED, market.escrow(order).getState());
    assertTrue(pendingAmount > 0);
    chain.advanceTo(market.proof(pending).getChallengeEndHeight() + 1);
    assertEquals(ProofState.PROOF_STATE_REJECTED, market.proof(pending).getState(), "never paid");
    long accepted = market.proof(proof).getAmountMicro();
    assertEquals(
        List.of(
            new ProvenWork.Entry(
                addressOf(a), 5L * 4 * 30, accepted, accepted / 1_000_000 * 200 / 10_000)),
        ProvenWork.of(chain.committed(), 0),
        "only the accepted proof's work counts");
  }

  /** Slashing a bond whose product with slash_bps passes 2^63 still takes exactly 10%. */
  @Test
  void aBondTooLargeForLongProductsIsSlashedExactly() {
    MarketFixture rich =
        MarketFixture.create(
            builder -> builder.proofParams(PARAMS).account(100_000_000_000_000_000L));
    rich.checkInvariantsEveryBlock();
    TestChain richChain = rich.chain();
    Ed25519PrivateKey whale =
        richChain.keyAt(MarketFixture.FIRST_PROVIDER + MarketFixture.PROVIDERS);
    long bond = 10_000_000_000_000_000L;
    assertTrue(bond > Long.MAX_VALUE / PARAMS.getSlashBps(), "bond x slash_bps overflows a long");
    rich.councilDoes(Msgs.appointAuditor(addressOf(rich.auditor())));
    rich.ok(Msgs.register(addressOf(whale), Msgs.gpus(RTX, 24, 4), bond), whale);
    rich.councilDoes(Msgs.approveProvider(addressOf(whale)));
    rich.registerAgent(whale);
    Ed25519PrivateKey richTenant = rich.tenant();
    long o =
        rich.order(
            richTenant, Msgs.orderBody(addressOf(richTenant), 4, 24, 300_000, false, DEPOSIT));
    long bid = rich.bid(whale, o, 4, PRICE);
    long l = rich.nextLeaseId();
    rich.ok(Msgs.accept(addressOf(richTenant), o, bid), richTenant);
    richChain.advanceTo(richChain.height() + 5);
    long p = rich.proveNow(l);
    long id = rich.nextDisputeId();
    rich.ok(Msgs.dispute(addressOf(richTenant), p, MIN), richTenant);
    TxOutcome upheld =
        richChain
            .finalizeBlock(
                richChain.sign(
                    Msgs.resolve(addressOf(rich.auditor()), id, Verdict.VERDICT_UPHELD),
                    rich.auditor()))
            .txs()
            .get(0);
    Outcomes.assertOk(upheld);
    assertEquals(1_000_000_000_000_000L, rich.dispute(id).getSlashed());
    assertEquals(500_000_000_000_000L, rich.dispute(id).getSlashedToTenant());
    assertEquals(9_000_000_000_000_000L, rich.providerRecord(whale).getBond());
  }

  // ---- resolving: rejections ----------------------------------------------------------------

  @Test
  void onlyAnAppointedAuditorResolves() {
    long id = dispute();
    for (Ed25519PrivateKey who : List.of(tenant, a, market.member(0))) {
      refusedAfterFee(
          ProofError.NOT_AUDITOR, Msgs.resolve(addressOf(who), id, Verdict.VERDICT_UPHELD), who);
    }
    market.councilDoes(Msgs.removeAuditor(addressOf(auditor)));
    refusedAfterFee(
        ProofError.NOT_AUDITOR,
        Msgs.resolve(addressOf(auditor), id, Verdict.VERDICT_UPHELD),
        auditor);
  }

  /**
   * Provider B leases 4 GPUs to the tenant on an order that requires {@code auditor}, which also
   * attested B; {@code other} is a second appointed auditor. Returns the tenant's dispute of B's
   * first proof.
   */
  private long disputeOnAnOrderRequiringTheAuditor(Ed25519PrivateKey other) {
    market.councilDoes(Msgs.appointAuditor(addressOf(other)));
    Ed25519PrivateKey b = market.provider(1);
    market.ok(Msgs.attest(addressOf(auditor), addressOf(b), "gpu_model"), auditor);
    long strict =
        market.order(
            tenant,
            Msgs.orderBody(addressOf(tenant), 4, 24, 300_000, false, DEPOSIT)
                .setRequiredAuditor(addressOf(auditor).toBech32()));
    long bid = market.bid(b, strict, 4, PRICE);
    long strictLease = market.nextLeaseId();
    market.ok(Msgs.accept(addressOf(tenant), strict, bid), tenant);
    chain.advanceTo(chain.height() + 29);
    long strictProof = market.proveNow(strictLease);
    long id = market.nextDisputeId();
    market.ok(Msgs.dispute(addressOf(tenant), strictProof, MIN), tenant);
    return id;
  }

  /**
   * A tenant that names a required auditor chose who judges its leases: another auditor (say, one
   * friendly to the provider) cannot get in first, and the required one still resolves.
   */
  @Test
  void onlyTheRequiredAuditorResolvesItsLeasesDisputes() {
    Ed25519PrivateKey other = market.otherTenant();
    long id = disputeOnAnOrderRequiringTheAuditor(other);
    refusedAfterFee(
        ProofError.NOT_REQUIRED_AUDITOR,
        Msgs.resolve(addressOf(other), id, Verdict.VERDICT_REJECTED),
        other);
    assertEquals(DisputeState.DISPUTE_STATE_OPEN, market.dispute(id).getState());
    resolve(id, Verdict.VERDICT_UPHELD);
    assertEquals(addressOf(auditor).toBech32(), market.dispute(id).getResolvedBy());
  }

  /**
   * Once the council removes the required auditor, any appointed auditor may resolve, so the
   * dispute is not stranded until it lapses (in the provider's favour).
   */
  @Test
  void aRemovedRequiredAuditorLeavesTheDisputeToAnyAuditor() {
    Ed25519PrivateKey other = market.otherTenant();
    long id = disputeOnAnOrderRequiringTheAuditor(other);
    market.councilDoes(Msgs.removeAuditor(addressOf(auditor)));
    market.ok(Msgs.resolve(addressOf(other), id, Verdict.VERDICT_REJECTED), other);
    assertEquals(addressOf(other).toBech32(), market.dispute(id).getResolvedBy());
  }

  @Test
  void aMissingOrEndedDisputeCannotBeResolved() {
    refusedAfterFee(
        ProofError.DISPUTE_NOT_FOUND,
        Msgs.resolve(addressOf(auditor), 42, Verdict.VERDICT_UPHELD),
        auditor);
    long id = dispute();
    resolve(id, Verdict.VERDICT_REJECTED);
    refusedAfterFee(
        ProofError.DISPUTE_NOT_OPEN,
        Msgs.resolve(addressOf(auditor), id, Verdict.VERDICT_UPHELD),
        auditor);
  }

  @Test
  void aVerdictMustBeUpheldOrRejected() {
    long id = dispute();
    refusedBeforeFee(
        ProofError.INVALID_VERDICT,
        Msgs.resolve(addressOf(auditor), id, Verdict.VERDICT_UNSPECIFIED),
        auditor);
    Msg unknown =
        Msg.newBuilder()
            .setResolveDispute(
                Msgs.resolve(addressOf(auditor), id, Verdict.VERDICT_UPHELD)
                    .getResolveDispute()
                    .toBuilder()
                    .setVerdictValue(7))
            .build();
    refusedBeforeFee(ProofError.INVALID_VERDICT, unknown, auditor);
    Msg badAddress =
        Msg.newBuilder()
            .setResolveDispute(
                Msgs.resolve(addressOf(auditor), id, Verdict.VERDICT_UPHELD)
                    .getResolveDispute()
                    .toBuilder()
                    .setAuditor("nobody"))
            .build();
    refusedBeforeFee(BankError.INVALID_ADDRESS, badAddress, auditor);
  }

  // ---- known gaps ---------------------------------------------------------------------------

  /**
   * A provider cannot escape a slash by retiring: while it has proofs pending or disputed it cannot
   * retire (else its bond could be returned after unbonding_blocks while a dispute is still open;
   * with the defaults a dispute can be upheld up to challenge_window + dispute_timeout = 87,000
   * blocks after the proof, a bond returns after 86,400).
   */
  @Test
  void aProviderWithOpenProofsCannotRetireAndEscapeTheSlash() {
    long id = dispute();
    market.ok(Msgs.closeLease(addressOf(tenant), lease), tenant);
    assertEquals(1, market.providerRecord(a).getOpenProofs());
    refusedAfterFee(ProviderError.HAS_ACTIVE_LEASES, Msgs.retire(addressOf(a)), a);
    resolve(id, Verdict.VERDICT_UPHELD);
    assertEquals(BOND * PARAMS.getSlashBps() / 10_000, market.dispute(id).getSlashed());
    assertEquals(0, market.providerRecord(a).getOpenProofs());
    market.ok(Msgs.retire(addressOf(a)), a);
    assertEquals(ProviderState.PROVIDER_STATE_RETIRED, market.providerRecord(a).getState());
  }

  @Test
  void aPendingProofAlsoHoldsBackRetirementUntilItIsAccepted() {
    market.ok(Msgs.closeLease(addressOf(tenant), lease), tenant);
    refusedAfterFee(ProviderError.HAS_ACTIVE_LEASES, Msgs.retire(addressOf(a)), a);
    chain.advanceTo(end());
    assertEquals(ProofState.PROOF_STATE_ACCEPTED, market.proof(proof).getState());
    assertEquals(0, market.providerRecord(a).getOpenProofs());
    market.ok(Msgs.retire(addressOf(a)), a);
  }

  /**
   * With max_end_block_items 1, the disputed lease's end waits a block behind another lease's. An
   * auditor's verdict in that block acts as of the height the waiting end is due, as end-block
   * will: it is not refused tx/OVERDUE and left to lapse in the provider's favour.
   */
  @Test
  void anUpholdActsAsOfTheDueHeightOfItsLeasesWaitingEnd() {
    market =
        MarketFixture.create(
            builder ->
                builder
                    .proofParams(PARAMS)
                    .marketParams(
                        MarketFixture.MARKET_PARAMS.toBuilder().setMaxEndBlockItems(1).build()));
    market.checkInvariantsEveryBlock();
    chain = market.chain();
    tenant = market.tenant();
    auditor = market.auditor();
    a = market.provider(0);
    market.councilDoes(Msgs.appointAuditor(addressOf(auditor)));
    market.registerProving(0, Msgs.gpus(RTX, 24, 8));
    long[] leases = new long[2];
    for (int i = 0; i < 2; i++) {
      long id =
          market.order(tenant, Msgs.orderBody(addressOf(tenant), 4, 24, 300_000, false, DEPOSIT));
      long bid = market.bid(a, id, 4, PRICE);
      leases[i] = market.nextLeaseId();
      market.ok(Msgs.accept(addressOf(tenant), id, bid), tenant);
    }
    chain.advanceTo(chain.height() + 10);
    long disputedProof = market.proveAllNow(leases).get(leases[1]);
    long id = market.nextDisputeId();
    market.ok(Msgs.dispute(addressOf(tenant), disputedProof, MIN), tenant);
    market.ok(
        List.of(Msgs.closeLease(addressOf(a), leases[0]), Msgs.closeLease(addressOf(a), leases[1])),
        a);
    long end = market.lease(leases[1]).getEndHeight();
    chain.advanceTo(end);
    assertEquals(
        LeaseState.LEASE_STATE_ACTIVE,
        market.lease(leases[1]).getState(),
        "its end waits for the budget");
    assertTrue(chain.height() < market.dispute(id).getDeadlineHeight());
    market.ok(Msgs.resolve(addressOf(auditor), id, Verdict.VERDICT_UPHELD), auditor);
    assertEquals(DisputeState.DISPUTE_STATE_UPHELD, market.dispute(id).getState());
    assertEquals(CloseReason.CLOSE_REASON_DISPUTE_LOST, market.lease(leases[1]).getCloseReason());
    assertEquals(end, market.lease(leases[1]).getClosedHeight(), "closed as of its due end");
    assertTrue(market.dispute(id).getSlashed() > 0);
  }
}
