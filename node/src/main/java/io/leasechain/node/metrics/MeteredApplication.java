package io.leasechain.node.metrics;

import io.leasechain.node.abci.AbciApplication;
import io.leasechain.node.abci.proto.RequestApplySnapshotChunk;
import io.leasechain.node.abci.proto.RequestCheckTx;
import io.leasechain.node.abci.proto.RequestCommit;
import io.leasechain.node.abci.proto.RequestExtendVote;
import io.leasechain.node.abci.proto.RequestFinalizeBlock;
import io.leasechain.node.abci.proto.RequestInfo;
import io.leasechain.node.abci.proto.RequestInitChain;
import io.leasechain.node.abci.proto.RequestListSnapshots;
import io.leasechain.node.abci.proto.RequestLoadSnapshotChunk;
import io.leasechain.node.abci.proto.RequestOfferSnapshot;
import io.leasechain.node.abci.proto.RequestPrepareProposal;
import io.leasechain.node.abci.proto.RequestProcessProposal;
import io.leasechain.node.abci.proto.RequestQuery;
import io.leasechain.node.abci.proto.RequestVerifyVoteExtension;
import io.leasechain.node.abci.proto.ResponseApplySnapshotChunk;
import io.leasechain.node.abci.proto.ResponseCheckTx;
import io.leasechain.node.abci.proto.ResponseCommit;
import io.leasechain.node.abci.proto.ResponseExtendVote;
import io.leasechain.node.abci.proto.ResponseFinalizeBlock;
import io.leasechain.node.abci.proto.ResponseInfo;
import io.leasechain.node.abci.proto.ResponseInitChain;
import io.leasechain.node.abci.proto.ResponseListSnapshots;
import io.leasechain.node.abci.proto.ResponseLoadSnapshotChunk;
import io.leasechain.node.abci.proto.ResponseOfferSnapshot;
import io.leasechain.node.abci.proto.ResponsePrepareProposal;
import io.leasechain.node.abci.proto.ResponseProcessProposal;
import io.leasechain.node.abci.proto.ResponseQuery;
import io.leasechain.node.abci.proto.ResponseVerifyVoteExtension;

/**
 * An application that records {@link NodeMetrics} around another: the ledger stays unaware of
 * metrics, which are read from the ABCI requests and responses alone.
 */
public final class MeteredApplication implements AbciApplication {

  private final AbciApplication app;
  private final NodeMetrics metrics;
  // Set by FinalizeBlock, reported once the block is committed; ABCI calls come one at a time.
  private long finalizedHeight;

  public MeteredApplication(AbciApplication app, NodeMetrics metrics) {
    this.app = app;
    this.metrics = metrics;
  }

  @Override
  public ResponseInfo info(RequestInfo request) {
    return app.info(request);
  }

  @Override
  public ResponseInitChain initChain(RequestInitChain request) {
    return app.initChain(request);
  }

  @Override
  public ResponseQuery query(RequestQuery request) {
    return app.query(request);
  }

  @Override
  public ResponseExtendVote extendVote(RequestExtendVote request) {
    return app.extendVote(request);
  }

  @Override
  public ResponseVerifyVoteExtension verifyVoteExtension(RequestVerifyVoteExtension request) {
    return app.verifyVoteExtension(request);
  }

  @Override
  public void beforeCheckTx(RequestCheckTx request) {
    app.beforeCheckTx(request);
  }

  @Override
  public ResponseCheckTx checkTx(RequestCheckTx request) {
    ResponseCheckTx response = app.checkTx(request);
    if (response.getCode() != 0) {
      metrics.checkTxRejected(response.getCode());
    }
    return response;
  }

  @Override
  public ResponsePrepareProposal prepareProposal(RequestPrepareProposal request) {
    return app.prepareProposal(request);
  }

  @Override
  public ResponseProcessProposal processProposal(RequestProcessProposal request) {
    return app.processProposal(request);
  }

  @Override
  public ResponseFinalizeBlock finalizeBlock(RequestFinalizeBlock request) {
    long start = System.nanoTime();
    ResponseFinalizeBlock response = app.finalizeBlock(request);
    metrics.finalizeBlockTook(System.nanoTime() - start);
    for (int i = 0; i < request.getTxsCount() && i < response.getTxResultsCount(); i++) {
      metrics.txDelivered(request.getTxs(i).toByteArray(), response.getTxResults(i).getCode());
    }
    finalizedHeight = request.getHeight();
    return response;
  }

  @Override
  public ResponseCommit commit(RequestCommit request) {
    long start = System.nanoTime();
    ResponseCommit response = app.commit(request);
    metrics.committed(finalizedHeight, System.nanoTime() - start);
    return response;
  }

  @Override
  public ResponseListSnapshots listSnapshots(RequestListSnapshots request) {
    return app.listSnapshots(request);
  }

  @Override
  public ResponseOfferSnapshot offerSnapshot(RequestOfferSnapshot request) {
    return app.offerSnapshot(request);
  }

  @Override
  public ResponseLoadSnapshotChunk loadSnapshotChunk(RequestLoadSnapshotChunk request) {
    return app.loadSnapshotChunk(request);
  }

  @Override
  public ResponseApplySnapshotChunk applySnapshotChunk(RequestApplySnapshotChunk request) {
    return app.applySnapshotChunk(request);
  }
}
