package io.leasechain.node.abci;

import com.google.protobuf.InvalidProtocolBufferException;
import io.leasechain.node.abci.proto.Request;
import io.leasechain.node.abci.proto.Response;
import io.leasechain.node.abci.proto.ResponseEcho;
import io.leasechain.node.abci.proto.ResponseException;
import io.leasechain.node.abci.proto.ResponseFlush;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.EventExecutor;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers the length-delimited ABCI requests of one CometBFT connection, in order. */
final class AbciConnectionHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(AbciConnectionHandler.class);

  private static final Response FLUSH =
      Response.newBuilder().setFlush(ResponseFlush.getDefaultInstance()).build();

  // A single thread: running every request of the connection on it, Echo and Flush
  // included, keeps the answers in request order and the application off the I/O threads.
  private final EventExecutor executor;
  private final AbciApplication app;
  private final Lock appLock;

  AbciConnectionHandler(EventExecutor executor, AbciApplication app, Lock appLock) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.app = Objects.requireNonNull(app, "app");
    this.appLock = Objects.requireNonNull(appLock, "appLock");
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    log.info("ABCI connection opened from {}", ctx.channel().remoteAddress());
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    log.info("ABCI connection from {} closed", ctx.channel().remoteAddress());
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf frame = (ByteBuf) msg;
    try {
      executor.execute(() -> answer(ctx, frame));
    } catch (RuntimeException e) {
      frame.release();
      throw e;
    }
  }

  private void answer(ChannelHandlerContext ctx, ByteBuf frame) {
    Response response;
    try {
      response = respond(frame);
    } finally {
      frame.release();
    }
    // CometBFT's client sends Flush after every synchronous call (and on a 20 ms timer for
    // async CheckTx) and waits for its answer, so holding the rest back until then lets
    // one syscall carry a whole batch without ever stalling the client.
    if (response.hasFlush()) {
      ctx.writeAndFlush(response);
    } else {
      ctx.write(response);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Only framing and I/O failures get here; after them the byte stream cannot be
    // resynchronised, so the connection has to go.
    log.error("ABCI connection from {} failed; closing it", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }

  private Response respond(ByteBuf frame) {
    Request request;
    try {
      request = Request.parseFrom(frame.nioBuffer());
    } catch (InvalidProtocolBufferException e) {
      log.error("Malformed ABCI request", e);
      return exception("malformed request: " + e.getMessage());
    }
    return switch (request.getValueCase()) {
      case ECHO ->
          Response.newBuilder()
              .setEcho(ResponseEcho.newBuilder().setMessage(request.getEcho().getMessage()))
              .build();
      case FLUSH -> FLUSH;
      case INFO -> call(request, () -> Response.newBuilder().setInfo(app.info(request.getInfo())));
      case INIT_CHAIN ->
          call(
              request,
              () -> Response.newBuilder().setInitChain(app.initChain(request.getInitChain())));
      case QUERY ->
          call(request, () -> Response.newBuilder().setQuery(app.query(request.getQuery())));
      case CHECK_TX ->
          call(request, () -> Response.newBuilder().setCheckTx(app.checkTx(request.getCheckTx())));
      case COMMIT ->
          call(request, () -> Response.newBuilder().setCommit(app.commit(request.getCommit())));
      case LIST_SNAPSHOTS ->
          call(
              request,
              () ->
                  Response.newBuilder()
                      .setListSnapshots(app.listSnapshots(request.getListSnapshots())));
      case OFFER_SNAPSHOT ->
          call(
              request,
              () ->
                  Response.newBuilder()
                      .setOfferSnapshot(app.offerSnapshot(request.getOfferSnapshot())));
      case LOAD_SNAPSHOT_CHUNK ->
          call(
              request,
              () ->
                  Response.newBuilder()
                      .setLoadSnapshotChunk(app.loadSnapshotChunk(request.getLoadSnapshotChunk())));
      case APPLY_SNAPSHOT_CHUNK ->
          call(
              request,
              () ->
                  Response.newBuilder()
                      .setApplySnapshotChunk(
                          app.applySnapshotChunk(request.getApplySnapshotChunk())));
      case PREPARE_PROPOSAL ->
          call(
              request,
              () ->
                  Response.newBuilder()
                      .setPrepareProposal(app.prepareProposal(request.getPrepareProposal())));
      case PROCESS_PROPOSAL ->
          call(
              request,
              () ->
                  Response.newBuilder()
                      .setProcessProposal(app.processProposal(request.getProcessProposal())));
      case EXTEND_VOTE ->
          call(
              request,
              () -> Response.newBuilder().setExtendVote(app.extendVote(request.getExtendVote())));
      case VERIFY_VOTE_EXTENSION ->
          call(
              request,
              () ->
                  Response.newBuilder()
                      .setVerifyVoteExtension(
                          app.verifyVoteExtension(request.getVerifyVoteExtension())));
      case FINALIZE_BLOCK ->
          call(
              request,
              () ->
                  Response.newBuilder()
                      .setFinalizeBlock(app.finalizeBlock(request.getFinalizeBlock())));
      // A request type newer than our schema parses into unknown fields and lands here.
      case VALUE_NOT_SET -> {
        log.error(
            "Unknown or empty ABCI request ({} unknown fields)",
            request.getUnknownFields().asMap().size());
        yield exception("unknown or empty request");
      }
    };
  }

  private Response call(Request request, Supplier<Response.Builder> applicationCall) {
    appLock.lock();
    try {
      return applicationCall.get().build();
    } catch (Throwable e) {
      // Errors too: without an answer CometBFT would fail on the next, mismatched response
      // with a misleading message; ResponseException names the cause, then it halts anyway.
      log.error("ABCI application failed on {}", request.getValueCase(), e);
      return exception(e.getMessage() != null ? e.getMessage() : e.toString());
    } finally {
      appLock.unlock();
    }
  }

  private static Response exception(String error) {
    return Response.newBuilder()
        .setException(ResponseException.newBuilder().setError(error))
        .build();
  }
}
