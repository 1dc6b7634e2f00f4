package io.leasechain.node.abci;

import com.google.protobuf.InvalidProtocolBufferException;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.query.QueryError;
import io.leasechain.ledger.tx.TxError;
import io.leasechain.node.abci.proto.Request;
import io.leasechain.node.abci.proto.Response;
import io.leasechain.node.abci.proto.ResponseCheckTx;
import io.leasechain.node.abci.proto.ResponseEcho;
import io.leasechain.node.abci.proto.ResponseException;
import io.leasechain.node.abci.proto.ResponseFlush;
import io.leasechain.node.abci.proto.ResponseQuery;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.EventExecutor;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Lock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Answers the length-delimited ABCI requests of one CometBFT connection, in order. Query and Info
 * run concurrently with everything else and always answer with a code; every other call holds the
 * application lock, so consensus and CheckTx run one at a time (CheckTx's stateless early work,
 * {@link AbciApplication#beforeCheckTx}, excepted).
 */
final class AbciConnectionHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(AbciConnectionHandler.class);

  private static final Response FLUSH =
      Response.newBuilder().setFlush(ResponseFlush.getDefaultInstance()).build();

  // Request bytes handed to the application and not yet answered; above this the connection
  // stops reading, so a peer pipelining faster than the application cannot fill the heap.
  private static final long PENDING_LIMIT_BYTES = 4 << 20;

  // A single thread: running every request of the connection on it, Echo and Flush
  // included, keeps the answers in request order and the application off the I/O threads.
  private final EventExecutor executor;
  private final AbciApplication app;
  private final Lock appLock;
  private final PeerLogs logs;

  // Touched only on the connection's I/O thread.
  private long pendingBytes;
  private boolean closing;

  AbciConnectionHandler(EventExecutor executor, AbciApplication app, Lock appLock, PeerLogs logs) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.app = Objects.requireNonNull(app, "app");
    this.appLock = Objects.requireNonNull(appLock, "appLock");
    this.logs = Objects.requireNonNull(logs, "logs");
  }

  /**
   * The lines any peer of the ABCI port can cause, one set per server: shared by its connections so
   * that reconnecting does not let a peer log more.
   */
  record PeerLogs(
      PeerTriggeredLog opened,
      PeerTriggeredLog closed,
      PeerTriggeredLog failed,
      PeerTriggeredLog malformed,
      PeerTriggeredLog unknown) {

    static PeerLogs create() {
      // CometBFT opens and closes its four connections together: each of them shows at INFO.
      return new PeerLogs(
          new PeerTriggeredLog(log, Level.INFO, 4),
          new PeerTriggeredLog(log, Level.INFO, 4),
          new PeerTriggeredLog(log, Level.ERROR, 1),
          new PeerTriggeredLog(log, Level.ERROR, 1),
          new PeerTriggeredLog(log, Level.ERROR, 1));
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    logs.opened().log("ABCI connection opened from {}", ctx.channel().remoteAddress());
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    logs.closed().log("ABCI connection from {} closed", ctx.channel().remoteAddress());
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf frame = (ByteBuf) msg;
    if (closing) {
      // Bytes after a framing failure cannot be trusted to be frames: answering them would make
      // the answers depend on how the stream happened to be split into reads.
      frame.release();
      return;
    }
    int size = frame.readableBytes();
    try {
      executor.execute(() -> answer(ctx, frame, size));
    } catch (RejectedExecutionException e) {
      // Frames still decoded while the connection closes: nobody is left to answer them.
      frame.release();
      return;
    } catch (RuntimeException e) {
      frame.release();
      throw e;
    }
    pendingBytes += size;
    updateReading(ctx);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (!ctx.channel().isWritable()) {
      // Answers held back for the next Flush count against the limit too; sending them now
      // is what lets the peer drain us, or we would wait for a Flush we no longer read.
      ctx.flush();
    }
    updateReading(ctx);
    ctx.fireChannelWritabilityChanged();
  }

  private void updateReading(ChannelHandlerContext ctx) {
    boolean read = !closing && ctx.channel().isWritable() && pendingBytes < PENDING_LIMIT_BYTES;
    if (ctx.channel().config().isAutoRead() != read) {
      ctx.channel().config().setAutoRead(read);
    }
  }

  private void answer(ChannelHandlerContext ctx, ByteBuf frame, int size) {
    if (!ctx.channel().isActive()) {
      // Nobody can read the answer, and the connection's slot waits for this thread: a peer
      // that queued slow calls and closed must not keep the application busy on its behalf.
      frame.release();
      return;
    }
    Response response;
    try {
      response = respond(frame);
    } finally {
      frame.release();
    }
    try {
      ctx.executor().execute(() -> send(ctx, response, size));
    } catch (RejectedExecutionException e) {
      // The server is closing and its I/O threads are gone, and with them the connection.
      log.debug("ABCI answer dropped: the connection's I/O thread has stopped");
    }
  }

  private void send(ChannelHandlerContext ctx, Response response, int size) {
    // CometBFT's client sends Flush after every synchronous call (and on a 20 ms timer for
    // async CheckTx) and waits for its answer, so holding the rest back until then lets
    // one syscall carry a whole batch without ever stalling the client.
    if (response.hasFlush()) {
      ctx.writeAndFlush(response);
    } else {
      ctx.write(response);
    }
    pendingBytes -= size;
    updateReading(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Only framing and I/O failures get here; after them the byte stream cannot be
    // resynchronised, so the connection has to go.
    if (closing) {
      return;
    }
    closing = true;
    logs.failed()
        .log("ABCI connection from {} failed; closing it", ctx.channel().remoteAddress(), cause);
    updateReading(ctx);
    // The frames decoded before the failure (often in the same read) are still being answered:
    // the close queues behind them on the executor, then behind their answers on the I/O thread,
    // so every complete frame gets its answer however the stream was split (AbciFrameFuzzTest).
    try {
      executor.execute(() -> closeAfterAnswers(ctx));
    } catch (RejectedExecutionException e) {
      ctx.close();
    }
  }

  private static void closeAfterAnswers(ChannelHandlerContext ctx) {
    try {
      ctx.executor()
          .execute(
              () -> {
                ctx.flush();
                ctx.close();
              });
    } catch (RejectedExecutionException e) {
      log.debug(
          "ABCI connection not closed: its I/O thread has stopped, and the connection with it");
    }
  }

  private Response respond(ByteBuf frame) {
    Request request;
    try {
      // Parsed from a copy of exactly the frame: parsed in place, a malformed frame that arrived
      // in several reads (a slice of the decoder's pooled direct buffer) was judged on other
      // bytes than the same frame read at once, and answered another error (AbciFrameFuzzTest).
      request = Request.parseFrom(ByteBufUtil.getBytes(frame));
    } catch (InvalidProtocolBufferException e) {
      logs.malformed().log("Malformed ABCI request", e);
      return exception("malformed request: " + e.getMessage());
    }
    return switch (request.getValueCase()) {
      case ECHO ->
          Response.newBuilder()
              .setEcho(ResponseEcho.newBuilder().setMessage(request.getEcho().getMessage()))
              .build();
      case FLUSH -> FLUSH;
      case INFO ->
          call(
              request,
              false,
              () -> Response.newBuilder().setInfo(app.info(request.getInfo())),
              AbciConnectionHandler::exception);
      case INIT_CHAIN ->
          call(
              request,
              () -> Response.newBuilder().setInitChain(app.initChain(request.getInitChain())));
      case QUERY ->
          call(
              request,
              false,
              () -> Response.newBuilder().setQuery(app.query(request.getQuery())),
              AbciConnectionHandler::queryFailed);
      case CHECK_TX -> {
        beforeCheckTx(request);
        yield call(
            request,
            true,
            () -> Response.newBuilder().setCheckTx(app.checkTx(request.getCheckTx())),
            AbciConnectionHandler::checkTxFailed);
      }
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
        logs.unknown()
            .log(
                "Unknown or empty ABCI request ({} unknown fields)",
                request.getUnknownFields().asMap().size());
        yield exception("unknown or empty request");
      }
    };
  }

  private void beforeCheckTx(Request request) {
    try {
      app.beforeCheckTx(request.getCheckTx());
    } catch (Throwable e) {
      // Only early work: CheckTx itself, under the lock, still judges the tx and answers. Errors
      // too, as in call(): one escaping here would leave the request without any answer.
      log.error("ABCI application failed before CheckTx", e);
    }
  }

  private Response call(Request request, Supplier<Response.Builder> applicationCall) {
    return call(request, true, applicationCall, AbciConnectionHandler::exception);
  }

  /**
   * Runs one application call, under the application lock if {@code exclusive}; a failure is
   * answered by {@code failure} from the error's message.
   */
  private Response call(
      Request request,
      boolean exclusive,
      Supplier<Response.Builder> applicationCall,
      Function<String, Response> failure) {
    if (exclusive) {
      appLock.lock();
    }
    try {
      return applicationCall.get().build();
    } catch (Throwable e) {
      // Errors too: without an answer CometBFT would fail on the next, mismatched response
      // with a misleading message. Only consensus calls answer with ResponseException, which
      // halts CometBFT; Query and CheckTx answer with a code, as no client may stop the node.
      log.error("ABCI application failed on {}", request.getValueCase(), e);
      return failure.apply(e.getMessage() != null ? e.getMessage() : e.toString());
    } finally {
      if (exclusive) {
        appLock.unlock();
      }
    }
  }

  private static Response queryFailed(String error) {
    Rejection rejection = Rejection.of(QueryError.INTERNAL, "%s", error);
    return Response.newBuilder()
        .setQuery(
            ResponseQuery.newBuilder()
                .setCode(rejection.error().code())
                .setCodespace(rejection.error().codespace())
                .setLog(rejection.log()))
        .build();
  }

  private static Response checkTxFailed(String error) {
    Rejection rejection = Rejection.of(TxError.INTERNAL, "%s", error);
    return Response.newBuilder()
        .setCheckTx(
            ResponseCheckTx.newBuilder()
                .setCode(rejection.error().code())
                .setCodespace(rejection.error().codespace())
                .setLog(rejection.log()))
        .build();
  }

  private static Response exception(String error) {
    return Response.newBuilder()
        .setException(ResponseException.newBuilder().setError(error))
        .build();
  }
}
