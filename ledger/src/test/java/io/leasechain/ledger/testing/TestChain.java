package io.leasechain.ledger.testing;

import io.leasechain.commitment.ReferenceTree;
import io.leasechain.commitment.TreeLeaf;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hashes;
import io.leasechain.ledger.BlockContext;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.GenesisState;
import io.leasechain.ledger.Ledger;
import io.leasechain.ledger.TxOutcome;
import io.leasechain.ledger.authority.AuthorityParamsRules;
import io.leasechain.ledger.authority.proto.AuthorityParams;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.BankParamsRules;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.bank.proto.Account;
import io.leasechain.ledger.bank.proto.BankParams;
import io.leasechain.ledger.escrow.EscrowParamsRules;
import io.leasechain.ledger.escrow.proto.EscrowParams;
import io.leasechain.ledger.market.MarketParamsRules;
import io.leasechain.ledger.market.proto.MarketParams;
import io.leasechain.ledger.proof.ProofParamsRules;
import io.leasechain.ledger.proof.proto.ProofParams;
import io.leasechain.ledger.provider.ProviderParamsRules;
import io.leasechain.ledger.provider.proto.ProviderParams;
import io.leasechain.ledger.rewards.RewardsParamsRules;
import io.leasechain.ledger.rewards.proto.RewardsParams;
import io.leasechain.ledger.state.EmptyState;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.OverlayState;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.state.Write;
import io.leasechain.ledger.tx.SignatureVerifier;
import io.leasechain.ledger.tx.TxParamsRules;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.ledger.tx.proto.TxParams;
import io.leasechain.ledger.upgrade.Upgrades;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An in-memory chain for tests, driven the way CometBFT drives the node: InitChain once, CheckTx
 * against a mempool view (committed state plus the effects of admitted txs), FinalizeBlock against
 * committed state, then Commit of the block's writes. Keys come from fixed seeds, so two chains
 * built alike produce byte-identical txs and app hashes.
 */
public final class TestChain {

  public static final String CHAIN_ID = "leasechain-test";
  public static final long DEFAULT_BALANCE = 1_000_000_000L;

  /** Covers a plain send at the default params (about 33 ulease needed). */
  public static final long DEFAULT_FEE = 100;

  public static final long DEFAULT_GAS_LIMIT = 100_000;

  /** Seconds; block n is at GENESIS_TIME + BLOCK_SECONDS × n. */
  public static final long GENESIS_TIME = 1_700_000_000L;

  public static final long BLOCK_SECONDS = 5;

  private Ledger ledger = new Ledger();
  private final String chainId;
  private final List<Ed25519PrivateKey> keys;
  private final GenesisState genesis;
  // The node's committed store, modelled as an overlay over nothing.
  private final OverlayState store = new OverlayState(EmptyState.INSTANCE);
  private final List<Write> genesisWrites;
  private OverlayState mempool;
  private long height;
  // decided_last_commit of every block run without one given; empty unless a test sets it.
  private List<BlockContext.Vote> defaultLastCommit = List.of();
  private Runnable afterEveryBlock = () -> {};
  private final EventIndexer eventIndexer;

  private TestChain(Builder builder) {
    this.chainId = builder.chainId;
    this.keys = List.copyOf(builder.keys);
    this.genesis = builder.genesis();
    this.eventIndexer = new EventIndexer(genesis);
    OverlayState init = new OverlayState(store);
    ledger.initChain(init, chainId, genesis);
    this.genesisWrites = init.writes();
    init.commitTo(store);
    this.height = 0;
    this.mempool = new OverlayState(store);
  }

  /** The private key for test account {@code i}; the same on every run. */
  public static Ed25519PrivateKey key(int i) {
    return Ed25519PrivateKey.fromSeed(
        Hashes.sha256(("leasechain/test-key/" + i).getBytes(StandardCharsets.UTF_8)));
  }

  public static Address addressOf(int i) {
    return key(i).publicKey().address();
  }

  /** A chain with {@code n} accounts (keys 0..n-1), each holding {@link #DEFAULT_BALANCE}. */
  public static TestChain create(int n) {
    return builder().accounts(n, DEFAULT_BALANCE).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Genesis options. */
  public static final class Builder {
    private String chainId = CHAIN_ID;
    private final List<Ed25519PrivateKey> keys = new ArrayList<>();
    private final List<GenesisState.Account> accounts = new ArrayList<>();
    private TxParams txParams = TxParamsRules.DEFAULTS;
    private BankParams bankParams = BankParamsRules.DEFAULTS;
    private GenesisState.Council council = GenesisState.Council.NONE;
    private ProviderParams providerParams = ProviderParamsRules.DEFAULTS;
    private MarketParams marketParams = MarketParamsRules.DEFAULTS;
    private EscrowParams escrowParams = EscrowParamsRules.DEFAULTS;
    private AuthorityParams authorityParams = AuthorityParamsRules.DEFAULTS;

    /** Funds the next {@code n} fixed keys with {@code balance} each. */
    public Builder accounts(int n, long balance) {
      for (int i = 0; i < n; i++) {
        Ed25519PrivateKey key = key(keys.size());
        keys.add(key);
        accounts.add(new GenesisState.Account(key.publicKey().address(), balance));
      }
      return this;
    }

    /** Funds the next fixed key with {@code balance}. */
    public Builder account(long balance) {
      return accounts(1, balance);
    }

    /** A genesis account nobody in the test holds a key for. */
    public Builder account(Address address, long balance) {
      accounts.add(new GenesisState.Account(address, balance));
      return this;
    }

    public Builder chainId(String chainId) {
      this.chainId = chainId;
      return this;
    }

    public Builder txParams(TxParams txParams) {
      this.txParams = txParams;
      return this;
    }

    public Builder bankParams(BankParams bankParams) {
      this.bankParams = bankParams;
      return this;
    }

    /** A k-of-n council of the fixed test keys {@code members} (indexes as in {@link #key}). */
    public Builder council(int threshold, int... members) {
      List<Address> addresses = new ArrayList<>();
      for (int member : members) {
        addresses.add(addressOf(member));
      }
      this.council = new GenesisState.Council(addresses, threshold);
      return this;
    }

    public Builder council(GenesisState.Council council) {
      this.council = council;
      return this;
    }

    public Builder providerParams(ProviderParams providerParams) {
      this.providerParams = providerParams;
      return this;
    }

    public Builder marketParams(MarketParams marketParams) {
      this.marketParams = marketParams;
      return this;
    }

    public Builder escrowParams(EscrowParams escrowParams) {
      this.escrowParams = escrowParams;
      return this;
    }

    // Without emission and validators, a block with no txs writes nothing: rule tests rely on that.
    private RewardsParams rewardsParams = RewardsParamsRules.NO_EMISSION;
    private ProofParams proofParams = ProofParamsRules.DEFAULTS;
    private List<GenesisState.Validator> validators = List.of();

    public Builder authorityParams(AuthorityParams authorityParams) {
      this.authorityParams = authorityParams;
      return this;
    }

    public Builder proofParams(ProofParams proofParams) {
      this.proofParams = proofParams;
      return this;
    }

    public Builder rewardsParams(RewardsParams rewardsParams) {
      this.rewardsParams = rewardsParams;
      return this;
    }

    public Builder validators(List<GenesisState.Validator> validators) {
      this.validators = List.copyOf(validators);
      return this;
    }

    public GenesisState genesis() {
      return new GenesisState(
          accounts,
          txParams,
          bankParams,
          council,
          providerParams,
          marketParams,
          escrowParams,
          authorityParams,
          rewardsParams,
          proofParams,
          validators);
    }

    public TestChain build() {
      return new TestChain(this);
    }
  }

  // ---- identities -------------------------------------------------------------------------

  public String chainId() {
    return chainId;
  }

  /** From now on, blocks run with a build that has the migrations of {@code upgrades}. */
  public void switchBuild(Upgrades upgrades) {
    ledger = new Ledger(SignatureVerifier.DIRECT, upgrades);
  }

  public Ledger ledger() {
    return ledger;
  }

  public GenesisState genesis() {
    return genesis;
  }

  public int accountCount() {
    return keys.size();
  }

  /** Key of funded genesis account {@code i} (in builder order). */
  public Ed25519PrivateKey keyAt(int i) {
    return keys.get(i);
  }

  public Address address(int i) {
    return keys.get(i).publicKey().address();
  }

  /**
   * Balances rebuilt from genesis and the events of every committed block; a test that forces
   * balances ({@link #forceBalance}) makes it disagree.
   */
  public EventIndexer eventIndexer() {
    return eventIndexer;
  }

  public static Address feeCollector() {
    return ModuleAccount.FEE_COLLECTOR.address();
  }

  public long genesisSupply() {
    long total = 0;
    for (GenesisState.Account account : genesis.accounts()) {
      total = Math.addExact(total, account.balance());
    }
    return total;
  }

  // ---- state -----------------------------------------------------------------------------

  public long height() {
    return height;
  }

  /**
   * The app hash a node would report now: the root of the state tree over the whole committed
   * state, rebuilt from scratch (tests that never ask pay nothing).
   */
  public byte[] appHash() {
    List<TreeLeaf> everything = new ArrayList<>();
    store
        .scan(new byte[0], null)
        .forEachRemaining(entry -> everything.add(new TreeLeaf(entry.key(), entry.value())));
    return ReferenceTree.root(everything);
  }

  public List<Write> genesisWrites() {
    return genesisWrites;
  }

  /** Committed state (what FinalizeBlock executes on). */
  public ReadableState committed() {
    return store;
  }

  /** The mempool view CheckTx runs on; rebuilt from committed state after every commit. */
  public KeyValueState mempoolView() {
    return mempool;
  }

  public Account account(Address address) {
    return BankKeeper.account(store, address);
  }

  public long balance(Address address) {
    return account(address).getBalance();
  }

  public long sequence(Address address) {
    return account(address).getSequence();
  }

  public Account mempoolAccount(Address address) {
    return BankKeeper.account(mempool, address);
  }

  /** Sequence the next tx from {@code address} must carry, as the mempool sees it. */
  public long nextSequence(Address address) {
    return mempoolAccount(address).getSequence();
  }

  /**
   * Overwrites an account's balance in committed state without touching the supply. Only for
   * arranging states that consistent genesis and txs cannot reach (this breaks total-supply).
   */
  public void forceBalance(Address address, long balance) {
    // Straight into the account key: the bank would (rightly) emit events for it.
    store.put(
        BankKeeper.accountKey(address),
        account(address).toBuilder().setBalance(balance).build().toByteArray());
    mempool = new OverlayState(store);
  }

  // ---- txs and blocks --------------------------------------------------------------------

  /** A new tx builder for this chain (chain id preset, no messages, no signers). */
  public TxBuilder tx() {
    return new TxBuilder(this);
  }

  /** A signed send of {@code amount} from account {@code from} to account {@code to}. */
  public byte[] send(int from, int to, long amount) {
    return tx().send(address(from), address(to), amount).signer(keyAt(from)).build();
  }

  public byte[] send(Ed25519PrivateKey from, Address to, long amount) {
    return tx().send(from.publicKey().address(), to, amount).signer(from).build();
  }

  /** The context FinalizeBlock gets for the next block. */
  public BlockContext nextBlockContext() {
    long next = height + 1;
    return new BlockContext(chainId, next, GENESIS_TIME + BLOCK_SECONDS * next, 0);
  }

  /**
   * The context FinalizeBlock gets for the next block when CometBFT reports {@code lastCommit}
   * (decided_last_commit: who signed the previous block) and {@code misbehaviour} (evidence).
   */
  public BlockContext nextBlockContext(
      List<BlockContext.Vote> lastCommit, List<BlockContext.Misbehaviour> misbehaviour) {
    long next = height + 1;
    return new BlockContext(
        chainId, next, GENESIS_TIME + BLOCK_SECONDS * next, 0, lastCommit, misbehaviour);
  }

  /** FinalizeBlock with the given decided_last_commit and evidence, then Commit. */
  public BlockResult finalizeBlockWith(
      List<BlockContext.Vote> lastCommit,
      List<BlockContext.Misbehaviour> misbehaviour,
      List<byte[]> txs) {
    BlockResult result =
        ledger.finalizeBlock(store, nextBlockContext(lastCommit, misbehaviour), txs);
    commit(result);
    return result;
  }

  /** A block without txs whose decided_last_commit is {@code lastCommit}. */
  public BlockResult signedBlock(List<BlockContext.Vote> lastCommit) {
    return finalizeBlockWith(lastCommit, List.of(), List.of());
  }

  public TxOutcome checkTx(byte[] tx) {
    return ledger.checkTx(mempool, BlockContext.mempool(chainId, height + 1), tx);
  }

  /** Executes the next block without committing it. */
  public BlockResult execute(List<byte[]> txs) {
    BlockContext context =
        defaultLastCommit.isEmpty()
            ? nextBlockContext()
            : nextBlockContext(defaultLastCommit, List.of());
    return ledger.finalizeBlock(store, context, txs);
  }

  /**
   * From now on, every block run without an explicit decided_last_commit reports {@code votes}
   * (validators signing every block), so that fixtures' one-line steps also pay rewards.
   */
  public void signEveryBlock(List<BlockContext.Vote> votes) {
    this.defaultLastCommit = List.copyOf(votes);
  }

  /** Runs {@code check} after every committed block from now on (e.g. the invariants). */
  public void afterEveryBlock(Runnable check) {
    this.afterEveryBlock = check;
  }

  /** FinalizeBlock then Commit: applies the block's writes and resets the mempool view. */
  public BlockResult finalizeBlock(List<byte[]> txs) {
    BlockResult result = execute(txs);
    commit(result);
    return result;
  }

  public BlockResult finalizeBlock(byte[]... txs) {
    return finalizeBlock(Arrays.asList(txs));
  }

  /** Runs a block with one tx and returns that tx's outcome. */
  public TxOutcome deliver(byte[] tx) {
    return finalizeBlock(tx).txs().get(0);
  }

  /** Runs one block without txs and commits it. */
  public BlockResult emptyBlock() {
    return finalizeBlock(List.of());
  }

  /**
   * Runs empty blocks until {@code target} is the last executed height (no-op if already there).
   */
  public void advanceTo(long target) {
    if (target < height) {
      throw new IllegalArgumentException("height " + target + " is behind the chain at " + height);
    }
    while (height < target) {
      emptyBlock();
    }
  }

  /**
   * Runs empty blocks up to {@code target - 1}, then the block at {@code target} with {@code txs}.
   */
  public BlockResult blockAt(long target, List<byte[]> txs) {
    if (target <= height) {
      throw new IllegalArgumentException(
          "height " + target + " already executed (chain at " + height + ")");
    }
    advanceTo(target - 1);
    return finalizeBlock(txs);
  }

  /**
   * Signs {@code msgs} with {@code signers} (the first pays the fee), each at its next sequence as
   * the mempool sees it. Gas limit and fee are the defaults for up to a few messages and scale up
   * with the messages' size beyond that.
   */
  public byte[] sign(List<Msg> msgs, Ed25519PrivateKey... signers) {
    TxBuilder builder = tx();
    long bytes = 0;
    for (Msg msg : msgs) {
      builder.msg(msg);
      bytes += msg.getSerializedSize() + 4;
    }
    TxParams params = TxParamsRules.STORE.get(store);
    long gas =
        Math.addExact(
            params.getBaseGas(),
            Math.addExact(
                Math.multiplyExact(params.getGasPerByte(), bytes + 200L + 120L * signers.length),
                Math.multiplyExact(params.getGasPerMsg(), (long) msgs.size())));
    if (gas > DEFAULT_GAS_LIMIT) {
      long micro = Math.multiplyExact(gas, params.getMinGasPrice());
      builder.gasLimit(gas).fee(Math.max(DEFAULT_FEE, micro / 1_000_000 + 1));
    }
    for (Ed25519PrivateKey signer : signers) {
      builder.signer(signer);
    }
    return builder.build();
  }

  public byte[] sign(Msg msg, Ed25519PrivateKey... signers) {
    return sign(List.of(msg), signers);
  }

  public void commit(BlockResult result) {
    if (result.height() != height + 1) {
      throw new IllegalStateException("block " + result.height() + " does not follow " + height);
    }
    for (Write write : result.writes()) {
      if (write.isDelete()) {
        store.delete(write.key());
      } else {
        store.put(write.key(), write.value());
      }
    }
    height = result.height();
    mempool = new OverlayState(store);
    eventIndexer.apply(result);
    afterEveryBlock.run();
  }
}
