package io.leasechain.ledger.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hex;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.LedgerError;
import io.leasechain.ledger.TxOutcome;
import io.leasechain.ledger.authority.AuthorityKeeper;
import io.leasechain.ledger.authority.proto.AuthorityParams;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.authority.proto.Proposal;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.bank.proto.Account;
import io.leasechain.ledger.escrow.EscrowKeeper;
import io.leasechain.ledger.escrow.proto.Escrow;
import io.leasechain.ledger.escrow.proto.EscrowParams;
import io.leasechain.ledger.invariant.Invariants;
import io.leasechain.ledger.market.MarketKeeper;
import io.leasechain.ledger.market.proto.Bid;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.MarketParams;
import io.leasechain.ledger.market.proto.MsgCreateOrder;
import io.leasechain.ledger.market.proto.Order;
import io.leasechain.ledger.proof.ProofKeeper;
import io.leasechain.ledger.proof.ProofParamsRules;
import io.leasechain.ledger.proof.proto.Dispute;
import io.leasechain.ledger.proof.proto.MsgSubmitProof;
import io.leasechain.ledger.proof.proto.Proof;
import io.leasechain.ledger.proof.proto.ProofParams;
import io.leasechain.ledger.provider.ProviderKeeper;
import io.leasechain.ledger.provider.proto.Attributes;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.provider.proto.ProviderParams;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.Write;
import io.leasechain.ledger.tx.proto.Msg;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A chain set up for market tests: a 2-of-3 council (keys 0-2), an auditor (3), tenants (4, 5) and
 * provider accounts (6-11), each funded with {@link TestChain#DEFAULT_BALANCE}; small bonds,
 * deposits and windows so scenarios stay short. Offers one-line steps (register and approve a
 * provider, create an order, bid) and the two rejection checks every rule test needs.
 */
public final class MarketFixture {

  public static final int COUNCIL_THRESHOLD = 2;
  public static final int AUDITOR = 3;
  public static final int TENANT = 4;
  public static final int OTHER_TENANT = 5;
  public static final int FIRST_PROVIDER = 6;
  public static final int PROVIDERS = 6;

  public static final ProviderParams PROVIDER_PARAMS =
      ProviderParams.newBuilder()
          .setMinBond(1_000_000)
          .setUnbondingBlocks(10)
          .setMaxLabels(4)
          .build();
  public static final MarketParams MARKET_PARAMS =
      MarketParams.newBuilder()
          .setMinBidDeposit(1_000)
          .setMaxBidsPerOrder(8)
          .setMinBidWindow(1)
          .setMaxBidWindow(1_000)
          .setProviderCloseNotice(5)
          .setMinOrderDeposit(10)
          .setMaxEndBlockItems(1_000)
          .build();
  public static final EscrowParams ESCROW_PARAMS =
      EscrowParams.newBuilder().setTakeRateBps(200).build();
  public static final AuthorityParams AUTHORITY_PARAMS =
      AuthorityParams.newBuilder().setProposalTtlBlocks(20).build();

  public static final long BOND = 5_000_000;
  public static final long BID_DEPOSIT = 2_000;

  private final TestChain chain;

  private MarketFixture(TestChain chain) {
    this.chain = chain;
  }

  /** The default fixture. */
  public static MarketFixture create() {
    return create(builder -> {});
  }

  /** The fixture with genesis adjusted by {@code tweak} (e.g. other params). */
  public static MarketFixture create(Consumer<TestChain.Builder> tweak) {
    TestChain.Builder builder =
        TestChain.builder()
            .accounts(FIRST_PROVIDER + PROVIDERS, TestChain.DEFAULT_BALANCE)
            .council(COUNCIL_THRESHOLD, 0, 1, 2)
            .providerParams(PROVIDER_PARAMS)
            .marketParams(MARKET_PARAMS)
            .escrowParams(ESCROW_PARAMS)
            .authorityParams(AUTHORITY_PARAMS);
    tweak.accept(builder);
    return new MarketFixture(builder.build());
  }

  public TestChain chain() {
    return chain;
  }

  // ---- identities -------------------------------------------------------------------------

  public Ed25519PrivateKey member(int i) {
    return chain.keyAt(i);
  }

  public Address memberAddress(int i) {
    return chain.address(i);
  }

  public Ed25519PrivateKey auditor() {
    return chain.keyAt(AUDITOR);
  }

  public Ed25519PrivateKey tenant() {
    return chain.keyAt(TENANT);
  }

  public Ed25519PrivateKey otherTenant() {
    return chain.keyAt(OTHER_TENANT);
  }

  /** Provider account {@code i} (0-based among the provider accounts). */
  public Ed25519PrivateKey provider(int i) {
    return chain.keyAt(FIRST_PROVIDER + i);
  }

  public static Address addressOf(Ed25519PrivateKey key) {
    return key.publicKey().address();
  }

  // ---- running txs ------------------------------------------------------------------------

  /** Signs {@code msgs} with {@code signers} and runs them alone in the next block. */
  public TxOutcome run(List<Msg> msgs, Ed25519PrivateKey... signers) {
    return chain.deliver(chain.sign(msgs, signers));
  }

  public TxOutcome run(Msg msg, Ed25519PrivateKey... signers) {
    return run(List.of(msg), signers);
  }

  /** Runs {@code msg} in the next block and asserts it succeeded. */
  public TxOutcome ok(Msg msg, Ed25519PrivateKey... signers) {
    TxOutcome outcome = run(msg, signers);
    Outcomes.assertOk(outcome);
    return outcome;
  }

  public TxOutcome ok(List<Msg> msgs, Ed25519PrivateKey... signers) {
    TxOutcome outcome = run(msgs, signers);
    Outcomes.assertOk(outcome);
    return outcome;
  }

  /** The council acts in one tx signed by the first {@code COUNCIL_THRESHOLD} members. */
  public void councilDoes(CouncilAction action) {
    ok(Msgs.propose(memberAddress(0), action, memberAddress(1)), member(0), member(1));
  }

  /** Registers provider {@code i} with {@code attributes} and has the council approve it. */
  public Address registerApproved(int i, Attributes attributes) {
    Address address = register(i, attributes);
    councilDoes(Msgs.approveProvider(address));
    return address;
  }

  /** Registers provider {@code i} (left pending). */
  public Address register(int i, Attributes attributes) {
    Address address = addressOf(provider(i));
    ok(Msgs.register(address, attributes, BOND), provider(i));
    return address;
  }

  /** Creates an order in the next block and returns its id. */
  public long order(Ed25519PrivateKey tenant, MsgCreateOrder.Builder body) {
    long id = MarketKeeper.ORDER_IDS.peek(chain.committed());
    ok(Msgs.order(body.setTenant(addressOf(tenant).toBech32())), tenant);
    return id;
  }

  /** Places a bid in the next block and returns its id. */
  public long bid(Ed25519PrivateKey provider, long orderId, int units, long price) {
    long id = MarketKeeper.BID_IDS.peek(chain.committed());
    ok(Msgs.bid(addressOf(provider), orderId, units, price, BID_DEPOSIT), provider);
    return id;
  }

  public long nextLeaseId() {
    return MarketKeeper.LEASE_IDS.peek(chain.committed());
  }

  public long nextProposalId() {
    return AuthorityKeeper.PROPOSAL_IDS.peek(chain.committed());
  }

  // ---- reading state ----------------------------------------------------------------------

  public Order order(long id) {
    return MarketKeeper.order(chain.committed(), id);
  }

  public Bid bid(long orderId, long bidId) {
    return MarketKeeper.bid(chain.committed(), orderId, bidId);
  }

  public Lease lease(long id) {
    return MarketKeeper.lease(chain.committed(), id);
  }

  public Escrow escrow(long orderId) {
    return EscrowKeeper.get(chain.committed(), orderId);
  }

  public Provider providerRecord(Ed25519PrivateKey provider) {
    return ProviderKeeper.get(chain.committed(), addressOf(provider));
  }

  public Proposal proposal(long id) {
    return AuthorityKeeper.proposal(chain.committed(), id);
  }

  public long balance(Ed25519PrivateKey key) {
    return chain.balance(addressOf(key));
  }

  public long balance(ModuleAccount module) {
    return chain.balance(module.address());
  }

  public Proof proof(long id) {
    return ProofKeeper.proof(chain.committed(), id);
  }

  public Dispute dispute(long id) {
    return ProofKeeper.dispute(chain.committed(), id);
  }

  public ProofParams proofParams() {
    return ProofParamsRules.STORE.get(chain.committed());
  }

  public long nextProofId() {
    return ProofKeeper.PROOF_IDS.peek(chain.committed());
  }

  public long nextDisputeId() {
    return ProofKeeper.DISPUTE_IDS.peek(chain.committed());
  }

  /**
   * Every invariant of the ledger's registry holds at the chain's height, and so do the proof
   * module's properties {@link ProofChecks} computes.
   */
  public void assertInvariants() {
    List<String> broken = new ArrayList<>(Invariants.broken(chain.committed(), chain.height()));
    broken.addAll(ProofChecks.broken(chain.committed(), chain.height(), chain.genesisSupply()));
    assertEquals(List.of(), broken, "at height " + chain.height());
  }

  /** From now on {@link #assertInvariants} runs after every block the chain commits. */
  public MarketFixture checkInvariantsEveryBlock() {
    chain.afterEveryBlock(this::assertInvariants);
    return this;
  }

  // ---- proofs -----------------------------------------------------------------------------

  /** The key of the funded account at {@code address}. */
  public Ed25519PrivateKey keyOf(Address address) {
    for (int i = 0; i < chain.accountCount(); i++) {
      if (chain.address(i).equals(address)) {
        return chain.keyAt(i);
      }
    }
    throw new IllegalArgumentException("no key for " + address);
  }

  private int indexOf(Address address) {
    for (int i = 0; i < chain.accountCount(); i++) {
      if (chain.address(i).equals(address)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no key for " + address);
  }

  /** The job-agent key of the provider with account key {@code provider}. */
  public Ed25519PrivateKey agent(Ed25519PrivateKey provider) {
    return Proofs.agentKey(indexOf(addressOf(provider)));
  }

  /** The provider registers its job agent's key. */
  public void registerAgent(Ed25519PrivateKey provider) {
    ok(Msgs.setAgentKeys(addressOf(provider), agent(provider).publicKey()), provider);
  }

  /** Registers provider {@code i}, has the council approve it and registers its agent key. */
  public Address registerProving(int i, Attributes attributes) {
    Address address = registerApproved(i, attributes);
    registerAgent(provider(i));
    return address;
  }

  /** The GPU-seconds the test agents report: 5 per GPU unit per block, half the default bound. */
  public static long gpuSeconds(Lease lease, long from, long to) {
    return 5L * lease.getGpuUnits() * (to - from);
  }

  /**
   * A valid signed proof of lease {@code leaseId} from where it is proven through (as committed) to
   * {@code to}, by its provider's agent, reporting the provider's GPU model.
   */
  public MsgSubmitProof.Builder proofBody(long leaseId, long to) {
    Lease lease = lease(leaseId);
    long from = lease.getProvenThrough();
    Address provider = Address.fromBech32(lease.getProvider());
    String model = ProviderKeeper.get(chain.committed(), provider).getAttributes().getGpuModel();
    return Proofs.signed(
        chain.chainId(),
        provider,
        leaseId,
        from,
        to,
        Proofs.usage(model, gpuSeconds(lease, from, to)),
        agent(keyOf(provider)));
  }

  public Msg proofMsg(long leaseId, long to) {
    return Msgs.submitProof(proofBody(leaseId, to).build());
  }

  /** The lease's provider proves it up to {@code to} in the next block; returns the proof id. */
  public long prove(long leaseId, long to) {
    long id = nextProofId();
    Lease lease = lease(leaseId);
    ok(proofMsg(leaseId, to), keyOf(Address.fromBech32(lease.getProvider())));
    return id;
  }

  /** The lease's provider proves it up to the next block, in that block; returns the proof id. */
  public long proveNow(long leaseId) {
    return prove(leaseId, chain.height() + 1);
  }

  /**
   * One block in which the provider of every still-active lease of {@code leaseIds} proves it up to
   * that block (one tx per provider); returns the proof ids by lease.
   */
  public Map<Long, Long> proveAllNow(long... leaseIds) {
    long to = chain.height() + 1;
    Map<Address, List<Msg>> byProvider = new LinkedHashMap<>();
    Map<Long, Long> ids = new LinkedHashMap<>();
    long next = nextProofId();
    for (long leaseId : leaseIds) {
      Lease lease = lease(leaseId);
      if (lease.getState() != LeaseState.LEASE_STATE_ACTIVE || lease.getProvenThrough() >= to) {
        continue;
      }
      byProvider
          .computeIfAbsent(Address.fromBech32(lease.getProvider()), a -> new ArrayList<>())
          .add(proofMsg(leaseId, to));
      ids.put(leaseId, next++);
    }
    List<byte[]> txs = new ArrayList<>();
    byProvider.forEach((provider, msgs) -> txs.add(chain.sign(msgs, keyOf(provider))));
    BlockResult block = chain.finalizeBlock(txs);
    block.txs().forEach(Outcomes::assertOk);
    return ids;
  }

  /**
   * Runs the chain to {@code target}, the providers of {@code leaseIds} proving every {@code every}
   * blocks up to the block their proofs are in (the last such block at or before {@code target}).
   */
  public void advanceProving(long target, long every, long... leaseIds) {
    while (chain.height() + every <= target) {
      chain.advanceTo(chain.height() + every - 1);
      proveAllNow(leaseIds);
    }
    chain.advanceTo(target);
  }

  // ---- rejection checks -------------------------------------------------------------------

  /**
   * {@code msgs} signed by {@code signers} are refused with {@code error} before the fee: CheckTx
   * refuses them and leaves the mempool view as it was, and the block that carries them writes
   * nothing at all.
   */
  public void assertRejectedBeforeFee(
      LedgerError error, List<Msg> msgs, Ed25519PrivateKey... signers) {
    BlockResult block = rejected(error, msgs, signers);
    assertEquals(
        List.of(), keysOf(block.writes()), "a tx refused before its fee must change nothing");
  }

  public void assertRejectedBeforeFee(LedgerError error, Msg msg, Ed25519PrivateKey... signers) {
    assertRejectedBeforeFee(error, List.of(msg), signers);
  }

  /**
   * {@code msgs} are refused with {@code error} after the fee: CheckTx refuses them without
   * changing the mempool view, and in the block the only writes are the fee payer's account (its
   * balance less the fee, its sequence one higher, nothing else) and the fee collector's. Returns
   * the block, whose tx outcome carries the log users read.
   */
  public BlockResult assertRejectedAfterFee(
      LedgerError error, List<Msg> msgs, Ed25519PrivateKey... signers) {
    Address payer = addressOf(signers[0]);
    Account before = chain.account(payer);
    long collectorBefore = chain.balance(TestChain.feeCollector());
    BlockResult block = rejected(error, msgs, signers);
    long fee = chain.balance(TestChain.feeCollector()) - collectorBefore;
    assertTrue(fee > 0, "a fee was charged");
    TreeSet<String> expected =
        new TreeSet<>(
            List.of(
                hex(BankKeeper.accountKey(payer)),
                hex(BankKeeper.accountKey(TestChain.feeCollector()))));
    for (int i = 1; i < signers.length; i++) {
      expected.add(hex(BankKeeper.accountKey(addressOf(signers[i]))));
    }
    assertEquals(
        List.copyOf(expected),
        keysOf(block.writes()),
        "a tx refused after its fee may change only the fee payer, the fee collector and signers' sequences");
    Account after = chain.account(payer);
    assertEquals(before.getBalance() - fee, after.getBalance(), "payer paid exactly the fee");
    assertEquals(before.getSequence() + 1, after.getSequence(), "payer's sequence was used");
    assertEquals(
        before.toBuilder().clearBalance().clearSequence().clearPublicKey().build(),
        after.toBuilder().clearBalance().clearSequence().clearPublicKey().build());
    return block;
  }

  public BlockResult assertRejectedAfterFee(
      LedgerError error, Msg msg, Ed25519PrivateKey... signers) {
    return assertRejectedAfterFee(error, List.of(msg), signers);
  }

  private BlockResult rejected(LedgerError error, List<Msg> msgs, Ed25519PrivateKey... signers) {
    byte[] tx = chain.sign(msgs, signers);
    SortedMap<String, String> mempoolBefore = StateDump.of(chain.mempoolView());
    Outcomes.assertRejected(error, chain.checkTx(tx));
    assertEquals(
        mempoolBefore, StateDump.of(chain.mempoolView()), "CheckTx that refuses changes nothing");
    BlockResult block = chain.finalizeBlock(tx);
    Outcomes.assertRejected(error, block.txs().get(0));
    return block;
  }

  // Every block records its time (and forgets an old one), whatever its txs do.
  private static List<String> keysOf(List<Write> writes) {
    return writes.stream()
        .filter(w -> w.key()[0] != KeySpace.BLOCK_TIME.prefix())
        .map(w -> hex(w.key()))
        .sorted()
        .toList();
  }

  private static String hex(byte[] bytes) {
    return Hex.encode(bytes);
  }

  /** The keys written by {@code block}, hex, for diagnostics. */
  public static List<String> writtenKeys(BlockResult block) {
    return keysOf(block.writes());
  }
}
