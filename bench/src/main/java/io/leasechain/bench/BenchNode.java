package io.leasechain.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.leasechain.client.tx.Messages;
import io.leasechain.client.tx.TxSigner;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.node.abci.proto.RequestCheckTx;
import io.leasechain.node.abci.proto.RequestCommit;
import io.leasechain.node.abci.proto.RequestFinalizeBlock;
import io.leasechain.node.abci.proto.ResponseCheckTx;
import io.leasechain.node.abci.proto.ResponseFinalizeBlock;
import io.leasechain.node.app.LeasechainApp;
import io.leasechain.node.config.AppConfig;
import io.leasechain.node.store.RocksStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The node's app over a generated state, fed blocks of signed txs that touch it at random: sends to
 * tenants, escrow top-ups of existing leases, new orders. Blocks are built and admitted through
 * CheckTx (which caches their signatures, as on a live node) before FinalizeBlock, so that what a
 * benchmark times is FinalizeBlock + Commit alone, the same work at every state size.
 */
public final class BenchNode implements AutoCloseable {

  /** Shares of a block: sends, top-ups; the rest are new orders. */
  static final double SENDS = 0.4;

  static final double TOP_UPS = 0.4;

  private static final long FEE = 1_000;
  private static final long GAS = 200_000;

  private final RocksStore store;
  private final LeasechainApp app;
  private final BenchAccounts accounts;
  private final Ed25519PrivateKey[] tenants;
  private final Ed25519PrivateKey[] senders;
  private final Address[] tenantAddresses;
  private final long firstOrderId;
  private final int blockTxs;

  /**
   * Opens the app on the store at {@code directory}, which a generator filled for {@code accounts}.
   */
  public BenchNode(Path directory, BenchAccounts accounts, int blockTxs) {
    this.store = RocksStore.open(directory, 0, caches());
    this.app = new LeasechainApp(store, false);
    this.accounts = accounts;
    this.blockTxs = blockTxs;
    this.tenants = new Ed25519PrivateKey[accounts.tenants()];
    this.tenantAddresses = new Address[accounts.tenants()];
    for (int i = 0; i < tenants.length; i++) {
      tenants[i] = accounts.tenant(i);
      tenantAddresses[i] = BenchAccounts.address(tenants[i]);
    }
    this.senders = new Ed25519PrivateKey[accounts.senders()];
    for (int i = 0; i < senders.length; i++) {
      senders[i] = accounts.sender(i);
    }
    // Generated orders are numbered from 1 in lease order.
    this.firstOrderId = 1;
  }

  /**
   * The node's default caches, unless the system properties {@code bench.treeCacheMb}, {@code
   * bench.blockCacheMb} or {@code bench.stateCacheMb} size them as app.toml's {@code [state]}
   * would.
   */
  static RocksStore.Caches caches() {
    RocksStore.Caches defaults = AppConfig.StateConfig.DEFAULTS.caches();
    return new RocksStore.Caches(
        mebibytes("bench.treeCacheMb", defaults.nodeBytes()),
        mebibytes("bench.blockCacheMb", defaults.blockBytes()),
        mebibytes("bench.stateCacheMb", defaults.stateBytes()));
  }

  /** A size in MiB from a system property, refused unless a whole number; else the default. */
  private static long mebibytes(String property, long defaultBytes) {
    String value = System.getProperty(property);
    if (value == null) {
      return defaultBytes;
    }
    try {
      return Math.multiplyExact(Long.parseLong(value.trim()), 1L << 20);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(property + " must be a whole number of MiB, not " + value);
    }
  }

  public BenchAccounts accounts() {
    return accounts;
  }

  public RocksStore store() {
    return store;
  }

  /** A message and the key that signs it, one tx. */
  public record Signed(Ed25519PrivateKey signer, Msg msg) {}

  /**
   * The next block: {@code blockTxs} txs signed and admitted by CheckTx; throws if CheckTx refuses
   * one. Deterministic for a given height.
   */
  public RequestFinalizeBlock nextBlock() {
    return admit(nextTxs());
  }

  /**
   * The messages of the next block: sends to tenants, escrow top-ups of existing leases, new
   * orders. Deterministic for a given height.
   */
  public List<Signed> nextTxs() {
    long height = store.lastCommit().height() + 1;
    SplittableRandom random = new SplittableRandom(height);
    int sends = (int) (blockTxs * SENDS);
    int topUps = (int) (blockTxs * TOP_UPS);
    List<Signed> txs = new ArrayList<>(blockTxs);
    for (int i = 0; i < blockTxs; i++) {
      if (i < sends) {
        Ed25519PrivateKey signer = senders[random.nextInt(senders.length)];
        txs.add(
            new Signed(
                signer,
                Messages.send(
                    BenchAccounts.address(signer),
                    tenantAddresses[random.nextInt(tenantAddresses.length)],
                    1)));
      } else if (i < sends + topUps) {
        long lease = random.nextLong(accounts.leases());
        Ed25519PrivateKey signer = tenants[accounts.tenantOf(lease)];
        txs.add(
            new Signed(
                signer,
                Messages.topUpEscrow(BenchAccounts.address(signer), firstOrderId + lease, 1_000)));
      } else {
        Ed25519PrivateKey signer = tenants[random.nextInt(tenants.length)];
        txs.add(new Signed(signer, StateGenerator.order(BenchAccounts.address(signer))));
      }
    }
    return txs;
  }

  /**
   * The block of {@code txs} at the next height, each signed with the sequence its account will
   * have and admitted by CheckTx; throws if CheckTx refuses one.
   */
  public RequestFinalizeBlock admit(List<Signed> txs) {
    List<ByteString> signed = signAll(txs);
    for (int i = 0; i < signed.size(); i++) {
      RequestCheckTx request = RequestCheckTx.newBuilder().setTx(signed.get(i)).build();
      // As the ABCI server calls them: without the first, FinalizeBlock would verify again the
      // signatures a live node's CheckTx remembered, and a benchmark would time that too.
      app.beforeCheckTx(request);
      ResponseCheckTx checked = app.checkTx(request);
      if (checked.getCode() != 0) {
        throw new IllegalStateException("CheckTx refused tx " + i + ": " + checked.getLog());
      }
    }
    return block(signed);
  }

  /**
   * {@code txs} signed in order, each with the sequence its account will have after the ones before
   * it; no CheckTx.
   */
  public List<ByteString> signAll(List<Signed> txs) {
    Map<Address, Long> sequences = new HashMap<>();
    List<ByteString> signed = new ArrayList<>(txs.size());
    for (Signed tx : txs) {
      Address address = BenchAccounts.address(tx.signer());
      long sequence =
          sequences.computeIfAbsent(address, a -> BankKeeper.account(store, a).getSequence());
      sequences.put(address, sequence + 1);
      signed.add(ByteString.copyFrom(sign(tx, sequence)));
    }
    return signed;
  }

  /** The block of {@code txs} at the next height and its block time. */
  public RequestFinalizeBlock block(List<ByteString> txs) {
    long height = store.lastCommit().height() + 1;
    return RequestFinalizeBlock.newBuilder()
        .setHeight(height)
        .setTime(Timestamp.newBuilder().setSeconds(BenchAccounts.time(height)))
        .addAllTxs(txs)
        .build();
  }

  /** {@code signed} as a tx with {@code sequence}, the fee and gas every bench tx pays. */
  public static byte[] sign(Signed signed, long sequence) {
    return TxSigner.sign(
        List.of(signed.msg()),
        List.of(new TxSigner.SignerAccount(signed.signer(), sequence)),
        TxSigner.Options.of(BenchAccounts.CHAIN_ID, FEE, GAS));
  }

  /** The app, for benchmarks that call one ABCI method at a time. */
  public LeasechainApp app() {
    return app;
  }

  /** FinalizeBlock then Commit, as CometBFT calls them; throws if a tx of the block failed. */
  public ResponseFinalizeBlock run(RequestFinalizeBlock block) {
    ResponseFinalizeBlock response = finalizeBlock(block);
    commit();
    return response;
  }

  /** FinalizeBlock alone: the ledger runs the block and the store prepares its tree version. */
  public ResponseFinalizeBlock finalizeBlock(RequestFinalizeBlock block) {
    return app.finalizeBlock(block);
  }

  /** Commit alone: the block's state, tree nodes and bookkeeping written in one synced batch. */
  public void commit() {
    app.commit(RequestCommit.getDefaultInstance());
  }

  /** Throws unless every tx of {@code response} succeeded. */
  public static void requireAllOk(ResponseFinalizeBlock response) {
    for (int i = 0; i < response.getTxResultsCount(); i++) {
      if (response.getTxResults(i).getCode() != 0) {
        throw new IllegalStateException(
            "tx " + i + " failed: " + response.getTxResults(i).getLog());
      }
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
