package io.leasechain.client.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CometBFT's event subscriptions over its JSON-RPC websocket ({@code /websocket} of the RPC
 * address): {@code subscribe("tm.event='NewBlock'")} or {@code subscribe("tm.event='Tx' AND
 * message.action='create_bid'")} deliver typed events to an {@link EventListener} until
 * unsubscribed. One connection carries many subscriptions (CometBFT allows 5 per client by
 * default). A dropped connection or a subscription the node cancels is reported once to each
 * affected listener's {@link EventListener#onClosed}, or, before {@code subscribe} has returned, by
 * {@code subscribe} throwing instead; there is no automatic reconnection, and events during a gap
 * are not replayed (read them with {@code tx_search} or {@code block_results}). The client pings
 * the node every 10 seconds and counts a connection silent for 45 seconds (no message, ping or
 * pong) as dropped, so a node or network that vanishes without closing is reported too.
 * Thread-safe.
 */
public final class CometEvents implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(CometEvents.class.getName());
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * The longest message read, in characters: far above CometBFT's largest event (a whole block's,
   * its txs in base64), and a bound on what a node can make a client hold.
   */
  static final int MAX_MESSAGE_CHARS = 64 << 20;

  private static final Duration PING_INTERVAL = Duration.ofSeconds(10);

  /**
   * Silence that counts as a drop: above CometBFT's own ping period (27 s), so a node that pings
   * but does not answer pings stays connected.
   */
  private static final Duration SILENCE_LIMIT = Duration.ofSeconds(45);

  // One daemon thread for every connection's watchdog: each tick only reads a clock and sends a
  // ping without waiting for it; a cancelled tick leaves the queue at once.
  private static final ScheduledThreadPoolExecutor WATCHDOGS = watchdogs();

  // Listeners hear of a drop the watchdog found on threads of their own: one that blocks (or
  // reconnects) in onClosed must not hold up the watchdog of every other connection.
  private static final ExecutorService NOTIFIERS =
      Executors.newCachedThreadPool(daemon("comet-events-drop"));

  private final URI endpoint;
  private final Duration timeout;
  private final int maxMessageChars;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final Map<Long, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Object sendLock = new Object();
  private final long silenceLimitNanos;
  private volatile WebSocket socket;
  private volatile long lastHeard = System.nanoTime();
  // While a callback runs the JDK delivers nothing, pongs included: that is not the node's silence.
  private volatile boolean inCallback;
  private volatile ScheduledFuture<?> watchdog;

  private CometEvents(URI endpoint, Duration timeout, int maxMessageChars, Duration silenceLimit) {
    this.endpoint = endpoint;
    this.timeout = timeout;
    this.maxMessageChars = maxMessageChars;
    this.silenceLimitNanos = silenceLimit.toNanos();
  }

  /** Connects to the websocket of the node whose RPC is at {@code rpcUrl} (http or https). */
  public static CometEvents connect(URI rpcUrl) {
    return connect(rpcUrl, DEFAULT_TIMEOUT);
  }

  /** As {@link #connect(URI)}; {@code timeout} bounds connecting and each request's answer. */
  public static CometEvents connect(URI rpcUrl, Duration timeout) {
    return connect(rpcUrl, timeout, MAX_MESSAGE_CHARS);
  }

  /**
   * As {@link #connect(URI, Duration)}, dropping the connection at a message longer than {@code
   * maxMessageChars} (default 64 Mi characters) instead: for a chain whose blocks may be larger.
   */
  public static CometEvents connect(URI rpcUrl, Duration timeout, int maxMessageChars) {
    return connect(rpcUrl, timeout, maxMessageChars, PING_INTERVAL, SILENCE_LIMIT);
  }

  /**
   * As {@link #connect(URI, Duration)}, dropping the connection at a longer message or after {@code
   * silenceLimit} without a word from the node, and pinging it every {@code pingInterval}.
   */
  static CometEvents connect(
      URI rpcUrl,
      Duration timeout,
      int maxMessageChars,
      Duration pingInterval,
      Duration silenceLimit) {
    if (maxMessageChars <= 0) {
      throw new IllegalArgumentException(
          "maxMessageChars must be positive, not " + maxMessageChars);
    }
    CometEvents events =
        new CometEvents(websocketUri(rpcUrl), timeout, maxMessageChars, silenceLimit);
    HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
    try {
      events.socket =
          http.newWebSocketBuilder()
              .connectTimeout(timeout)
              .buildAsync(events.endpoint, events.new Reader())
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new CometRpcException(
          e instanceof TimeoutException
              ? CometRpcException.Kind.TIMEOUT
              : CometRpcException.Kind.UNREACHABLE,
          "cannot connect to " + events.endpoint + ": " + cause.getMessage(),
          0,
          cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CometRpcException(
          CometRpcException.Kind.INTERRUPTED, "interrupted connecting to " + events.endpoint, 0, e);
    }
    events.startWatchdog(pingInterval);
    return events;
  }

  private static ScheduledThreadPoolExecutor watchdogs() {
    ScheduledThreadPoolExecutor pool =
        new ScheduledThreadPoolExecutor(1, daemon("comet-events-watchdog"));
    pool.setRemoveOnCancelPolicy(true);
    return pool;
  }

  private static ThreadFactory daemon(String name) {
    return task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  private void startWatchdog(Duration pingInterval) {
    long every = pingInterval.toNanos();
    // Silence is counted from here, not from before the handshake.
    lastHeard = System.nanoTime();
    try {
      watchdog = WATCHDOGS.scheduleWithFixedDelay(this::watch, every, every, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // Never shut down; if it were, the connection would only lose its watchdog.
      LOG.log(System.Logger.Level.WARNING, "no watchdog for " + endpoint, e);
    }
    // A drop reported before the watchdog existed could not cancel it.
    if (closed.get()) {
      stopWatchdog();
    }
  }

  /**
   * One watchdog tick: a connection silent too long is dropped (the JDK may never report an end of
   * stream, or a network that vanished may never deliver one); otherwise the node is pinged, and
   * its pong counts as a word from it.
   */
  private void watch() {
    if (closed.get()) {
      stopWatchdog();
      return;
    }
    long silent = System.nanoTime() - lastHeard;
    if (silent > silenceLimitNanos && !inCallback) {
      socket.abort();
      stopWatchdog();
      notifyDrop("nothing heard from the node for " + Duration.ofNanos(silent).toMillis() + " ms");
      return;
    }
    socket
        .sendPing(ByteBuffer.allocate(0))
        .whenComplete(
            (ws, error) -> {
              Throwable cause = error instanceof CompletionException ? error.getCause() : error;
              // "Send pending": the last ping is still queued; the silence check covers a stuck
              // connection.
              if (cause != null && !(cause instanceof IllegalStateException)) {
                socket.abort();
                notifyDrop("a ping failed: " + cause.getMessage());
              }
            });
  }

  private void notifyDrop(String why) {
    try {
      NOTIFIERS.execute(() -> dropped(why, null));
    } catch (RejectedExecutionException e) {
      dropped(why, null);
    }
  }

  private void stopWatchdog() {
    ScheduledFuture<?> running = watchdog;
    if (running != null) {
      running.cancel(false);
    }
  }

  /** {@code ws://host:port/websocket} for {@code http://host:port} (wss for https). */
  static URI websocketUri(URI rpcUrl) {
    String scheme =
        switch (Objects.requireNonNull(rpcUrl, "rpcUrl").getScheme()) {
          case "http", "ws" -> "ws";
          case "https", "wss" -> "wss";
          default ->
              throw new IllegalArgumentException(
                  "unknown URL scheme in " + rpcUrl + ": use http:// or https://");
        };
    return URI.create(scheme + "://" + rpcUrl.getRawAuthority() + "/websocket");
  }

  public URI endpoint() {
    return endpoint;
  }

  /**
   * Subscribes to the events matching {@code query} (CometBFT's query language, e.g. {@code
   * tm.event='Tx' AND transfer.recipient='lease1…'}); returns once the node has accepted it, or
   * throws a CometRpcException with the node's reason (a malformed query, too many subscriptions),
   * or the drop's or cancellation's when the subscription ended before this returned (its listener
   * is then not told, though it may have had events).
   */
  public Subscription subscribe(String query, EventListener listener) {
    Objects.requireNonNull(listener, "listener");
    long id = ids.incrementAndGet();
    Subscription subscription = new Subscription(id, query, listener);
    // Registered before the request: the node may send the first event before its answer.
    subscriptions.put(id, subscription);
    try {
      call(id, "subscribe", query);
    } catch (RuntimeException e) {
      subscriptions.remove(id);
      throw e;
    }
    CometRpcException ended = subscription.confirm();
    if (ended != null) {
      // Ended between the node's answer and here: the caller hears of it from this call, once.
      subscriptions.remove(id, subscription);
      throw ended;
    }
    return subscription;
  }

  /** The subscriptions still open, in no particular order. */
  public List<Subscription> subscriptions() {
    return List.copyOf(subscriptions.values());
  }

  /** Whether the connection is still open (neither closed nor dropped). */
  public boolean isOpen() {
    return !closed.get();
  }

  /** Closes the connection; the node drops its subscriptions. Listeners are not called. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stopWatchdog();
    subscriptions.clear();
    failPending(
        new CometRpcException(
            CometRpcException.Kind.TRANSPORT, "connection to " + endpoint + " closed", 0, null));
    WebSocket ws = socket;
    try {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing " + endpoint + " uncleanly", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      ws.abort();
    }
  }

  /** One subscription: its query and listener; {@link #unsubscribe()} ends it. */
  public final class Subscription {
    private final long id;
    private final String query;
    private final EventListener listener;
    // Until subscribe returns, a drop is the caller's to hear (subscribe throws), not onClosed's.
    // Private: user code may lock the subscription itself.
    private final Object lock = new Object();
    // Guarded by lock: whether subscribe has returned it, or why it ended before that.
    private boolean answered;
    private CometRpcException endedUnanswered;

    private Subscription(long id, String query, EventListener listener) {
      this.id = id;
      this.query = Objects.requireNonNull(query, "query");
      this.listener = listener;
    }

    public String query() {
      return query;
    }

    /** Marks the subscription returned to its caller; or why it ended first. */
    private CometRpcException confirm() {
      synchronized (lock) {
        answered = endedUnanswered == null;
        return endedUnanswered;
      }
    }

    /**
     * Whether its end ({@code reason}) is the listener's to hear: once subscribe has returned;
     * before, subscribe throws {@code reason}.
     */
    private boolean endedAfterAnswer(CometRpcException reason) {
      synchronized (lock) {
        if (!answered) {
          endedUnanswered = reason;
        }
        return answered;
      }
    }

    /** Ends the subscription; returns once the node has confirmed (no event follows). */
    public void unsubscribe() {
      // Whoever removes it reports its end: this call, a drop or the node's cancellation.
      if (subscriptions.remove(id, this)) {
        call(ids.incrementAndGet(), "unsubscribe", query);
      }
    }
  }

  private void call(long id, String method, String query) {
    ObjectNode request =
        MAPPER.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
    request.putObject("params").put("query", query);
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    // Registered before closed is read: a drop either comes after and fails this answer, or came
    // before and is seen here, so no call waits out its timeout on a connection already gone.
    pending.put(id, answer);
    try {
      if (closed.get()) {
        throw new CometRpcException(
            CometRpcException.Kind.TRANSPORT,
            method + " at " + endpoint + ": the connection is closed",
            0,
            null);
      }
      synchronized (sendLock) {
        // The JDK's WebSocket refuses a send while the previous one is still in progress.
        socket.sendText(request.toString(), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
      JsonNode response = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      JsonNode error = response.get("error");
      if (error != null && !error.isNull()) {
        throw rpcError(method, error);
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof CometRpcException rpc
          ? rpc
          : new CometRpcException(
              CometRpcException.Kind.TRANSPORT,
              method + " at " + endpoint + " failed: " + e.getCause(),
              0,
              e);
    } catch (TimeoutException e) {
      throw new CometRpcException(
          CometRpcException.Kind.TIMEOUT,
          method + " at " + endpoint + ": no answer within " + timeout,
          0,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CometRpcException(
          CometRpcException.Kind.INTERRUPTED, method + " at " + endpoint + " interrupted", 0, e);
    } finally {
      pending.remove(id);
    }
  }

  private CometRpcException rpcError(String method, JsonNode error) {
    JsonNode data = error.path("data");
    return new CometRpcException(
        endpoint,
        method,
        error.path("code").asInt(),
        error.path("message").asText(),
        data.isMissingNode() || data.isNull() ? null : data.asText(),
        0);
  }

  /**
   * Routes one JSON-RPC message from the node: an answer to a request, or a subscription's event.
   */
  private void receive(String text) {
    JsonNode message;
    try {
      message = MAPPER.readTree(text);
    } catch (Exception e) {
      // Only its start: a node must not be able to fill the client's log.
      LOG.log(
          System.Logger.Level.WARNING,
          "unreadable message of "
              + text.length()
              + " characters from "
              + endpoint
              + ": "
              + text.substring(0, Math.min(200, text.length())));
      return;
    }
    long id = message.path("id").asLong(-1);
    JsonNode data = message.path("result").path("data");
    Subscription subscription = subscriptions.get(id);
    if (subscription != null && !data.isMissingNode()) {
      deliver(subscription, data, message.path("result").path("events"));
      return;
    }
    CompletableFuture<JsonNode> answer = pending.get(id);
    if (answer != null) {
      answer.complete(message);
    } else if (subscription != null
        && message.hasNonNull("error")
        && subscriptions.remove(id, subscription)) {
      CometRpcException reason =
          rpcError("subscription " + subscription.query, message.get("error"));
      if (subscription.endedAfterAnswer(reason)) {
        notifyClosed(subscription, reason);
      }
    }
  }

  private void deliver(Subscription subscription, JsonNode data, JsonNode events) {
    String type = Json.text(data.path("type"));
    JsonNode value = data.path("value");
    try {
      switch (type) {
        case "tendermint/event/NewBlock" ->
            subscription.listener.onNewBlock(NewBlockEvent.from(value));
        case "tendermint/event/Tx" -> subscription.listener.onTx(TxEvent.from(value, events));
        default -> LOG.log(System.Logger.Level.DEBUG, "ignoring event of type " + type);
      }
    } catch (RuntimeException e) {
      // A failing listener must not end the connection that the other subscriptions share.
      LOG.log(
          System.Logger.Level.WARNING,
          "listener of '" + subscription.query + "' failed on a " + type + " event",
          e);
    }
  }

  private void dropped(String why, Throwable cause) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stopWatchdog();
    CometRpcException reason =
        new CometRpcException(
            CometRpcException.Kind.TRANSPORT,
            "connection to " + endpoint + " dropped: " + why,
            0,
            cause);
    failPending(reason);
    List<Subscription> ended = new ArrayList<>();
    for (Subscription subscription : subscriptions.values()) {
      if (subscriptions.remove(subscription.id, subscription)) {
        ended.add(subscription);
      }
    }
    for (Subscription subscription : ended) {
      if (subscription.endedAfterAnswer(reason)) {
        notifyClosed(subscription, reason);
      }
    }
  }

  private void failPending(CometRpcException reason) {
    pending.values().forEach(answer -> answer.completeExceptionally(reason));
  }

  private static void notifyClosed(Subscription subscription, CometRpcException reason) {
    try {
      subscription.listener.onClosed(reason);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "listener of '" + subscription.query + "' failed", e);
    }
  }

  /** The JDK WebSocket's callbacks: reassembles text messages and notices the end. */
  private final class Reader implements WebSocket.Listener {
    private StringBuilder partial = new StringBuilder();

    // All the demand at once: asking for one message at a time, a drop went unreported in 5 of 300
    // runs under load, none since. The JDK may still miss an end of stream that comes while a
    // callback runs. Messages are handled in the callback itself, one at a time.
    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence text, boolean last) {
      lastHeard = System.nanoTime();
      if (text.length() > maxMessageChars - partial.length()) {
        partial = new StringBuilder();
        webSocket.abort();
        dropped("the node sent a message over " + maxMessageChars + " characters", null);
        return null;
      }
      partial.append(text);
      if (last) {
        String message = partial.toString();
        // A large message's buffer is not kept for the connection's life.
        partial =
            partial.capacity() > 1 << 20
                ? new StringBuilder()
                : partial.delete(0, partial.length());
        inCallback = true;
        try {
          receive(message);
        } finally {
          inCallback = false;
          lastHeard = System.nanoTime();
        }
      }
      return null;
    }

    // The JDK answers the node's pings itself; both directions only show the node is there.
    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
      lastHeard = System.nanoTime();
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
      lastHeard = System.nanoTime();
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      dropped(
          "closed by the node (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")", null);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      dropped(String.valueOf(error.getMessage()), error);
    }
  }
}
