package io.leasechain.node.abci;

import com.google.protobuf.ByteString;
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

/** A do-nothing application whose CheckTx throws on the transaction {@link #BOOM}. */
class StubApplication implements AbciApplication {

  static final ByteString BOOM = ByteString.copyFromUtf8("boom");

  @Override
  public ResponseInfo info(RequestInfo request) {
    return ResponseInfo.newBuilder().setData("stub").build();
  }

  @Override
  public ResponseInitChain initChain(RequestInitChain request) {
    return ResponseInitChain.getDefaultInstance();
  }

  @Override
  public ResponseQuery query(RequestQuery request) {
    return ResponseQuery.newBuilder().setValue(request.getData()).build();
  }

  @Override
  public ResponseCheckTx checkTx(RequestCheckTx request) {
    if (request.getTx().equals(BOOM)) {
      throw new IllegalStateException("boom tx");
    }
    return ResponseCheckTx.getDefaultInstance();
  }

  @Override
  public ResponsePrepareProposal prepareProposal(RequestPrepareProposal request) {
    return ResponsePrepareProposal.newBuilder().addAllTxs(request.getTxsList()).build();
  }

  @Override
  public ResponseProcessProposal processProposal(RequestProcessProposal request) {
    return ResponseProcessProposal.newBuilder()
        .setStatus(ResponseProcessProposal.ProposalStatus.ACCEPT)
        .build();
  }

  @Override
  public ResponseFinalizeBlock finalizeBlock(RequestFinalizeBlock request) {
    return ResponseFinalizeBlock.getDefaultInstance();
  }

  @Override
  public ResponseCommit commit(RequestCommit request) {
    return ResponseCommit.getDefaultInstance();
  }
}
