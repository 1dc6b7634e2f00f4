package io.leasechain.node.app;

import com.google.protobuf.ByteString;
import io.leasechain.genesis.AppState;
import io.leasechain.genesis.GenesisException;
import io.leasechain.ledger.BlockContext;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.Ledger;
import io.leasechain.ledger.Proposal;
import io.leasechain.ledger.TxOutcome;
import io.leasechain.ledger.invariant.Invariants;
import io.leasechain.ledger.query.QueryError;
import io.leasechain.ledger.state.OverlayState;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.state.Write;
import io.leasechain.ledger.tx.TxParamsRules;
import io.leasechain.ledger.tx.proto.TxParams;
import io.leasechain.ledger.upgrade.UpgradeHalt;
import io.leasechain.ledger.upgrade.Upgrades;
import io.leasechain.node.abci.AbciApplication;
import io.leasechain.node.abci.proto.CheckTxType;
import io.leasechain.node.abci.proto.RequestApplySnapshotChunk;
import io.leasechain.node.abci.proto.RequestCheckTx;
import io.leasechain.node.abci.proto.RequestCommit;
import io.leasechain.node.abci.proto.RequestFinalizeBlock;
import io.leasechain.node.abci.proto.RequestInfo;
import io.leasechain.node.abci.proto.RequestInitChain;
import io.leasechain.node.abci.proto.RequestListSnapshots;
import io.leasechain.node.abci.proto.RequestLoadSnapshotChunk;
import io.leasechain.node.abci.proto.RequestOfferSnapshot;
import io.leasechain.node.abci.proto.RequestPrepareProposal;
import io.leasechain.node.abci.proto.RequestProcessProposal;
import io.leasechain.node.abci.proto.RequestQuery;
import io.leasechain.node.abci.proto.ResponseApplySnapshotChunk;
import io.leasechain.node.abci.proto.ResponseCheckTx;
import io.leasechain.node.abci.proto.ResponseCommit;
import io.leasechain.node.abci.proto.ResponseFinalizeBlock;
import io.leasechain.node.abci.proto.ResponseInfo;
import io.leasechain.node.abci.proto.ResponseInitChain;
import io.leasechain.node.abci.proto.ResponseListSnapshots;
import io.leasechain.node.abci.proto.ResponseLoadSnapshotChunk;
import io.leasechain.node.abci.proto.ResponseOfferSnapshot;
import io.leasechain.node.abci.proto.ResponsePrepareProposal;
import io.leasechain.node.abci.proto.ResponseProcessProposal;
import io.leasechain.node.abci.proto.ResponseQuery;
import io.leasechain.node.snapshot.SnapshotDirectory;
import io.leasechain.node.snapshot.StateSync;
import io.leasechain.node.store.BlockDraft;
import io.leasechain.node.store.CrashPoints;
import io.leasechain.node.store.RocksStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The ABCI application: adapts CometBFT's calls to the {@link Ledger} and persists its writes in
 * the {@link RocksStore}. FinalizeBlock only stages; Commit is the one place that writes. Query may
 * run on any thread at any time: it reads a snapshot of the last commit and no mutable field but
 * {@link #genesis} (and whether state sync is restoring). {@link #beforeCheckTx} too runs beside
 * the others, touching only {@link #ahead} and thread-safe caches. Every other call comes one at a
 * time.
 */
public final class LeasechainApp implements AbciApplication {

  public static final String VERSION = "0.1.0";
  public static final long APP_PROTOCOL_VERSION = 1;

  private static final Logger LOG = LoggerFactory.getLogger(LeasechainApp.class);

  private final RocksStore store;
  private final SignatureCache signatures = new SignatureCache(SignatureCache.DEFAULT_CAPACITY);
  private final Ledger ledger;
  private final SignaturesAhead signaturesAhead;

  /** Stops the node after a block this build must not run (a scheduled upgrade). */
  private final Runnable stopForUpgrade;

  private final Failpoints failpoints = Failpoints.fromEnvironment();

  /**
   * Genesis writes staged by InitChain; they reach disk with the first block's Commit. Never
   * written to after InitChain, so Query can read them from its own thread.
   */
  private volatile OverlayState genesis;

  /** The height of the first block, from InitChain. */
  private long initialHeight;

  /** Why a failed Commit stopped this app, or null: it then refuses every further block. */
  private String halted;

  /** The block FinalizeBlock executed, waiting for Commit. */
  private Finalized finalized;

  /**
   * A finalized block: what the ledger returned, the state after it (genesis writes included for
   * the first block) and its tree version, prepared but not written.
   */
  private record Finalized(BlockResult block, OverlayState state, RocksStore.Pending pending) {}

  private OverlayState mempool;

  /**
   * The chain id and tx params of the last commit (or genesis), for verifying signatures ahead
   * without the application lock; null before InitChain. Params a block changes only make an early
   * answer stale, never a decision: the ledger decides with the state's own.
   */
  private volatile Ahead ahead;

  private record Ahead(String chainId, TxParams params) {
    static Ahead of(ReadableState state) {
      return new Ahead(Ledger.chainId(state), TxParamsRules.STORE.get(state));
    }
  }

  /**
   * What this node's PrepareProposal chose last, before any failpoint added to it: its own proposal
   * coming back to ProcessProposal is accepted without running every tx again, as the same
   * selection on the same state, height and time keeps every tx it kept.
   */
  private Prepared prepared;

  private record Prepared(long height, com.google.protobuf.Timestamp time, List<ByteString> txs) {}

  private final boolean checkInvariants;

  private final StateSync stateSync;

  // Only the first Info (CometBFT's handshake) is logged at INFO: anyone with RPC access can call
  // /abci_info in a loop, which must not flood the log.
  private final AtomicBoolean infoLogged = new AtomicBoolean();

  public LeasechainApp(RocksStore store, boolean checkInvariants) {
    this(store, checkInvariants, null);
  }

  /** An app that also takes and serves state-sync snapshots in {@code snapshots} (null: none). */
  public LeasechainApp(RocksStore store, boolean checkInvariants, SnapshotDirectory snapshots) {
    this(store, checkInvariants, snapshots, Upgrades.none(), () -> {});
  }

  /**
   * An app whose build has the migrations of {@code upgrades}; when it must not run a block (an
   * upgrade it lacks, or one it has that is not due yet) it refuses the block, logs why and calls
   * {@code stopForUpgrade}.
   */
  public LeasechainApp(
      RocksStore store,
      boolean checkInvariants,
      SnapshotDirectory snapshots,
      Upgrades upgrades,
      Runnable stopForUpgrade) {
    this.store = store;
    this.ledger = new Ledger(signatures, upgrades);
    this.signaturesAhead = new SignaturesAhead(ledger, SignaturesAhead.DEFAULT_CAPACITY);
    this.stopForUpgrade = stopForUpgrade;
    this.checkInvariants = checkInvariants;
    this.mempool = new OverlayState(store);
    this.stateSync = new StateSync(store, snapshots, this::restored);
    if (store.lastCommit().height() > 0) {
      ahead = Ahead.of(store);
    }
  }

  @Override
  public ResponseInfo info(RequestInfo request) {
    RocksStore.Commit last = store.lastCommit();
    LOG.atLevel(infoLogged.compareAndSet(false, true) ? Level.INFO : Level.DEBUG)
        .log(
            "Info: CometBFT {} asks; last committed height {}",
            request.getVersion(),
            last.height());
    return ResponseInfo.newBuilder()
        .setData("leasechain")
        .setVersion(VERSION)
        .setAppVersion(APP_PROTOCOL_VERSION)
        .setLastBlockHeight(last.height())
        .setLastBlockAppHash(ByteString.copyFrom(last.appHash()))
        .build();
  }

  @Override
  public ResponseInitChain initChain(RequestInitChain request) {
    OverlayState staged = new OverlayState(store);
    try {
      ledger.initChain(
          staged,
          request.getChainId(),
          AppState.parse(request.getAppStateBytes().toByteArray())
              .withValidators(AbciBlocks.genesisValidators(request)));
    } catch (GenesisException e) {
      throw new IllegalArgumentException("invalid genesis app_state:\n" + e.getMessage(), e);
    }
    genesis = staged;
    ahead = Ahead.of(staged);
    byte[] genesisAppHash = RocksStore.rootOf(staged.writes());
    initialHeight = Math.max(1, request.getInitialHeight());
    mempool = new OverlayState(staged);
    LOG.info(
        "InitChain: chain {} from height {}, {} genesis keys",
        request.getChainId(),
        request.getInitialHeight(),
        staged.writes().size());
    return ResponseInitChain.newBuilder().setAppHash(ByteString.copyFrom(genesisAppHash)).build();
  }

  @Override
  public ResponseQuery query(RequestQuery request) {
    if (stateSync.restoring()) {
      return ResponseQuery.newBuilder()
          .setCode(QueryError.HEIGHT_UNAVAILABLE.code())
          .setCodespace(QueryError.HEIGHT_UNAVAILABLE.codespace())
          .setLog("state sync is restoring a snapshot: no state can be queried until it completes")
          .build();
    }
    // Genesis is read before the view is taken: Commit persists the first block before it
    // clears genesis, so a view still at height 0 always comes with the genesis writes.
    return NodeQueries.answer(request, store, genesis);
  }

  /**
   * A new tx's signatures are verified here, before the lock, so that on a second core they overlap
   * the consensus calls instead of queueing behind them; rechecks have theirs remembered.
   */
  @Override
  public void beforeCheckTx(RequestCheckTx request) {
    Ahead known = ahead;
    if (known != null && request.getType() != CheckTxType.RECHECK) {
      signaturesAhead.verify(known.chainId(), known.params(), request.getTx().toByteArray());
    }
  }

  @Override
  public ResponseCheckTx checkTx(RequestCheckTx request) {
    // A RECHECK after each block runs every check again, since params, sequences and balances may
    // have changed; the signatures, which cannot have, come from the cache.
    BlockContext context =
        BlockContext.mempool(Ledger.chainId(mempool), store.lastCommit().height() + 1);
    TxOutcome outcome =
        ledger.checkTx(new ReadAheadState(mempool, store), context, request.getTx().toByteArray());
    return ResponseCheckTx.newBuilder()
        .setCode(outcome.code())
        .setCodespace(outcome.codespace())
        .setLog(outcome.log())
        .setGasWanted(outcome.gasWanted())
        .setGasUsed(outcome.gasUsed())
        .build();
  }

  @Override
  public ResponsePrepareProposal prepareProposal(RequestPrepareProposal request) {
    ReadableState base = base();
    BlockContext context = context(request.getHeight(), request.getTime());
    List<byte[]> candidates = verifiedAhead(base, context.chainId(), request.getTxsList());
    Proposal proposal = ledger.selectProposal(base, context, candidates, request.getMaxTxBytes());
    ResponsePrepareProposal.Builder response = ResponsePrepareProposal.newBuilder();
    if (!failpoints.dropsMempool()) {
      proposal.included().forEach(i -> response.addTxs(request.getTxs(i)));
    }
    prepared =
        new Prepared(request.getHeight(), request.getTime(), List.copyOf(response.getTxsList()));
    response.addAllTxs(
        failpoints.invalidTxs(
            context.chainId(),
            TxParamsRules.STORE.get(base),
            request.getHeight(),
            request.getTxsList()));
    return response.build();
  }

  /**
   * Accepts exactly the blocks PrepareProposal of a correct node could have made from the same
   * committed state, height and time: every tx must pass, in order, on top of the ones before it.
   */
  @Override
  public ResponseProcessProposal processProposal(RequestProcessProposal request) {
    Prepared own = prepared;
    if (own != null
        && own.height() == request.getHeight()
        && own.time().equals(request.getTime())
        && own.txs().equals(request.getTxsList())) {
      return ResponseProcessProposal.newBuilder()
          .setStatus(ResponseProcessProposal.ProposalStatus.ACCEPT)
          .build();
    }
    ReadableState base = base();
    BlockContext context = context(request.getHeight(), request.getTime());
    List<byte[]> txs = bytes(request.getTxsList());
    // Only the txs the gas cap lets the rule reach: a byzantine proposer's 21 MiB block would
    // otherwise cost every validator a verification per tx before it is refused.
    signaturesAhead.verifyAll(
        context.chainId(),
        TxParamsRules.STORE.get(base),
        txs.subList(0, ledger.proposalReach(base, txs)));
    Optional<Proposal.Excluded> refusal = ledger.proposalRefusal(base, context, txs);
    if (refusal.isPresent()) {
      LOG.warn(
          "ProcessProposal: rejecting block {}: a correct proposer leaves out tx {} of {}: {}",
          request.getHeight(),
          refusal.get().index(),
          request.getTxsCount(),
          refusal.get().reason());
      return ResponseProcessProposal.newBuilder()
          .setStatus(ResponseProcessProposal.ProposalStatus.REJECT)
          .build();
    }
    return ResponseProcessProposal.newBuilder()
        .setStatus(ResponseProcessProposal.ProposalStatus.ACCEPT)
        .build();
  }

  /**
   * The txs as bytes, their signatures verified in parallel first; the ledger then runs them in
   * order and finds each answer remembered.
   */
  private List<byte[]> verifiedAhead(ReadableState base, String chainId, List<ByteString> txs) {
    List<byte[]> bytes = bytes(txs);
    signaturesAhead.verifyAll(chainId, TxParamsRules.STORE.get(base), bytes);
    return bytes;
  }

  private static List<byte[]> bytes(List<ByteString> txs) {
    List<byte[]> bytes = new ArrayList<>(txs.size());
    for (ByteString tx : txs) {
      bytes.add(tx.toByteArray());
    }
    return bytes;
  }

  /** The signature cache, for tests and metrics. */
  SignatureCache signatureCache() {
    return signatures;
  }

  @Override
  public ResponseFinalizeBlock finalizeBlock(RequestFinalizeBlock request) {
    requireNotHalted();
    long next = nextHeight();
    if (request.getHeight() != next) {
      throw new IllegalStateException(
          "FinalizeBlock at height " + request.getHeight() + "; the next height is " + next);
    }
    BlockContext context = AbciBlocks.context(Ledger.chainId(base()), request);
    List<byte[]> txs = verifiedAhead(base(), context.chainId(), request.getTxsList());
    // The block's tree version is drafted from its writes while its txs run.
    BlockDraft draft = store.draft(request.getHeight());
    BlockResult block;
    OverlayState after;
    try {
      block = ledger.finalizeBlock(base(), context, txs, draft.progress());
      if (!txs.isEmpty()) {
        // The block's txs have run in memory; nothing is staged or answered yet.
        CrashPoints.reach("finalize-block");
      }
      // The first block carries the genesis writes with it; block writes win on equal keys.
      after = new OverlayState(store);
      if (genesis != null) {
        genesis.commitTo(after);
      }
      for (Write write : block.writes()) {
        if (write.isDelete()) {
          after.delete(write.key());
        } else {
          after.put(write.key(), write.value());
        }
      }
    } catch (UpgradeHalt e) {
      draft.cancel();
      // Nothing of this block is staged: the state stays at the height before, and a restart
      // with the right build executes the block again (CometBFT replays it from its store).
      halted = e.getMessage();
      LOG.error(e.getMessage());
      stopForUpgrade.run();
      throw e;
    } catch (RuntimeException | Error e) {
      draft.cancel();
      throw e;
    }
    RocksStore.Pending pending = store.prepare(block.height(), after.writes(), draft);
    finalized = new Finalized(block, after, pending);
    ResponseFinalizeBlock.Builder response =
        ResponseFinalizeBlock.newBuilder()
            .setAppHash(ByteString.copyFrom(pending.appHash()))
            .addAllEvents(AbciEvents.toAbci(block.events()))
            .addAllValidatorUpdates(AbciBlocks.toAbci(block.validatorUpdates()));
    block.txs().forEach(outcome -> response.addTxResults(AbciEvents.toExecTxResult(outcome)));
    return response.build();
  }

  @Override
  public ResponseCommit commit(RequestCommit request) {
    requireNotHalted();
    if (finalized == null) {
      throw new IllegalStateException("Commit without a finalized block");
    }
    BlockResult block = finalized.block();
    CrashPoints.reach("before-commit");
    failpoints.beforeCommit(block.height());
    try {
      if (block.height() != nextHeight()) {
        throw new IllegalStateException(
            "Commit of height " + block.height() + "; the next height is " + nextHeight());
      }
      // Checked before writing, so that a block breaking them never reaches the disk.
      if (checkInvariants) {
        List<String> broken = Invariants.broken(finalized.state(), block.height());
        if (!broken.isEmpty()) {
          throw new IllegalStateException(
              "invariants broken after height " + block.height() + ": " + broken);
        }
      }
      store.commit(finalized.pending());
    } catch (RuntimeException | Error e) {
      // CometBFT halts on this Commit's exception; the app must not carry on either, with a
      // staged block or genesis that no longer matches what is (or is not) on disk.
      halted = "Commit of height " + block.height() + " failed: " + e;
      finalized = null;
      LOG.error("{}; refusing every further block", halted, e);
      throw e;
    }
    genesis = null;
    finalized = null;
    prepared = null;
    mempool = new OverlayState(store);
    ahead = Ahead.of(store);
    stateSync.afterCommit(block.height());
    // On disk, but CometBFT has not heard that Commit returned.
    CrashPoints.reach("after-commit");
    return ResponseCommit.getDefaultInstance();
  }

  @Override
  public ResponseListSnapshots listSnapshots(RequestListSnapshots request) {
    return stateSync.listSnapshots();
  }

  @Override
  public ResponseLoadSnapshotChunk loadSnapshotChunk(RequestLoadSnapshotChunk request) {
    return stateSync.loadSnapshotChunk(request);
  }

  @Override
  public ResponseOfferSnapshot offerSnapshot(RequestOfferSnapshot request) {
    requireNotHalted();
    return stateSync.offerSnapshot(request);
  }

  @Override
  public ResponseApplySnapshotChunk applySnapshotChunk(RequestApplySnapshotChunk request) {
    requireNotHalted();
    return stateSync.applySnapshotChunk(request);
  }

  /** After a state-sync restore the store holds the snapshot height: nothing staged survives. */
  private void restored() {
    genesis = null;
    finalized = null;
    prepared = null;
    mempool = new OverlayState(store);
    ahead = Ahead.of(store);
  }

  private void requireNotHalted() {
    if (halted != null) {
      throw new IllegalStateException("halted: " + halted);
    }
  }

  /** The height the next FinalizeBlock must carry. */
  private long nextHeight() {
    if (genesis != null) {
      return initialHeight;
    }
    long last = store.lastCommit().height();
    if (last == 0) {
      throw new IllegalStateException("no block can be executed before InitChain");
    }
    return last + 1;
  }

  /** Committed state, plus the genesis writes while the first block is not yet committed. */
  private ReadableState base() {
    return genesis != null ? genesis : store;
  }

  private BlockContext context(long height, com.google.protobuf.Timestamp time) {
    return new BlockContext(Ledger.chainId(base()), height, time.getSeconds(), time.getNanos());
  }
}
