package io.leasechain.ledger.testing;

import static io.leasechain.ledger.testing.MarketFixture.addressOf;

import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hex;
import io.leasechain.ledger.BlockContext;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.ErrorRegistry;
import io.leasechain.ledger.LedgerError;
import io.leasechain.ledger.TxOutcome;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.invariant.Invariants;
import io.leasechain.ledger.proof.proto.Verdict;
import io.leasechain.ledger.state.EmptyState;
import io.leasechain.ledger.state.OverlayState;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.state.Write;
import io.leasechain.ledger.tx.Gas;
import io.leasechain.ledger.tx.TxParamsRules;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.ledger.tx.proto.TxParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A market holding a record of every kind (council, proposal, auditor, approved and pending
 * providers with agent keys, an open order with a bid, a lease with its escrow, a proof and its
 * dispute), built once per JVM and frozen, for fuzz targets that run each input on top of it.
 */
public final class FuzzMarket {

  public static final String GPU = "nvidia-rtx-4090";

  private static FuzzMarket instance;

  private final MarketFixture market;
  private final ReadableState frozen;
  private final long height;
  private final long leaseId;
  private final List<Seed> seeds;

  /** A message that does something on this market, and the test key that must sign it. */
  public record Seed(String name, int signer, Msg msg) {}

  /** The market, built on first use. */
  public static synchronized FuzzMarket get() {
    if (instance == null) {
      instance = new FuzzMarket();
    }
    return instance;
  }

  private FuzzMarket() {
    market = MarketFixture.create();
    TestChain chain = market.chain();
    Ed25519PrivateKey tenant = market.tenant();
    Ed25519PrivateKey otherTenant = market.otherTenant();
    Ed25519PrivateKey provider = market.provider(0);
    Ed25519PrivateKey secondProvider = market.provider(1);
    market.councilDoes(Msgs.appointAuditor(addressOf(market.auditor())));
    market.registerProving(0, Msgs.gpus(GPU, 24, 4));
    market.registerProving(1, Msgs.gpus(GPU, 24, 8));
    market.register(2, Msgs.gpus(GPU, 80, 2));
    long orderId =
        market.order(tenant, Msgs.orderBody(addressOf(tenant), 4, 24, 300_000, false, 100_000));
    long bidId = market.bid(provider, orderId, 4, 251_000);
    leaseId = market.nextLeaseId();
    market.ok(Msgs.accept(addressOf(tenant), orderId, bidId), tenant);
    chain.advanceTo(chain.height() + 29);
    long proofId = market.proveNow(leaseId);
    long disputeId = market.nextDisputeId();
    market.ok(
        Msgs.dispute(addressOf(tenant), proofId, market.proofParams().getMinDisputeDeposit()),
        tenant);
    long openOrderId =
        market.order(
            otherTenant, Msgs.orderBody(addressOf(otherTenant), 2, 24, 300_000, true, 100_000));
    long openBidId = market.bid(secondProvider, openOrderId, 2, 200_000);
    long proposalId = market.nextProposalId();
    market.ok(
        Msgs.propose(market.memberAddress(0), Msgs.suspendProvider(addressOf(secondProvider))),
        market.member(0));
    market.assertInvariants();

    OverlayState copy = new OverlayState(EmptyState.INSTANCE);
    chain.committed().scan(new byte[0], null).forEachRemaining(e -> copy.put(e.key(), e.value()));
    frozen = copy;
    height = chain.height();
    seeds = seeds(orderId, openOrderId, openBidId, proofId, disputeId, proposalId);
  }

  private List<Seed> seeds(
      long orderId, long openOrderId, long openBidId, long proofId, long disputeId, long proposal) {
    Address tenant = addressOf(market.tenant());
    Address otherTenant = addressOf(market.otherTenant());
    Address provider = addressOf(market.provider(0));
    Address secondProvider = addressOf(market.provider(1));
    Address pending = addressOf(market.provider(2));
    Address newcomer = addressOf(market.provider(3));
    Address auditor = addressOf(market.auditor());
    int tenantKey = MarketFixture.TENANT;
    int otherKey = MarketFixture.OTHER_TENANT;
    int providerKey = MarketFixture.FIRST_PROVIDER;
    return List.of(
        new Seed("send", tenantKey, TxBuilder.sendMsg(tenant.toBech32(), pending.toBech32(), 7)),
        new Seed(
            "propose", 0, Msgs.propose(market.memberAddress(0), Msgs.approveProvider(pending))),
        new Seed("approve", 1, Msgs.approve(market.memberAddress(1), proposal)),
        new Seed("revoke", 0, Msgs.revoke(market.memberAddress(0), proposal)),
        new Seed(
            "register",
            providerKey + 3,
            Msgs.register(newcomer, Msgs.gpus(GPU, 48, 2), MarketFixture.BOND)),
        new Seed(
            "update", providerKey, Msgs.update(Msgs.updateBody(provider, Msgs.gpus(GPU, 24, 4)))),
        new Seed("retire", providerKey + 2, Msgs.retire(pending)),
        new Seed("attest", MarketFixture.AUDITOR, Msgs.attest(auditor, provider, "tier")),
        new Seed(
            "create_order",
            otherKey,
            Msgs.order(Msgs.orderBody(otherTenant, 1, 16, 250_000, false, 50_000))),
        new Seed(
            "create_bid",
            providerKey,
            Msgs.bid(provider, openOrderId, 2, 190_000, MarketFixture.BID_DEPOSIT)),
        new Seed(
            "withdraw_bid",
            providerKey + 1,
            Msgs.withdrawBid(secondProvider, openOrderId, openBidId)),
        new Seed("accept_bids", otherKey, Msgs.accept(otherTenant, openOrderId, openBidId)),
        new Seed("close_lease", tenantKey, Msgs.closeLease(tenant, leaseId)),
        new Seed("close_order", otherKey, Msgs.closeOrder(otherTenant, openOrderId)),
        new Seed("top_up_escrow", tenantKey, Msgs.topUp(tenant, orderId, 5_000)),
        new Seed("withdraw_lease", providerKey, Msgs.withdrawLease(provider, leaseId)),
        new Seed("submit_proof", providerKey, market.proofMsg(leaseId, height + 1)),
        new Seed(
            "set_agent_keys",
            providerKey + 1,
            Msgs.setAgentKeys(secondProvider, Proofs.agentKey(99).publicKey())),
        new Seed(
            "dispute_proof",
            tenantKey,
            Msgs.dispute(tenant, proofId, market.proofParams().getMinDisputeDeposit())),
        new Seed(
            "resolve_dispute",
            MarketFixture.AUDITOR,
            Msgs.resolve(auditor, disputeId, Verdict.VERDICT_UPHELD)));
  }

  /** The committed state after the last block built; never written to. */
  public ReadableState state() {
    return frozen;
  }

  /** The last block built. */
  public long height() {
    return height;
  }

  public String chainId() {
    return market.chain().chainId();
  }

  public TestChain chain() {
    return market.chain();
  }

  /** Every funded test key, in the order signer indexes count them. */
  public List<Ed25519PrivateKey> keys() {
    List<Ed25519PrivateKey> keys = new ArrayList<>();
    for (int i = 0; i < market.chain().accountCount(); i++) {
      keys.add(market.chain().keyAt(i));
    }
    return keys;
  }

  /** One message of every type that does something on this market. */
  public List<Seed> seeds() {
    return seeds;
  }

  /** The context of block {@code height}, timed as TestChain times its blocks. */
  public BlockContext blockContext(long height) {
    return new BlockContext(
        chainId(), height, TestChain.GENESIS_TIME + TestChain.BLOCK_SECONDS * height, 0);
  }

  /**
   * {@code msgs} signed by {@code key} at {@code sequence}, with a gas limit and fee that cover any
   * tx the params admit, so that what is judged is the messages.
   */
  public byte[] sign(ReadableState state, Ed25519PrivateKey key, long sequence, List<Msg> msgs) {
    TxParams params = TxParamsRules.STORE.get(state);
    long gasLimit = Gas.required(params, (int) params.getMaxTxBytes(), msgs.size(), 1);
    TxBuilder tx = market.chain().tx().gasLimit(gasLimit).fee(Gas.minimumFee(params, gasLimit));
    msgs.forEach(tx::msg);
    return tx.signer(key, sequence).build();
  }

  /** The sequence {@code key}'s next tx must carry in {@code state}. */
  public static long sequence(ReadableState state, Ed25519PrivateKey key) {
    return BankKeeper.account(state, key.publicKey().address()).getSequence();
  }

  // ---- properties every fuzz target checks -------------------------------------------------

  private static final Set<String> CODES = codes();

  private static Set<String> codes() {
    Set<String> codes = new TreeSet<>();
    for (LedgerError error : ErrorRegistry.all()) {
      codes.add(error.codespace() + "/" + error.code());
    }
    return codes;
  }

  /** Null if the outcome is a success or a registered error, else what is wrong with it. */
  public static String unregisteredCode(TxOutcome outcome) {
    if (outcome.isOk() ? outcome.codespace().isEmpty() : CODES.contains(code(outcome))) {
      return null;
    }
    return "unregistered code " + code(outcome) + ": " + outcome.log();
  }

  private static String code(TxOutcome outcome) {
    return outcome.codespace() + "/" + outcome.code();
  }

  /**
   * Null if {@code writes} are what a tx with {@code outcome} may leave: nothing if it was refused
   * before its fee (no events), only the signers' and the fee collector's accounts if refused after
   * it; else what is wrong.
   */
  public static String rejectedTxWroteTooMuch(
      TxOutcome outcome, List<Write> writes, List<Address> signers) {
    if (outcome.isOk()) {
      return null;
    }
    Set<String> allowed = new TreeSet<>();
    if (!outcome.events().isEmpty()) {
      allowed.add(Hex.encode(BankKeeper.accountKey(TestChain.feeCollector())));
      signers.forEach(s -> allowed.add(Hex.encode(BankKeeper.accountKey(s))));
    }
    for (Write write : writes) {
      if (!allowed.contains(Hex.encode(write.key()))) {
        return "rejected tx ("
            + code(outcome)
            + ") wrote "
            + Hex.encode(write.key())
            + "; may write only "
            + allowed;
      }
    }
    return null;
  }

  /** Every invariant of the ledger and the proof module's checks, as broken lines. */
  public List<String> brokenInvariants(ReadableState state, long height) {
    List<String> broken = new ArrayList<>(Invariants.broken(state, height));
    broken.addAll(ProofChecks.broken(state, height, market.chain().genesisSupply()));
    return broken;
  }

  /**
   * The bytes a block leaves behind, for determinism checks: every tx result (code, log, gas,
   * events), the block's events and validator updates, and every write.
   */
  public static String fingerprint(BlockResult block) {
    StringBuilder out = new StringBuilder();
    out.append(block.height()).append('\n');
    block.txs().forEach(tx -> out.append(tx).append('\n'));
    block.events().forEach(e -> out.append(e).append('\n'));
    block
        .validatorUpdates()
        .forEach(u -> out.append(Hex.encode(u.publicKey())).append('=').append(u.power()));
    out.append(fingerprintOf(block.writes()));
    return out.toString();
  }

  /** Every write, key and value in hex, in order. */
  public static String fingerprintOf(List<Write> writes) {
    StringBuilder out = new StringBuilder();
    for (Write write : writes) {
      out.append(Hex.encode(write.key()))
          .append('=')
          .append(write.isDelete() ? "-" : Hex.encode(write.value()))
          .append('\n');
    }
    return out.toString();
  }
}
