package io.leasechain.node.app;

import com.google.protobuf.ByteString;
import io.leasechain.genesis.AppState;
import io.leasechain.genesis.GenesisException;
import io.leasechain.ledger.AppHash;
import io.leasechain.ledger.BlockContext;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.Ledger;
import io.leasechain.ledger.Proposal;
import io.leasechain.ledger.TxOutcome;
import io.leasechain.ledger.invariant.Invariants;
import io.leasechain.ledger.state.OverlayState;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.state.Write;
import io.leasechain.ledger.tx.TxParamsRules;
import io.leasechain.node.abci.AbciApplication;
import io.leasechain.node.abci.proto.RequestCheckTx;
import io.leasechain.node.abci.proto.RequestCommit;
import io.leasechain.node.abci.proto.RequestFinalizeBlock;
import io.leasechain.node.abci.proto.RequestInfo;
import io.leasechain.node.abci.proto.RequestInitChain;
import io.leasechain.node.abci.proto.RequestPrepareProposal;
import io.leasechain.node.abci.proto.RequestProcessProposal;
import io.leasechain.node.abci.proto.RequestQuery;
import io.leasechain.node.abci.proto.ResponseCheckTx;
import io.leasechain.node.abci.proto.ResponseCommit;
import io.leasechain.node.abci.proto.ResponseFinalizeBlock;
import io.leasechain.node.abci.proto.ResponseInfo;
import io.leasechain.node.abci.proto.ResponseInitChain;
import io.leasechain.node.abci.proto.ResponsePrepareProposal;
import io.leasechain.node.abci.proto.ResponseProcessProposal;
import io.leasechain.node.abci.proto.ResponseQuery;
import io.leasechain.node.store.RocksStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ABCI application: adapts CometBFT's calls to the {@link Ledger} and persists its writes in
 * the {@link RocksStore}. FinalizeBlock only stages; Commit is the one place that writes.
 */
public final class LeasechainApp implements AbciApplication {

  public static final String VERSION = "0.1.0";
  public static final long APP_PROTOCOL_VERSION = 1;

  private static final Logger LOG = LoggerFactory.getLogger(LeasechainApp.class);

  private final RocksStore store;
  private final SignatureCache signatures = new SignatureCache(SignatureCache.DEFAULT_CAPACITY);
  private final Ledger ledger = new Ledger(signatures);
  private final NodeQueries queries;
  private final Failpoints failpoints = Failpoints.fromEnvironment();

  /** Genesis writes staged by InitChain; they reach disk with the first block's Commit. */
  private OverlayState genesis;

  private byte[] genesisAppHash;

  /** The block FinalizeBlock executed, waiting for Commit. */
  private BlockResult finalized;

  private OverlayState mempool;

  private final boolean checkInvariants;

  public LeasechainApp(RocksStore store, boolean checkInvariants) {
    this.store = store;
    this.checkInvariants = checkInvariants;
    this.queries = new NodeQueries(store);
    this.mempool = new OverlayState(store);
  }

  @Override
  public ResponseInfo info(RequestInfo request) {
    RocksStore.Commit last = store.lastCommit();
    LOG.info(
        "Info: CometBFT {} asks; last committed height {}", request.getVersion(), last.height());
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
    genesisAppHash = AppHash.genesis(staged.writes());
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
    return queries.answer(request, base());
  }

  @Override
  public ResponseCheckTx checkTx(RequestCheckTx request) {
    // A RECHECK after each block runs every check again, since params, sequences and balances may
    // have changed; the signatures, which cannot have, come from the cache.
    BlockContext context =
        BlockContext.mempool(Ledger.chainId(mempool), store.lastCommit().height() + 1);
    TxOutcome outcome = ledger.checkTx(mempool, context, request.getTx().toByteArray());
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
    Proposal proposal =
        ledger.selectProposal(base, context, bytes(request.getTxsList()), request.getMaxTxBytes());
    ResponsePrepareProposal.Builder response = ResponsePrepareProposal.newBuilder();
    proposal.included().forEach(i -> response.addTxs(request.getTxs(i)));
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
    Optional<Proposal.Excluded> refusal =
        ledger.proposalRefusal(
            base(), context(request.getHeight(), request.getTime()), bytes(request.getTxsList()));
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
    List<byte[]> txs = new ArrayList<>(request.getTxsCount());
    for (ByteString tx : request.getTxsList()) {
      txs.add(tx.toByteArray());
    }
    byte[] previous = genesis != null ? genesisAppHash : store.lastCommit().appHash();
    BlockContext context = AbciBlocks.context(Ledger.chainId(base()), request);
    finalized = ledger.finalizeBlock(base(), context, txs, previous);
    ResponseFinalizeBlock.Builder response =
        ResponseFinalizeBlock.newBuilder()
            .setAppHash(ByteString.copyFrom(finalized.appHash()))
            .addAllEvents(AbciEvents.toAbci(finalized.events()))
            .addAllValidatorUpdates(AbciBlocks.toAbci(finalized.validatorUpdates()));
    finalized.txs().forEach(outcome -> response.addTxResults(AbciEvents.toExecTxResult(outcome)));
    return response.build();
  }

  @Override
  public ResponseCommit commit(RequestCommit request) {
    if (finalized == null) {
      throw new IllegalStateException("Commit without a finalized block");
    }
    failpoints.beforeCommit(finalized.height());
    List<Write> writes = finalized.writes();
    if (genesis != null) {
      // The first block carries the genesis writes with it; block writes win on equal keys.
      OverlayState combined = new OverlayState(store);
      genesis.commitTo(combined);
      for (Write write : finalized.writes()) {
        if (write.isDelete()) {
          combined.delete(write.key());
        } else {
          combined.put(write.key(), write.value());
        }
      }
      writes = combined.writes();
    }
    store.commit(finalized.height(), finalized.appHash(), writes);
    if (checkInvariants) {
      List<String> broken = Invariants.broken(store, finalized.height());
      if (!broken.isEmpty()) {
        LOG.error("invariants broken after height {}: {}", finalized.height(), broken);
        throw new IllegalStateException(
            "invariants broken after height " + finalized.height() + ": " + broken);
      }
    }
    genesis = null;
    finalized = null;
    mempool = new OverlayState(store);
    return ResponseCommit.getDefaultInstance();
  }

  /** Committed state, plus the genesis writes while the first block is not yet committed. */
  private ReadableState base() {
    return genesis != null ? genesis : store;
  }

  private BlockContext context(long height, com.google.protobuf.Timestamp time) {
    return new BlockContext(Ledger.chainId(base()), height, time.getSeconds(), time.getNanos());
  }
}
