package io.leasechain.ledger.proof;

import static io.leasechain.ledger.testing.MarketFixture.BID_DEPOSIT;
import static io.leasechain.ledger.testing.MarketFixture.addressOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.LedgerError;
import io.leasechain.ledger.bank.BankError;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.escrow.EscrowError;
import io.leasechain.ledger.escrow.EscrowKeeper;
import io.leasechain.ledger.escrow.proto.Escrow;
import io.leasechain.ledger.escrow.proto.EscrowState;
import io.leasechain.ledger.market.LeaseLifecycle;
import io.leasechain.ledger.market.proto.CloseReason;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.OrderState;
import io.leasechain.ledger.proof.proto.MsgSubmitProof;
import io.leasechain.ledger.proof.proto.Proof;
import io.leasechain.ledger.proof.proto.ProofDoc;
import io.leasechain.ledger.proof.proto.ProofParams;
import io.leasechain.ledger.proof.proto.ProofState;
import io.leasechain.ledger.proof.proto.Usage;
import io.leasechain.ledger.provider.ProviderError;
import io.leasechain.ledger.provider.proto.Reputation;
import io.leasechain.ledger.rewards.ProvenWork;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.testing.Outcomes;
import io.leasechain.ledger.testing.Proofs;
import io.leasechain.ledger.testing.TestChain;
import io.leasechain.ledger.tx.TxError;
import io.leasechain.ledger.tx.proto.Msg;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every rule and rejection code of submitting GPU job proofs and registering agent keys, and the
 * life of a proof: pending for its challenge window, then accepted (withdrawable); accrual left
 * unproven past the grace period goes back to the escrow; a lease without a proof for
 * max_unproven_blocks closes. One lease: provider A serves 4 nvidia-rtx-4090 at 251,000
 * micro-ulease each per block (1.004 ulease per block) from an order funded with 100,000 ulease. B
 * (same GPUs) also has a registered agent; H (nvidia-h100-80gb) has none. Short proof windows;
 * every invariant is checked after every block.
 */
class ProofRulesTest {

  static final ProofParams PARAMS =
      ProofParamsRules.DEFAULTS.toBuilder()
          .setChallengeWindow(20)
          .setGracePeriod(60)
          .setMaxUnprovenBlocks(150)
          .setDisputeTimeout(40)
          .build();

  private static final String RTX = "nvidia-rtx-4090";
  private static final String H100 = "nvidia-h100-80gb";
  private static final long MICRO = EscrowKeeper.MICRO;
  private static final long PRICE = 251_000;
  private static final long RATE = 4 * PRICE;
  private static final long DEPOSIT = 100_000;
  private static final long FEE = TestChain.DEFAULT_FEE;

  private MarketFixture market;
  private TestChain chain;
  private Ed25519PrivateKey tenant;
  private Ed25519PrivateKey a;
  private Ed25519PrivateKey b;
  private Ed25519PrivateKey h;
  private long order;
  private long lease;
  private long start;

  @BeforeEach
  void setUp() {
    market = MarketFixture.create(builder -> builder.proofParams(PARAMS));
    market.checkInvariantsEveryBlock();
    chain = market.chain();
    tenant = market.tenant();
    a = market.provider(0);
    b = market.provider(1);
    h = market.provider(2);
    market.registerProving(0, Msgs.gpus(RTX, 24, 4));
    market.registerProving(1, Msgs.gpus(RTX, 24, 4));
    market.registerApproved(2, Msgs.gpus(H100, 80, 8));
    order = market.order(tenant, Msgs.orderBody(addressOf(tenant), 4, 24, 300_000, false, DEPOSIT));
    long bid = market.bid(a, order, 4, PRICE);
    lease = market.nextLeaseId();
    market.ok(Msgs.accept(addressOf(tenant), order, bid), tenant);
    start = chain.height();
  }

  // ---- helpers ------------------------------------------------------------------------------

  private long next() {
    return chain.height() + 1;
  }

  private static Usage usage(long from, long to) {
    return Proofs.usage(RTX, 5L * 4 * (to - from));
  }

  /** A's proof of its lease from {@code from} to {@code to}, signed by A's agent. */
  private MsgSubmitProof.Builder body(long from, long to) {
    return Proofs.signed(
        chain.chainId(), addressOf(a), lease, from, to, usage(from, to), market.agent(a));
  }

  private static Msg msg(MsgSubmitProof.Builder body) {
    return Msgs.submitProof(body.build());
  }

  private void refusedAfterFee(LedgerError error, Msg msg, Ed25519PrivateKey signer) {
    market.assertRejectedAfterFee(error, msg, signer);
  }

  private void refusedBeforeFee(LedgerError error, Msg msg, Ed25519PrivateKey signer) {
    market.assertRejectedBeforeFee(error, msg, signer);
  }

  private Reputation reputation(Ed25519PrivateKey provider) {
    return market.providerRecord(provider).getReputation();
  }

  private static long payout(long micro) {
    return micro / MICRO;
  }

  private static long paidTo(long micro) {
    return payout(micro) - payout(micro) * 200 / 10_000;
  }

  private static List<String> types(BlockResult block) {
    List<Event> events = new ArrayList<>(block.events());
    block.txs().forEach(tx -> events.addAll(tx.events()));
    return events.stream().map(Event::type).toList();
  }

  // ---- agent keys ---------------------------------------------------------------------------

  @Test
  void agentKeysAreReplacedWholeAndOnlyRegisteredOnesSign() {
    Ed25519PrivateKey second = Proofs.agentKey(100);
    Ed25519PrivateKey third = Proofs.agentKey(101);
    market.ok(Msgs.setAgentKeys(addressOf(a), market.agent(a).publicKey(), second.publicKey()), a);
    assertEquals(
        List.of(
            ByteString.copyFrom(market.agent(a).publicKey().bytes()),
            ByteString.copyFrom(second.publicKey().bytes())),
        market.providerRecord(a).getAgentKeysList());
    // Either registered key signs.
    market.ok(
        msg(
            Proofs.signed(
                chain.chainId(), addressOf(a), lease, start, next(), usage(start, next()), second)),
        a);
    // A new set replaces the old: the first two keys no longer sign.
    market.ok(Msgs.setAgentKeys(addressOf(a), third.publicKey()), a);
    assertEquals(
        List.of(ByteString.copyFrom(third.publicKey().bytes())),
        market.providerRecord(a).getAgentKeysList());
    long from = market.lease(lease).getProvenThrough();
    refusedAfterFee(ProofError.UNKNOWN_AGENT_KEY, msg(body(from, next())), a);
    market.ok(
        msg(
            Proofs.signed(
                chain.chainId(), addressOf(a), lease, from, next(), usage(from, next()), third)),
        a);
  }

  @Test
  void invalidAgentKeysAreRefusedBeforeTheFee() {
    Address me = addressOf(a);
    refusedBeforeFee(ProofError.INVALID_AGENT_KEYS, Msgs.setAgentKeys(me), a);
    Ed25519PublicKey[] seventeen = new Ed25519PublicKey[17];
    for (int i = 0; i < seventeen.length; i++) {
      seventeen[i] = Proofs.agentKey(200 + i).publicKey();
    }
    refusedBeforeFee(ProofError.INVALID_AGENT_KEYS, Msgs.setAgentKeys(me, seventeen), a);
    market.ok(Msgs.setAgentKeys(me, Arrays.copyOf(seventeen, 16)), a); // sixteen is the most
    Ed25519PublicKey key = market.agent(a).publicKey();
    refusedBeforeFee(ProofError.INVALID_AGENT_KEYS, Msgs.setAgentKeys(me, key, key), a);
    refusedBeforeFee(
        ProofError.INVALID_AGENT_KEYS, Msgs.setAgentKeys(me, List.of(new byte[31])), a);
    byte[] identity = new byte[32];
    identity[0] = 1; // the neutral point: of small order, not a key
    refusedBeforeFee(ProofError.INVALID_AGENT_KEYS, Msgs.setAgentKeys(me, List.of(identity)), a);
    refusedBeforeFee(
        BankError.INVALID_ADDRESS,
        Msgs.submitProof(body(start, next()).setProvider("not-an-address").build()),
        a);
    Msg badOwner =
        Msg.newBuilder()
            .setSetAgentKeys(
                Msgs.setAgentKeys(me, key).getSetAgentKeys().toBuilder().setOwner("lease1xyz"))
            .build();
    refusedBeforeFee(BankError.INVALID_ADDRESS, badOwner, a);
  }

  @Test
  void onlyARegisteredProviderSetsAgentKeys() {
    refusedAfterFee(
        ProviderError.NOT_FOUND,
        Msgs.setAgentKeys(addressOf(tenant), Proofs.agentKey(5).publicKey()),
        tenant);
  }

  // ---- submitting ---------------------------------------------------------------------------

  @Test
  void aProofTurnsThePeriodsAccrualIntoAPendingPayment() {
    chain.advanceTo(start + 29);
    long escrowBefore = market.balance(ModuleAccount.ESCROW);
    Escrow escrowRecordBefore = market.escrow(order);
    long id = market.nextProofId();
    MsgSubmitProof sent = body(start, start + 30).build();
    market.ok(Msgs.submitProof(sent), a);
    long at = chain.height();
    assertEquals(start + 30, at);
    Proof proof = market.proof(id);
    assertEquals(
        Proof.newBuilder()
            .setId(id)
            .setLeaseId(lease)
            .setProvider(addressOf(a).toBech32())
            .setFromHeight(start)
            .setToHeight(start + 30)
            .setOutputRoot(sent.getOutputRoot())
            .setUsage(sent.getUsage())
            .setAgentPublicKey(ByteString.copyFrom(market.agent(a).publicKey().bytes()))
            .setSubmittedHeight(at)
            .setChallengeEndHeight(at + PARAMS.getChallengeWindow())
            .setState(ProofState.PROOF_STATE_PENDING)
            .setAmountMicro(RATE * 30)
            .build(),
        proof);
    Lease proven = market.lease(lease);
    assertEquals(start + 30, proven.getProvenThrough());
    assertEquals(start + 30 + PARAMS.getMaxUnprovenBlocks(), proven.getProofDeadline());
    assertEquals(0, LeaseLifecycle.owed(proven, at), "nothing accrued is left unproven");
    assertEquals(0, proven.getWithdrawableMicro(), "pending, not yet withdrawable");
    assertEquals(1, market.escrow(order).getPendingProofs());
    assertEquals(escrowBefore, market.balance(ModuleAccount.ESCROW), "no ulease moved");
    assertEquals(escrowRecordBefore.getBalanceMicro(), market.escrow(order).getBalanceMicro());
    assertEquals(
        escrowRecordBefore.getDepletionHeight(), market.escrow(order).getDepletionHeight());
    refusedAfterFee(EscrowError.NOTHING_TO_WITHDRAW, Msgs.withdrawLease(addressOf(a), lease), a);
  }

  @Test
  void aPeriodMayEndBeforeTheCurrentHeightAndTheNextStartsThere() {
    chain.advanceTo(start + 40);
    long first = market.nextProofId();
    market.ok(msg(body(start, start + 10)), a);
    assertEquals(start + 10, market.lease(lease).getProvenThrough());
    assertEquals(RATE * 10, market.proof(first).getAmountMicro());
    assertEquals(
        RATE * (chain.height() - start - 10),
        LeaseLifecycle.owed(market.lease(lease), chain.height()));
    // Two more contiguous periods in one tx.
    market.ok(List.of(msg(body(start + 10, start + 20)), msg(body(start + 20, next()))), a);
    assertEquals(chain.height(), market.lease(lease).getProvenThrough());
    assertEquals(3, market.escrow(order).getPendingProofs());
    assertEquals(RATE * 10, market.proof(first + 1).getAmountMicro());
    assertEquals(RATE * (chain.height() - start - 20), market.proof(first + 2).getAmountMicro());
  }

  @Test
  void malformedProofsAreRefusedBeforeTheFee() {
    long to = next();
    refusedBeforeFee(ProofError.INVALID_PROOF, msg(body(to, to)), a);
    refusedBeforeFee(ProofError.INVALID_PROOF, msg(body(start, to).setToHeight(start - 1)), a);
    refusedBeforeFee(
        ProofError.INVALID_PROOF,
        msg(body(start, to).setOutputRoot(ByteString.copyFrom(new byte[31]))),
        a);
    refusedBeforeFee(
        ProofError.INVALID_PROOF,
        msg(body(start, to).setOutputRoot(ByteString.copyFrom(new byte[33]))),
        a);
    refusedBeforeFee(
        ProofError.INVALID_PROOF,
        msg(body(start, to).setAgentPublicKey(ByteString.copyFrom(new byte[31]))),
        a);
    refusedBeforeFee(
        ProofError.INVALID_PROOF,
        msg(body(start, to).setAgentSignature(ByteString.copyFrom(new byte[63]))),
        a);
    refusedBeforeFee(
        ProofError.IMPLAUSIBLE_USAGE,
        msg(body(start, to).setUsage(Usage.newBuilder().setGpuSeconds(5))),
        a);
    refusedBeforeFee(
        ProofError.IMPLAUSIBLE_USAGE,
        msg(body(start, to).setUsage(Proofs.usage(RTX, -1))), // 2^64 - 1 on the wire
        a);
    refusedBeforeFee(
        ProofError.IMPLAUSIBLE_USAGE,
        msg(body(start, to).setUsage(Proofs.usage(RTX, 5).toBuilder().setPeakVramMib(-1))),
        a);
  }

  @Test
  void aProofOfAMissingLeaseIsRefused() {
    refusedAfterFee(
        ProofError.LEASE_NOT_FOUND,
        msg(
            Proofs.signed(
                chain.chainId(),
                addressOf(a),
                99,
                start,
                next(),
                usage(start, next()),
                market.agent(a))),
        a);
  }

  @Test
  void onlyTheLeasesProviderProvesIt() {
    // B signs with its own registered agent key: the lease is A's.
    refusedAfterFee(
        ProofError.NOT_LEASE_PROVIDER,
        msg(
            Proofs.signed(
                chain.chainId(),
                addressOf(b),
                lease,
                start,
                next(),
                usage(start, next()),
                market.agent(b))),
        b);
  }

  @Test
  void aLeaseTheTenantClosesStaysProvableUpToItsCloseForTheGracePeriod() {
    chain.advanceTo(start + 10);
    market.ok(Msgs.closeLease(addressOf(tenant), lease), tenant);
    long closedAt = chain.height();
    Lease closed = market.lease(lease);
    assertEquals(LeaseState.LEASE_STATE_CLOSED, closed.getState());
    assertEquals(RATE * (closedAt - start), closed.getUnpaidMicro(), "held for the provider");
    assertEquals(closedAt + PARAMS.getGracePeriod(), closed.getProofDeadline());
    assertEquals(EscrowState.ESCROW_STATE_OPEN, market.escrow(order).getState());
    refusedAfterFee(ProofError.PERIOD_AFTER_CLOSE, msg(body(start, closedAt + 1)), a);
    long aBefore = market.balance(a);
    long proof = market.nextProofId();
    market.ok(msg(body(start, closedAt)), a);
    assertEquals(RATE * (closedAt - start), market.proof(proof).getAmountMicro());
    assertEquals(0, market.lease(lease).getUnpaidMicro());
    assertEquals(0, market.lease(lease).getProofDeadline(), "nothing left to hold");
    chain.advanceTo(market.proof(proof).getChallengeEndHeight());
    assertEquals(EscrowState.ESCROW_STATE_CLOSED, market.escrow(order).getState());
    assertEquals(
        aBefore - FEE + paidTo(RATE * (closedAt - start)),
        market.balance(a),
        "the blocks used before the close are paid");
  }

  /**
   * A held lease may prove from before its close until grace_period blocks after it, so its start
   * may be nearly two grace periods old: its block time is still known and real GPU-seconds pass.
   */
  @Test
  void aHeldLeaseIsProvableWithItsRealGpuSecondsLateInTheGracePeriod() {
    chain.advanceTo(start + 10);
    market.ok(Msgs.closeLease(addressOf(tenant), lease), tenant);
    long closedAt = chain.height();
    chain.advanceTo(closedAt + PARAMS.getGracePeriod() - 5);
    assertTrue(LeaseLifecycle.holdsUnproven(market.lease(lease)), "still held");
    market.ok(msg(body(start, closedAt)), a);
  }

  /**
   * When two holds end at one height and the end-block budget releases one a block late, the late
   * one cannot be proven in between: its accrual is the tenant's once the grace period ended.
   */
  @Test
  void aHeldLeaseWhoseReleaseWaitsForTheBudgetIsNoLongerProvable() {
    MarketFixture tight =
        MarketFixture.create(
            builder ->
                builder
                    .proofParams(PARAMS)
                    .marketParams(
                        MarketFixture.MARKET_PARAMS.toBuilder().setMaxEndBlockItems(1).build()));
    TestChain tightChain = tight.chain();
    Ed25519PrivateKey owner = tight.tenant();
    Ed25519PrivateKey provider = tight.provider(0);
    tight.registerProving(0, Msgs.gpus(RTX, 24, 8));
    List<Msg> closes = new ArrayList<>();
    List<Long> leases = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      long held =
          tight.order(owner, Msgs.orderBody(addressOf(owner), 4, 24, 300_000, false, DEPOSIT));
      long bid = tight.bid(provider, held, 4, PRICE);
      leases.add(tight.nextLeaseId());
      tight.ok(Msgs.accept(addressOf(owner), held, bid), owner);
      closes.add(Msgs.closeLease(addressOf(owner), tight.nextLeaseId() - 1));
    }
    tightChain.advanceTo(tightChain.height() + 10);
    tight.ok(closes, owner);
    long closedAt = tightChain.height();
    tightChain.advanceTo(closedAt + PARAMS.getGracePeriod());
    List<Long> waiting =
        leases.stream().filter(id -> LeaseLifecycle.holdsUnproven(tight.lease(id))).toList();
    assertEquals(1, waiting.size(), "one release waits for the budget");
    Lease late = tight.lease(waiting.get(0));
    Outcomes.assertRejected(
        TxError.OVERDUE,
        tight.run(
            msg(
                Proofs.signed(
                    tightChain.chainId(),
                    addressOf(provider),
                    late.getId(),
                    late.getProvenThrough(),
                    closedAt,
                    Proofs.usage(RTX, 0),
                    tight.agent(provider))),
            provider));
    tightChain.emptyBlock();
    assertEquals(0, tight.lease(late.getId()).getUnpaidMicro(), "released to the tenant");
  }

  @Test
  void aLeaseThatRunsOutOfFundsStaysProvableForItsLastGracePeriod() {
    // 100 ulease at 1.004 ulease per block: dry before max_unproven_blocks.
    long small =
        market.order(tenant, Msgs.orderBody(addressOf(tenant), 4, 24, 300_000, false, 100));
    long bid = market.bid(b, small, 4, PRICE);
    long leaseB = market.nextLeaseId();
    market.ok(Msgs.accept(addressOf(tenant), small, bid), tenant);
    long from = chain.height();
    long dry = market.escrow(small).getDepletionHeight();
    assertTrue(dry < from + PARAMS.getMaxUnprovenBlocks(), "funds run out before proof_missing");
    chain.advanceTo(dry);
    Lease closed = market.lease(leaseB);
    assertEquals(CloseReason.CLOSE_REASON_OUT_OF_FUNDS, closed.getCloseReason());
    long cut = dry - PARAMS.getGracePeriod();
    assertEquals(cut, closed.getProvenThrough(), "older blocks went back at the close");
    assertEquals(RATE * PARAMS.getGracePeriod(), closed.getUnpaidMicro());
    long proof = market.nextProofId();
    market.ok(
        msg(
            Proofs.signed(
                chain.chainId(), addressOf(b), leaseB, cut, dry, usage(cut, dry), market.agent(b))),
        b);
    assertEquals(RATE * PARAMS.getGracePeriod(), market.proof(proof).getAmountMicro());
    chain.advanceTo(market.proof(proof).getChallengeEndHeight());
    Lease paid = market.lease(leaseB);
    assertEquals(payout(RATE * PARAMS.getGracePeriod()), paid.getPaid() + paid.getTaken());
    assertEquals(EscrowState.ESCROW_STATE_CLOSED, market.escrow(small).getState());
  }

  @Test
  void whatNobodyProvesAfterATenantCloseReturnsWhenTheGracePeriodEnds() {
    chain.advanceTo(start + 10);
    long tenantBefore = market.balance(tenant);
    market.ok(Msgs.closeLease(addressOf(tenant), lease), tenant);
    long closedAt = chain.height();
    chain.advanceTo(closedAt + PARAMS.getGracePeriod() - 1);
    assertEquals(tenantBefore - FEE, market.balance(tenant), "still held for a proof");
    chain.emptyBlock();
    assertEquals(tenantBefore - FEE + DEPOSIT, market.balance(tenant));
    assertEquals(EscrowState.ESCROW_STATE_CLOSED, market.escrow(order).getState());
    assertEquals(0, market.lease(lease).getUnpaidMicro());
    assertEquals(0, market.lease(lease).getProofDeadline());
    refusedAfterFee(ProofError.LEASE_NOT_ACTIVE, msg(body(start, closedAt)), a);
  }

  @Test
  void aPeriodMustStartWhereTheLastOneEnded() {
    chain.advanceTo(start + 20);
    refusedAfterFee(ProofError.PERIOD_NOT_CONTIGUOUS, msg(body(start + 1, start + 10)), a);
    market.ok(msg(body(start, start + 10)), a);
    refusedAfterFee(ProofError.PERIOD_NOT_CONTIGUOUS, msg(body(start + 5, start + 15)), a);
    refusedAfterFee(ProofError.PERIOD_NOT_CONTIGUOUS, msg(body(start, start + 15)), a);
    refusedAfterFee(ProofError.PERIOD_NOT_CONTIGUOUS, msg(body(start + 11, start + 15)), a);
    market.ok(msg(body(start + 10, start + 15)), a);
  }

  @Test
  void aPeriodCannotEndAfterTheCurrentHeight() {
    chain.advanceTo(start + 20);
    refusedAfterFee(ProofError.PERIOD_IN_FUTURE, msg(body(start, next() + 1)), a);
    market.ok(msg(body(start, next())), a);
  }

  @Test
  void anUnregisteredAgentKeyIsRefused() {
    chain.advanceTo(start + 5);
    refusedAfterFee(
        ProofError.UNKNOWN_AGENT_KEY,
        msg(
            Proofs.signed(
                chain.chainId(),
                addressOf(a),
                lease,
                start,
                next(),
                usage(start, next()),
                Proofs.agentKey(77))),
        a);
    // B's agent is registered, but by B: it does not sign for A.
    refusedAfterFee(
        ProofError.UNKNOWN_AGENT_KEY,
        msg(
            Proofs.signed(
                chain.chainId(),
                addressOf(a),
                lease,
                start,
                next(),
                usage(start, next()),
                market.agent(b))),
        a);
  }

  @Test
  void theSignatureMustCoverExactlyThisProofOnThisChain() {
    chain.advanceTo(start + 20);
    long to = start + 20;
    Ed25519PrivateKey agent = market.agent(a);
    // Signed for another chain.
    refusedAfterFee(
        ProofError.BAD_AGENT_SIGNATURE,
        msg(
            Proofs.signed(
                "leasechain-other", addressOf(a), lease, start, to, usage(start, to), agent)),
        a);
    // Signed over other facts than those sent: each field of the ProofDoc is bound.
    ProofDoc doc =
        Proofs.doc(
            chain.chainId(),
            lease,
            start,
            to,
            Proofs.outputRoot(lease, start, to),
            usage(start, to));
    List<ProofDoc> others =
        List.of(
            doc.toBuilder().setLeaseId(lease + 1).build(),
            doc.toBuilder().setFromHeight(start + 1).build(),
            doc.toBuilder().setToHeight(to - 1).build(),
            doc.toBuilder().setOutputRoot(Proofs.outputRoot(lease, start, to - 1)).build(),
            doc.toBuilder().setUsage(usage(start, to).toBuilder().setGpuSeconds(1)).build(),
            doc.toBuilder().setUsage(usage(start, to).toBuilder().setPeakVramMib(1)).build());
    for (ProofDoc signedDoc : others) {
      MsgSubmitProof.Builder sent =
          Proofs.signed(addressOf(a), doc, agent)
              .setAgentSignature(ByteString.copyFrom(agent.sign(signedDoc.toByteArray())));
      refusedAfterFee(ProofError.BAD_AGENT_SIGNATURE, msg(sent), a);
    }
    // Claims one registered key, signed by another registered key.
    Ed25519PrivateKey second = Proofs.agentKey(100);
    market.ok(Msgs.setAgentKeys(addressOf(a), agent.publicKey(), second.publicKey()), a);
    refusedAfterFee(
        ProofError.BAD_AGENT_SIGNATURE,
        msg(
            Proofs.signed(addressOf(a), doc, agent)
                .setAgentSignature(ByteString.copyFrom(second.sign(doc.toByteArray())))),
        a);
    market.ok(msg(Proofs.signed(addressOf(a), doc, agent)), a);
  }

  @Test
  void usageMustBePlausible() {
    chain.advanceTo(start + 20);
    long to = start + 20;
    long limit = 4L * 20 * PARAMS.getMaxGpuSecondsPerBlock();
    Ed25519PrivateKey agent = market.agent(a);
    refusedAfterFee(
        ProofError.IMPLAUSIBLE_USAGE,
        msg(
            Proofs.signed(
                chain.chainId(), addressOf(a), lease, start, to, Proofs.usage(H100, 10), agent)),
        a);
    refusedAfterFee(
        ProofError.IMPLAUSIBLE_USAGE,
        msg(
            Proofs.signed(
                chain.chainId(),
                addressOf(a),
                lease,
                start,
                to,
                Proofs.usage(RTX, limit + 1),
                agent)),
        a);
    // 20 blocks of 5 seconds: 4 GPUs ran at most 400 GPU-seconds, below the per-block bound.
    long ran = 4L * 20 * TestChain.BLOCK_SECONDS;
    assertTrue(ran < limit);
    refusedAfterFee(
        ProofError.IMPLAUSIBLE_USAGE,
        msg(
            Proofs.signed(
                chain.chainId(),
                addressOf(a),
                lease,
                start,
                to,
                Proofs.usage(RTX, ran + 1),
                agent)),
        a);
    long id = market.nextProofId();
    market.ok(
        msg(
            Proofs.signed(
                chain.chainId(), addressOf(a), lease, start, to, Proofs.usage(RTX, ran), agent)),
        a);
    assertEquals(ran, market.proof(id).getUsage().getGpuSeconds(), "the bound itself is fine");
  }

  /**
   * CheckTx cannot know the time of the coming block, so it lets through a proof of a period ending
   * there with more GPU-seconds than that time allows; FinalizeBlock refuses it.
   */
  @Test
  void theBlockTimeBoundOfAPeriodEndingAtTheComingBlockIsCheckedInTheBlock() {
    chain.advanceTo(start + 19);
    long to = next();
    byte[] tx =
        chain.sign(
            msg(
                Proofs.signed(
                    chain.chainId(),
                    addressOf(a),
                    lease,
                    start,
                    to,
                    Proofs.usage(RTX, 4L * 20 * TestChain.BLOCK_SECONDS + 1),
                    market.agent(a))),
            a);
    Outcomes.assertOk(chain.checkTx(tx));
    Outcomes.assertRejected(
        ProofError.IMPLAUSIBLE_USAGE, chain.finalizeBlock(List.of(tx)).txs().get(0));
  }

  /**
   * Block times are kept for the heights a proof can still start at, two grace periods back (a held
   * lease's accrual up to a grace period after its close), and no longer.
   */
  @Test
  void blockTimesAreKeptOnlyWithinTwoGracePeriods() {
    chain.advanceTo(start + 300);
    int kept = 0;
    for (var scan = chain.committed().scanPrefix(Keys.of(KeySpace.BLOCK_TIME)); scan.hasNext(); ) {
      scan.next();
      kept++;
    }
    assertEquals(
        2 * PARAMS.getGracePeriod() + 1 + 1, kept, "heights h - 2 grace .. h, and the oldest");
  }

  @Test
  void theModelMustBeTheProvidersWhichCannotChangeUnderALease() {
    // An order for RTX GPUs only, won by B; B cannot re-register its GPUs as H100s meanwhile.
    long rtxOnly =
        market.order(
            tenant,
            Msgs.orderBody(addressOf(tenant), 4, 24, 300_000, false, 10_000)
                .setSpec(
                    io.leasechain.ledger.market.proto.ResourceSpec.newBuilder()
                        .setGpuUnits(4)
                        .addGpuModels(RTX)));
    long bid = market.bid(b, rtxOnly, 4, PRICE);
    long leaseB = market.nextLeaseId();
    market.ok(Msgs.accept(addressOf(tenant), rtxOnly, bid), tenant);
    long from = chain.height();
    refusedAfterFee(
        ProviderError.HAS_ACTIVE_LEASES,
        Msgs.update(Msgs.updateBody(addressOf(b), Msgs.gpus(H100, 80, 4))),
        b);
    Outcomes.assertRejected(
        ProofError.IMPLAUSIBLE_USAGE,
        runAndReturn(
            Proofs.signed(
                chain.chainId(),
                addressOf(b),
                leaseB,
                from,
                next(),
                Proofs.usage(H100, 10),
                market.agent(b)),
            b));
    assertTrue(lastLog.contains("runs on " + RTX), lastLog);
  }

  /** peak_vram_mib is the most memory used on any one GPU: at most the provider's vram_gib. */
  @Test
  void peakVramMustFitOneGpu() {
    chain.advanceTo(start + 20);
    long to = start + 20;
    long vramMib = 24L * 1024;
    Ed25519PrivateKey agent = market.agent(a);
    Usage over = usage(start, to).toBuilder().setPeakVramMib(vramMib + 1).build();
    Outcomes.assertRejected(
        ProofError.IMPLAUSIBLE_USAGE,
        runAndReturn(
            Proofs.signed(chain.chainId(), addressOf(a), lease, start, to, over, agent), a));
    assertTrue(lastLog.contains("peak_vram_mib"), lastLog);
    Usage full = usage(start, to).toBuilder().setPeakVramMib(vramMib).build();
    long id = market.nextProofId();
    market.ok(msg(Proofs.signed(chain.chainId(), addressOf(a), lease, start, to, full, agent)), a);
    assertEquals(vramMib, market.proof(id).getUsage().getPeakVramMib(), "a full GPU is fine");
  }

  private String lastLog = "";

  private io.leasechain.ledger.TxOutcome runAndReturn(
      MsgSubmitProof.Builder body, Ed25519PrivateKey signer) {
    io.leasechain.ledger.TxOutcome outcome = market.run(msg(body), signer);
    lastLog = outcome.log();
    return outcome;
  }

  // ---- params -------------------------------------------------------------------------------

  @Test
  void theCouncilChangesProofParamsForLaterProofs() {
    chain.advanceTo(start + 10);
    long first = market.proveNow(lease);
    assertEquals(chain.height() + 20, market.proof(first).getChallengeEndHeight());
    Address m0 = market.memberAddress(0);
    for (ProofParams invalid :
        List.of(
            PARAMS.toBuilder().setMaxUnprovenBlocks(PARAMS.getGracePeriod()).build(),
            PARAMS.toBuilder().setChallengeWindow(0).build(),
            PARAMS.toBuilder().setDisputeTimeout(0).build(),
            PARAMS.toBuilder().setMaxGpuSecondsPerBlock(0).build(),
            PARAMS.toBuilder().setSlashBps(10_001).build(),
            PARAMS.toBuilder().setSlashToTenantBps(10_001).build(),
            PARAMS.toBuilder().setMaxUnprovenBlocks(100_000_001).build(),
            PARAMS.toBuilder().setMinDisputeDeposit(-1).build(),
            PARAMS.toBuilder().setMinDisputeDeposit(0).build())) {
      market.assertRejectedBeforeFee(
          io.leasechain.ledger.authority.AuthorityError.INVALID_PARAMS,
          Msgs.propose(
              m0,
              Msgs.setParams(
                  io.leasechain.ledger.authority.proto.SetParams.newBuilder()
                      .setProof(invalid)
                      .build()),
              market.memberAddress(1)),
          market.member(0),
          market.member(1));
    }
    ProofParams shorter =
        PARAMS.toBuilder().setChallengeWindow(5).setMaxUnprovenBlocks(100).build();
    market.councilDoes(
        Msgs.setParams(
            io.leasechain.ledger.authority.proto.SetParams.newBuilder().setProof(shorter).build()));
    assertEquals(shorter, market.proofParams());
    assertEquals(
        market.proof(first).getToHeight() + PARAMS.getMaxUnprovenBlocks(),
        market.lease(lease).getProofDeadline(),
        "a deadline already set stays");
    long second = market.proveNow(lease);
    assertEquals(chain.height() + 5, market.proof(second).getChallengeEndHeight());
    assertEquals(chain.height() + 100, market.lease(lease).getProofDeadline());
  }

  @Test
  void aGenesisWithInvalidProofParamsIsRefused() {
    IllegalArgumentException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                TestChain.builder()
                    .accounts(1, TestChain.DEFAULT_BALANCE)
                    .proofParams(
                        PARAMS.toBuilder().setMaxUnprovenBlocks(PARAMS.getGracePeriod()).build())
                    .build());
    assertTrue(refused.getMessage().contains("proof.max_unproven_blocks"), refused.getMessage());
  }

  // ---- the grace period ---------------------------------------------------------------------

  @Test
  void aPeriodProvenWithinTheGracePeriodKeepsAllItsAccrual() {
    // In block start + 60 the cut is start + 60 - 60 = start: nothing is forfeited yet.
    chain.advanceTo(start + PARAMS.getGracePeriod() - 1);
    long escrowMicro = market.escrow(order).getBalanceMicro();
    long id = market.proveNow(lease);
    assertEquals(start + PARAMS.getGracePeriod(), chain.height());
    assertEquals(RATE * PARAMS.getGracePeriod(), market.proof(id).getAmountMicro());
    assertEquals(start, market.proof(id).getFromHeight());
    assertEquals(escrowMicro, market.escrow(order).getBalanceMicro(), "nothing came back");
  }

  @Test
  void accrualOlderThanTheGracePeriodGoesBackToTheEscrow() {
    chain.advanceTo(start + 99);
    long at = next();
    long cut = at - PARAMS.getGracePeriod();
    assertEquals(start + 40, cut);
    // From where the lease was proven through: refused, and nothing is forfeited by the attempt.
    io.leasechain.ledger.TxOutcome late = market.run(msg(body(start, at)), a);
    Outcomes.assertRejected(ProofError.PERIOD_NOT_CONTIGUOUS, late);
    assertTrue(late.log().contains("proven through height " + cut), late.log());
    assertEquals(start, market.lease(lease).getProvenThrough());
    Escrow before = market.escrow(order);
    long depletionBefore = before.getDepletionHeight();
    // From the cut: the blocks before it return to the escrow, the rest is proven.
    at = next();
    cut = at - PARAMS.getGracePeriod();
    long id = market.nextProofId();
    market.ok(msg(body(cut, at)), a);
    long forfeited = RATE * (cut - start);
    Escrow after = market.escrow(order);
    assertEquals(at, after.getSettledHeight());
    assertEquals(
        DEPOSIT * MICRO - RATE * (at - start) + forfeited,
        after.getBalanceMicro(),
        "the escrow paid for every block and got the forfeited ones back");
    assertEquals(at + after.getBalanceMicro() / RATE, after.getDepletionHeight(), "runs dry later");
    assertEquals(depletionBefore + (cut - start), after.getDepletionHeight());
    assertEquals(RATE * (at - cut), market.proof(id).getAmountMicro());
    assertEquals(cut, market.proof(id).getFromHeight());
    Lease proven = market.lease(lease);
    assertEquals(at, proven.getProvenThrough());
    assertEquals(at + PARAMS.getMaxUnprovenBlocks(), proven.getProofDeadline());
    assertEquals(0, LeaseLifecycle.owed(proven, at));
  }

  @Test
  void oneBlockPastTheGracePeriodForfeitsExactlyOneBlock() {
    chain.advanceTo(start + PARAMS.getGracePeriod());
    Escrow before = market.escrow(order);
    assertEquals(start, before.getSettledHeight());
    long at = next();
    refusedAfterFee(ProofError.PERIOD_NOT_CONTIGUOUS, msg(body(start, at)), a);
    at = next();
    market.ok(msg(body(at - PARAMS.getGracePeriod(), at)), a);
    assertEquals(start + 2, at - PARAMS.getGracePeriod());
    assertEquals(
        before.getBalanceMicro() - RATE * (at - start) + RATE * 2,
        market.escrow(order).getBalanceMicro(),
        "settled to this block, plus the two blocks now past the grace period");
  }

  // ---- acceptance ---------------------------------------------------------------------------

  @Test
  void aPendingProofIsAcceptedExactlyAtTheEndOfItsWindow() {
    chain.advanceTo(start + 29);
    long id = market.proveNow(lease);
    long end = market.proof(id).getChallengeEndHeight();
    assertEquals(start + 30 + PARAMS.getChallengeWindow(), end);
    chain.advanceTo(end - 1);
    assertEquals(ProofState.PROOF_STATE_PENDING, market.proof(id).getState());
    assertEquals(0, market.lease(lease).getWithdrawableMicro());
    assertEquals(0, reputation(a).getProofsAccepted());
    BlockResult block = chain.emptyBlock();
    assertTrue(types(block).contains("proof_accepted"), types(block).toString());
    assertEquals(ProofState.PROOF_STATE_ACCEPTED, market.proof(id).getState());
    assertEquals(RATE * 30, market.lease(lease).getWithdrawableMicro());
    assertEquals(0, market.escrow(order).getPendingProofs());
    assertEquals(1, reputation(a).getProofsAccepted());
    assertEquals(
        List.of(
            new ProvenWork.Entry(
                addressOf(a), 5L * 4 * 30, RATE * 30, RATE * 30 / 1_000_000 * 200 / 10_000)),
        ProvenWork.of(chain.committed(), 0),
        "the proof's payment and the take it owes count for this epoch's rewards");
    long aBefore = market.balance(a);
    market.ok(Msgs.withdrawLease(addressOf(a), lease), a);
    assertEquals(aBefore - FEE + paidTo(RATE * 30), market.balance(a));
  }

  // ---- the proof deadline -------------------------------------------------------------------

  @Test
  void aLeaseNeverProvenClosesExactlyAtItsProofDeadline() {
    long deadline = start + PARAMS.getMaxUnprovenBlocks();
    assertEquals(deadline, market.lease(lease).getProofDeadline());
    long aBefore = market.balance(a);
    long tenantBefore = market.balance(tenant);
    chain.advanceTo(deadline - 1);
    assertEquals(LeaseState.LEASE_STATE_ACTIVE, market.lease(lease).getState());
    chain.emptyBlock();
    Lease closed = market.lease(lease);
    assertEquals(LeaseState.LEASE_STATE_CLOSED, closed.getState());
    assertEquals(CloseReason.CLOSE_REASON_PROOF_MISSING, closed.getCloseReason());
    assertEquals(deadline, closed.getClosedHeight());
    assertEquals(0, closed.getPaid());
    assertEquals(aBefore, market.balance(a), "a lease won and never served costs the bid deposit");
    assertEquals(0, closed.getBidDeposit());
    assertEquals(
        tenantBefore + DEPOSIT + BID_DEPOSIT,
        market.balance(tenant),
        "every unproven block goes back, and the forfeited bid deposit with it");
    assertEquals(OrderState.ORDER_STATE_CLOSED, market.order(order).getState());
    assertEquals(EscrowState.ESCROW_STATE_CLOSED, market.escrow(order).getState());
    assertEquals(1, reputation(a).getLeasesClosedEarly());
    assertEquals(0, reputation(a).getLeasesCompleted());
  }

  @Test
  void eachProofMovesTheDeadlineAndAProofInTheDeadlineBlockSavesTheLease() {
    long deadline = start + PARAMS.getMaxUnprovenBlocks();
    chain.advanceTo(deadline - 1);
    // In the deadline block itself the proof comes first; only the last grace period is provable.
    long cut = deadline - PARAMS.getGracePeriod();
    long first = market.nextProofId();
    market.ok(msg(body(cut, deadline)), a);
    assertEquals(deadline, chain.height());
    assertEquals(LeaseState.LEASE_STATE_ACTIVE, market.lease(lease).getState());
    assertEquals(RATE * PARAMS.getGracePeriod(), market.proof(first).getAmountMicro());
    long newDeadline = deadline + PARAMS.getMaxUnprovenBlocks();
    assertEquals(newDeadline, market.lease(lease).getProofDeadline());
    chain.advanceTo(market.proof(first).getChallengeEndHeight());
    long accepted = market.lease(lease).getWithdrawableMicro();
    assertEquals(RATE * PARAMS.getGracePeriod(), accepted);
    long aBefore = market.balance(a);
    long tenantBefore = market.balance(tenant);
    chain.advanceTo(newDeadline - 1);
    assertEquals(LeaseState.LEASE_STATE_ACTIVE, market.lease(lease).getState());
    chain.emptyBlock();
    Lease closed = market.lease(lease);
    assertEquals(CloseReason.CLOSE_REASON_PROOF_MISSING, closed.getCloseReason());
    assertEquals(newDeadline, closed.getClosedHeight());
    assertEquals(paidTo(accepted), closed.getPaid(), "accepted proofs are paid at the close");
    assertEquals(aBefore + paidTo(accepted), market.balance(a), "the bid deposit is forfeited");
    assertEquals(
        tenantBefore + DEPOSIT - payout(accepted) + BID_DEPOSIT,
        market.balance(tenant),
        "the tenant gets back all but the whole ulease paid for the proven period, and the bid"
            + " deposit");
    assertEquals(0, market.balance(ModuleAccount.ESCROW));
    assertEquals(1, reputation(a).getLeasesClosedEarly());
  }

  /**
   * A tenant close frees the provider's units, so it may retire; a retired provider's bond goes
   * back after unbonding, so it may no longer prove the accrual held for it (which goes back to the
   * tenant at the grace period's end), and the registry's open-proof count stays true.
   */
  @Test
  void aRetiredProviderMayNotProveTheLeaseItsTenantClosed() {
    chain.advanceTo(start + 10);
    market.ok(Msgs.closeLease(addressOf(tenant), lease), tenant);
    long closedAt = chain.height();
    market.ok(Msgs.retire(addressOf(a)), a);
    refusedAfterFee(ProofError.PROVIDER_RETIRED, msg(body(start, closedAt)), a);
    assertEquals(0, market.providerRecord(a).getOpenProofs());
    long tenantBefore = market.balance(tenant);
    chain.advanceTo(closedAt + PARAMS.getGracePeriod() + 1);
    assertEquals(0, market.lease(lease).getProofDeadline(), "the hold ended");
    assertEquals(
        tenantBefore + DEPOSIT,
        market.balance(tenant),
        "the held accrual went back to the tenant with the rest of the escrow");
  }

  /**
   * Winning with the cheapest bid and never proving costs the whole bid deposit, also when the
   * provider gives notice at once: the notice ends long before the proof deadline would.
   */
  @Test
  void aProviderThatGivesNoticeAndNeverProvesForfeitsItsBidDeposit() {
    long tenantBefore = market.balance(tenant);
    long providerBefore = market.balance(a);
    market.ok(Msgs.closeLease(addressOf(a), lease), a);
    chain.advanceTo(market.lease(lease).getEndHeight() + 1);
    assertEquals(LeaseState.LEASE_STATE_CLOSED, market.lease(lease).getState());
    assertEquals(CloseReason.CLOSE_REASON_PROVIDER, market.lease(lease).getCloseReason());
    assertEquals(providerBefore - FEE, market.balance(a), "the bid deposit did not come back");
    assertEquals(
        tenantBefore + DEPOSIT + BID_DEPOSIT,
        market.balance(tenant),
        "the tenant: the escrow back and the forfeited bid deposit");
  }

  /** A provider that proves up to the end of its notice served the lease: its deposit returns. */
  @Test
  void aProviderThatProvesThroughItsNoticeGetsItsBidDepositBack() {
    market.ok(Msgs.closeLease(addressOf(a), lease), a);
    long end = market.lease(lease).getEndHeight();
    long providerBefore = market.balance(a);
    for (long from = start; from < end; from += PARAMS.getGracePeriod() / 2) {
      long to = Math.min(end - 1, from + PARAMS.getGracePeriod() / 2);
      chain.advanceTo(to);
      market.ok(msg(body(market.lease(lease).getProvenThrough(), to)), a);
    }
    chain.advanceTo(end + 1);
    assertEquals(CloseReason.CLOSE_REASON_PROVIDER, market.lease(lease).getCloseReason());
    assertTrue(
        market.balance(a) >= providerBefore + BID_DEPOSIT - 10 * FEE,
        "the bid deposit came back to a provider that served its notice");
  }
}
