package io.leasechain.node.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection: checks each request head (GET only, no body, bounded size), answers it on a
 * worker thread and writes the answers in request order with CORS headers. It runs on the
 * connection's event loop; only {@link Router#answer} runs on a worker: chain paths on workers of
 * their own, so that a hung or slow CometBFT cannot take the workers that answer state.
 */
final class GatewayHandler extends SimpleChannelInboundHandler<HttpObject> {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Requests read ahead of their answers; with this many waiting the connection stops reading. */
  static final int MAX_PIPELINED = 16;

  private final Router router;
  private final Executor workers;
  private final Executor chainWorkers;
  private final boolean admitted;
  private final Queue<HttpRequest> pending = new ArrayDeque<>();
  private boolean answering;
  // An answer handed to the socket and not yet taken by it: the next one waits, so a client that
  // reads no answers makes the gateway hold one of them, not one per request it sends.
  private boolean flushing;
  private ScheduledFuture<?> deadline;

  GatewayHandler(Router router, Executor workers, Executor chainWorkers, boolean admitted) {
    this.router = router;
    this.workers = workers;
    this.chainWorkers = chainWorkers;
    this.admitted = admitted;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (!admitted) {
      write(ctx, error(GatewayError.BUSY, "too many connections"), false);
      return;
    }
    armDeadline(ctx);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, HttpObject message) {
    if (!(message instanceof HttpRequest request)) {
      return; // the content of a request with a body, which is refused at its head
    }
    if (request.decoderResult().isFailure()) {
      Throwable cause = request.decoderResult().cause();
      // A request line or header block over the limit, or bytes that are not HTTP at all.
      Answer answer =
          cause instanceof TooLongFrameException
              ? error(GatewayError.URI_TOO_LONG, "request line or headers over 8 KiB")
              : error(GatewayError.INVALID_ARGUMENT, "malformed HTTP request");
      write(ctx, answer, false);
      return;
    }
    pending.add(request);
    ctx.channel().config().setAutoRead(pending.size() < MAX_PIPELINED);
    next(ctx);
  }

  private void next(ChannelHandlerContext ctx) {
    if (answering || flushing || pending.isEmpty()) {
      return;
    }
    HttpRequest request = pending.remove();
    ctx.channel().config().setAutoRead(pending.size() < MAX_PIPELINED);
    cancelDeadline();
    HttpMethod method = request.method();
    if (method.equals(HttpMethod.OPTIONS)) {
      finish(ctx, request, new Answer(HttpResponseStatus.NO_CONTENT, null, new byte[0]));
      return;
    }
    if (!method.equals(HttpMethod.GET)) {
      // Its body, if any, is not read: the connection closes after the answer.
      write(
          ctx, error(GatewayError.METHOD_NOT_ALLOWED, method + " is not allowed; use GET"), false);
      return;
    }
    if (HttpUtil.getContentLength(request, 0L) != 0
        || HttpUtil.isTransferEncodingChunked(request)) {
      write(ctx, error(GatewayError.BODY_NOT_ALLOWED, "a GET carries no body"), false);
      return;
    }
    answering = true;
    String uri = request.uri();
    try {
      (Router.isChain(uri) ? chainWorkers : workers)
          .execute(() -> finish(ctx, request, answer(uri)));
    } catch (RejectedExecutionException e) {
      answering = false;
      finish(ctx, request, error(GatewayError.BUSY, "the gateway is busy; retry shortly"));
    }
  }

  private Answer answer(String uri) {
    try {
      return router.answer(uri);
    } catch (GatewayException e) {
      return error(e.status(), e.code(), e.codespace(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("gateway: {} failed", uri, e);
      return error(GatewayError.INTERNAL, "internal error; the node's log has the cause");
    }
  }

  /** Writes the answer to {@code request} (from any thread), then takes the next request. */
  private void finish(ChannelHandlerContext ctx, HttpRequest request, Answer answer) {
    if (!ctx.executor().inEventLoop()) {
      ctx.executor().execute(() -> finish(ctx, request, answer));
      return;
    }
    answering = false;
    if (!HttpUtil.isKeepAlive(request)) {
      write(ctx, answer, false);
      return;
    }
    // The deadline also closes a connection whose client leaves the answer unread.
    armDeadline(ctx);
    flushing = true;
    write(ctx, answer, true)
        .addListener(
            written -> {
              flushing = false;
              if (written.isSuccess()) {
                armDeadline(ctx);
                next(ctx);
              }
            });
  }

  private ChannelFuture write(ChannelHandlerContext ctx, Answer answer, boolean keepAlive) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, answer.status(), Unpooled.wrappedBuffer(answer.body()));
    var headers = response.headers();
    headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
    if (answer.contentType() != null) {
      headers.set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
    }
    if (answer.status().equals(HttpResponseStatus.NO_CONTENT)) {
      headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, OPTIONS");
      headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "*");
      headers.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "86400");
    }
    if (answer.status().equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
      headers.set(HttpHeaderNames.ALLOW, "GET, OPTIONS");
    }
    if (!keepAlive) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      cancelDeadline();
      return ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
    return ctx.writeAndFlush(response);
  }

  private void armDeadline(ChannelHandlerContext ctx) {
    cancelDeadline();
    deadline =
        ctx.executor()
            .schedule(
                () -> {
                  if (!answering) {
                    ctx.close();
                  }
                },
                Gateway.REQUEST_DEADLINE.toMillis(),
                TimeUnit.MILLISECONDS);
  }

  private void cancelDeadline() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelDeadline();
    pending.clear();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("gateway connection {} failed", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }

  static Answer error(GatewayError error, String message) {
    return error(error.status(), error.code(), error.codespace(), message);
  }

  static Answer error(HttpResponseStatus status, int code, String codespace, String message) {
    String body =
        MAPPER
            .createObjectNode()
            .put("code", code)
            .put("codespace", codespace)
            .put("message", message)
            .toString();
    return new Answer(status, Answer.JSON, body.getBytes(StandardCharsets.UTF_8));
  }
}
