package io.leasechain.node.abci;

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
 * A CometBFT ABCI 2.0 application, called one request at a time; an exception it throws halts
 * CometBFT.
 */
public interface AbciApplication {

  ResponseInfo info(RequestInfo request);

  ResponseInitChain initChain(RequestInitChain request);

  ResponseQuery query(RequestQuery request);

  /**
   * Work on a CheckTx that needs no application state, run before {@link #checkTx} on the same
   * connection but outside the lock that orders CheckTx with consensus calls, so it can overlap
   * them. Must not throw; does nothing by default.
   */
  default void beforeCheckTx(RequestCheckTx request) {}

  ResponseCheckTx checkTx(RequestCheckTx request);

  ResponsePrepareProposal prepareProposal(RequestPrepareProposal request);

  ResponseProcessProposal processProposal(RequestProcessProposal request);

  ResponseFinalizeBlock finalizeBlock(RequestFinalizeBlock request);

  /** Adds no vote extension; CometBFT only calls this once vote extensions are enabled. */
  default ResponseExtendVote extendVote(RequestExtendVote request) {
    return ResponseExtendVote.getDefaultInstance();
  }

  /** Accepts every extension, the only safe answer while {@link #extendVote} adds none. */
  default ResponseVerifyVoteExtension verifyVoteExtension(RequestVerifyVoteExtension request) {
    return ResponseVerifyVoteExtension.newBuilder()
        .setStatus(ResponseVerifyVoteExtension.VerifyStatus.ACCEPT)
        .build();
  }

  ResponseCommit commit(RequestCommit request);

  /** Offers no snapshots, for an application without state sync. */
  default ResponseListSnapshots listSnapshots(RequestListSnapshots request) {
    return ResponseListSnapshots.getDefaultInstance();
  }

  /** Aborts state sync outright: no other peer's snapshot would be restorable either. */
  default ResponseOfferSnapshot offerSnapshot(RequestOfferSnapshot request) {
    return ResponseOfferSnapshot.newBuilder().setResult(ResponseOfferSnapshot.Result.ABORT).build();
  }

  /** Returns an empty chunk, since {@link #listSnapshots} never advertises one. */
  default ResponseLoadSnapshotChunk loadSnapshotChunk(RequestLoadSnapshotChunk request) {
    return ResponseLoadSnapshotChunk.getDefaultInstance();
  }

  /** Aborts state sync, matching {@link #offerSnapshot}. */
  default ResponseApplySnapshotChunk applySnapshotChunk(RequestApplySnapshotChunk request) {
    return ResponseApplySnapshotChunk.newBuilder()
        .setResult(ResponseApplySnapshotChunk.Result.ABORT)
        .build();
  }
}
