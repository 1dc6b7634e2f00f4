package io.leasechain.bench;

import io.leasechain.client.tx.Messages;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.crypto.Hashes;
import io.leasechain.ledger.BlockContext;
import io.leasechain.ledger.Ledger;
import io.leasechain.ledger.TxOutcome;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.market.MarketKeeper;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.ResourceSpec;
import io.leasechain.ledger.proof.ProofParamsRules;
import io.leasechain.ledger.proof.proto.Usage;
import io.leasechain.ledger.state.OverlayState;
import io.leasechain.ledger.tx.SignatureVerifier;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.node.store.RocksStore;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A generated market with something for every message to act on (open orders with and without bids,
 * active leases with and without proofs, proofs past their challenge window, agent keys), and for
 * each {@link Kind} a pool of signed txs that each succeed on the committed state. A benchmark runs
 * a pool's txs one at a time on a throw-away overlay of that state, so each stays valid however
 * often it runs and any number of threads can share the fixture.
 */
public final class MarketFixture implements AutoCloseable {

  /** The message of each pool's txs. */
  public enum Kind {
    SEND,
    CREATE_ORDER,
    CREATE_BID,
    WITHDRAW_BID,
    ACCEPT_BIDS,
    CLOSE_ORDER,
    CLOSE_LEASE,
    TOP_UP_ESCROW,
    SET_AGENT_KEYS,
    SUBMIT_PROOF,
    WITHDRAW_LEASE
  }

  /** One signature of a pool's tx, as the ante handler checks it. */
  public record Signature(Ed25519PublicKey key, byte[] message, byte[] signature) {}

  /** Long enough that the setup's orders stay open for bids for the whole run. */
  private static final long BID_WINDOW = 5_000;

  private static final String GPU_MODEL = "nvidia-h100-80gb";

  private final TempNode state;
  private final BenchNode node;
  private final BlockContext context;
  private final Map<Kind, List<byte[]>> pools = new EnumMap<>(Kind.class);
  private final List<Signature> signatures = new ArrayList<>();

  private MarketFixture(TempNode state) {
    this.state = state;
    this.node = state.node();
    long height = node.store().lastCommit().height() + 1;
    this.context = new BlockContext(BenchAccounts.CHAIN_ID, height, BenchAccounts.time(height), 0);
  }

  /**
   * Generates {@code leases} leases in a temporary directory, runs the setup blocks through the
   * app, and signs pools of {@code poolSize} txs (fewer where the state has fewer subjects: there
   * are {@code min(1000, leases)} tenants and 10 providers); each pool's txs are checked to
   * succeed.
   */
  public static MarketFixture create(int leases, int poolSize, PrintStream log) {
    BenchAccounts accounts = BenchAccounts.forLeases(leases);
    if (poolSize < 1 || 4 * poolSize > accounts.tenants() || 3 * poolSize > leases) {
      throw new IllegalArgumentException(
          "a pool of " + poolSize + " needs at least " + 4 * poolSize + " tenants and leases");
    }
    MarketFixture fixture =
        setUp(TempNode.generate("leasechain-market-bench", leases, 0, log), poolSize);
    log.printf(
        "market fixture: %,d leases, pools of %d txs at height %d%n",
        leases, poolSize, fixture.context.height());
    return fixture;
  }

  private static MarketFixture setUp(TempNode state, int n) {
    BenchNode node = state.node();
    BenchAccounts accounts = node.accounts();
    RocksStore store = node.store();
    Ed25519PrivateKey[] providers = new Ed25519PrivateKey[accounts.providers()];
    for (int p = 0; p < providers.length; p++) {
      providers[p] = accounts.provider(p);
    }
    // Orders firstOrder.. one per tenant: the first n get no bid, the next n one bid, the last 2n
    // become leases made by the app, whose blocks have times that proofs can be judged against
    // (the generated leases start at heights no block ran at).
    long firstOrder = MarketKeeper.ORDER_IDS.peek(store);
    List<BenchNode.Signed> block = new ArrayList<>();
    for (int i = 0; i < 4 * n; i++) {
      Ed25519PrivateKey tenant = accounts.tenant(i);
      block.add(new BenchNode.Signed(tenant, openOrder(BenchAccounts.address(tenant))));
    }
    for (Ed25519PrivateKey provider : providers) {
      block.add(
          new BenchNode.Signed(
              provider,
              Messages.setAgentKeys(
                  BenchAccounts.address(provider), List.of(agent(provider).publicKey()))));
    }
    runBlock(node, block);
    long firstBid = MarketKeeper.BID_IDS.peek(store);
    block.clear();
    for (int i = n; i < 4 * n; i++) {
      Ed25519PrivateKey provider = providers[i % providers.length];
      block.add(new BenchNode.Signed(provider, bid(provider, firstOrder + i)));
    }
    runBlock(node, block);
    block.clear();
    for (int i = 2 * n; i < 4 * n; i++) {
      Ed25519PrivateKey tenant = accounts.tenant(i);
      block.add(
          new BenchNode.Signed(
              tenant,
              Messages.acceptBids(
                  BenchAccounts.address(tenant), firstOrder + i, List.of(firstBid + i - n))));
    }
    runBlock(node, block);
    long[] proofLeases = new long[2 * n];
    for (int i = 0; i < 2 * n; i++) {
      proofLeases[i] = MarketKeeper.leaseIdsOf(store, firstOrder + 2 * n + i).get(0);
    }
    runBlock(node, List.of());
    // Proofs of the first n, paid to WITHDRAW_LEASE once their challenge window has passed.
    long proven = store.lastCommit().height();
    block.clear();
    for (int i = 0; i < n; i++) {
      block.add(proof(store, providers, proofLeases[i], proven));
    }
    runBlock(node, block);
    long challengeWindow = ProofParamsRules.STORE.get(store).getChallengeWindow();
    for (long i = 0; i <= challengeWindow; i++) {
      runBlock(node, List.of());
    }
    MarketFixture fixture = new MarketFixture(state);
    long now = fixture.context.height() - 1;
    fixture.pool(
        Kind.SEND,
        n,
        i ->
            new BenchNode.Signed(
                accounts.sender(i),
                Messages.send(
                    BenchAccounts.address(accounts.sender(i)),
                    BenchAccounts.address(accounts.tenant(i)),
                    1)));
    fixture.pool(
        Kind.CREATE_ORDER,
        n,
        i ->
            new BenchNode.Signed(
                accounts.tenant(i), openOrder(BenchAccounts.address(accounts.tenant(i)))));
    fixture.pool(
        Kind.CREATE_BID,
        n,
        i -> {
          Ed25519PrivateKey provider = providers[i % providers.length];
          return new BenchNode.Signed(provider, bid(provider, firstOrder + i));
        });
    fixture.pool(
        Kind.WITHDRAW_BID,
        n,
        i -> {
          Ed25519PrivateKey provider = providers[(n + i) % providers.length];
          return new BenchNode.Signed(
              provider,
              Messages.withdrawBid(
                  BenchAccounts.address(provider), firstOrder + n + i, firstBid + i));
        });
    fixture.pool(
        Kind.ACCEPT_BIDS,
        n,
        i ->
            new BenchNode.Signed(
                accounts.tenant(n + i),
                Messages.acceptBids(
                    BenchAccounts.address(accounts.tenant(n + i)),
                    firstOrder + n + i,
                    List.of(firstBid + i))));
    fixture.pool(
        Kind.CLOSE_ORDER,
        n,
        i ->
            new BenchNode.Signed(
                accounts.tenant(i),
                Messages.closeOrder(BenchAccounts.address(accounts.tenant(i)), firstOrder + i)));
    fixture.pool(
        Kind.CLOSE_LEASE,
        n,
        i -> {
          Ed25519PrivateKey tenant = accounts.tenant(accounts.tenantOf(2L * n + i));
          return new BenchNode.Signed(
              tenant, Messages.closeLease(BenchAccounts.address(tenant), leaseId(2L * n + i)));
        });
    fixture.pool(
        Kind.TOP_UP_ESCROW,
        n,
        i -> {
          Ed25519PrivateKey tenant = accounts.tenant(accounts.tenantOf(i));
          // Generated order ids follow lease order from 1.
          return new BenchNode.Signed(
              tenant, Messages.topUpEscrow(BenchAccounts.address(tenant), i + 1L, 1_000));
        });
    fixture.pool(
        Kind.SET_AGENT_KEYS,
        Math.min(n, providers.length),
        i ->
            new BenchNode.Signed(
                providers[i],
                Messages.setAgentKeys(
                    BenchAccounts.address(providers[i]),
                    List.of(agent(providers[i]).publicKey()))));
    fixture.pool(Kind.SUBMIT_PROOF, n, i -> proof(store, providers, proofLeases[n + i], now));
    fixture.pool(
        Kind.WITHDRAW_LEASE,
        n,
        i -> {
          Ed25519PrivateKey provider = providerOf(store, providers, proofLeases[i]);
          return new BenchNode.Signed(
              provider, Messages.withdrawLease(BenchAccounts.address(provider), proofLeases[i]));
        });
    return fixture;
  }

  private static void runBlock(BenchNode node, List<BenchNode.Signed> txs) {
    BenchNode.requireAllOk(node.run(node.admit(txs)));
  }

  /** Signs {@code size} txs with the committed sequences and checks each succeeds alone. */
  private void pool(Kind kind, int size, IntFunction<BenchNode.Signed> tx) {
    List<byte[]> pool = new ArrayList<>(size);
    // Records what the ante handler verifies: the Ed25519 benchmark verifies exactly that.
    Ledger recording =
        new Ledger(
            (key, document, signature) -> {
              if (kind == Kind.SEND) {
                signatures.add(new Signature(key, document.bytes(), signature));
              }
              return SignatureVerifier.DIRECT.verify(key, document, signature);
            });
    for (int i = 0; i < size; i++) {
      BenchNode.Signed signed = tx.apply(i);
      long sequence =
          BankKeeper.account(node.store(), BenchAccounts.address(signed.signer())).getSequence();
      byte[] bytes = BenchNode.sign(signed, sequence);
      TxOutcome outcome = recording.deliverTx(new OverlayState(node.store()), context, bytes);
      if (!outcome.isOk()) {
        throw new IllegalStateException(kind + " tx " + i + " fails: " + outcome.log());
      }
      pool.add(bytes);
    }
    pools.put(kind, List.copyOf(pool));
  }

  /** The signed txs of {@code kind}, each of which succeeds on {@link #state()}. */
  public List<byte[]> txs(Kind kind) {
    return pools.get(kind);
  }

  /**
   * Runs the {@code index}-th tx of {@code kind}'s pool (modulo its size) with {@code ledger} on a
   * throw-away overlay of the committed state: decode, signature check, execution.
   */
  public TxOutcome deliver(Ledger ledger, Kind kind, int index) {
    List<byte[]> pool = pools.get(kind);
    return ledger.deliverTx(new OverlayState(node.store()), context, pool.get(index % pool.size()));
  }

  /** Verifies the {@code index}-th signature of {@link #signatures()} (modulo their number). */
  public boolean verify(int index) {
    Signature signature = signatures.get(index % signatures.size());
    return signature.key().verify(signature.message(), signature.signature());
  }

  /** The signatures of the {@link Kind#SEND} pool, as the ante handler verifies them. */
  public List<Signature> signatures() {
    return signatures;
  }

  /** Committed state; read-only, so threads may share it. */
  public RocksStore state() {
    return node.store();
  }

  /** The block every pool's txs are run in: the height after the committed one. */
  public BlockContext context() {
    return context;
  }

  @Override
  public void close() {
    state.close();
  }

  private static Msg openOrder(Address tenant) {
    return Messages.createOrder(
        tenant,
        ResourceSpec.newBuilder().setGpuUnits(1).setMinVramGib(40).build(),
        Messages.OrderTerms.of(StateGenerator.PRICE, BID_WINDOW, 0),
        StateGenerator.DEPOSIT);
  }

  private static Msg bid(Ed25519PrivateKey provider, long orderId) {
    return Messages.createBid(
        BenchAccounts.address(provider),
        orderId,
        1,
        StateGenerator.PRICE,
        StateGenerator.BID_DEPOSIT);
  }

  /** The generated lease at 0-based {@code index}: ids follow lease order from 1. */
  private static long leaseId(long index) {
    return index + 1;
  }

  /** A proof of {@code leaseId} from where it is proven through to {@code toHeight}. */
  private static BenchNode.Signed proof(
      RocksStore store, Ed25519PrivateKey[] providers, long leaseId, long toHeight) {
    Lease lease = MarketKeeper.lease(store, leaseId);
    Ed25519PrivateKey provider = providerOf(store, providers, leaseId);
    Usage usage =
        Usage.newBuilder().setGpuSeconds(1).setPeakVramMib(20_000).setGpuModel(GPU_MODEL).build();
    byte[] root =
        Hashes.sha256(("outputs of lease " + lease.getId()).getBytes(StandardCharsets.UTF_8));
    return new BenchNode.Signed(
        provider,
        Messages.submitProof(
            BenchAccounts.address(provider),
            agent(provider),
            BenchAccounts.CHAIN_ID,
            lease.getId(),
            lease.getProvenThrough(),
            toHeight,
            root,
            usage));
  }

  private static Ed25519PrivateKey providerOf(
      RocksStore store, Ed25519PrivateKey[] providers, long leaseId) {
    String provider = MarketKeeper.lease(store, leaseId).getProvider();
    for (Ed25519PrivateKey candidate : providers) {
      if (BenchAccounts.address(candidate).toBech32().equals(provider)) {
        return candidate;
      }
    }
    throw new IllegalStateException("lease " + leaseId + " is served by no bench provider");
  }

  private static Ed25519PrivateKey agent(Ed25519PrivateKey provider) {
    return Ed25519PrivateKey.fromSeed(
        Hashes.sha256(
            ("leasechain/bench/agent/" + BenchAccounts.address(provider))
                .getBytes(StandardCharsets.UTF_8)));
  }
}
