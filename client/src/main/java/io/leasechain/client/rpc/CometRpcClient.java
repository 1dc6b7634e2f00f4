package io.leasechain.client.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leasechain.client.light.LightJson;
import io.leasechain.client.light.SignedHeader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/** Typed client for CometBFT v0.38 JSON-RPC over HTTP POST; thread-safe. */
public final class CometRpcClient {

  // Longer than CometBFT's default timeout_broadcast_tx_commit (10s), so that broadcast_tx_commit
  // reports the node's own timeout error instead of an HTTP timeout here.
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
  // CometBFT serves at most 100 validators per page.
  private static final int VALIDATORS_PER_PAGE = 100;
  // CometBFT's types.MaxVotesCount: no commit, hence no usable validator set, is larger.
  private static final int MAX_VALIDATORS = 10_000;
  // Well above the largest answer (a full 21 MB block as base64 JSON); a node must not be able to
  // make the client buffer without end.
  private static final int MAX_RESPONSE_BYTES = 64 << 20;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  // A read timeout bounds each read, not the answer: a node sending a byte just inside it would
  // hold a call (a joiner's genesis fetch, testnet status, the load tool) for ever. This thread
  // hangs up a call that outlives its deadline; a daemon, so it never delays the JVM's exit.
  private static final ScheduledThreadPoolExecutor HANG_UP = hangUpThread();

  private final URI endpoint;
  // The endpoint as errors show it: without user name, password or query (where API keys go),
  // since errors end up in terminals, CI logs and bug reports.
  private final URI shownEndpoint;
  private final Duration timeout;
  private final AtomicLong ids = new AtomicLong();

  public CometRpcClient(URI endpoint) {
    this(endpoint, DEFAULT_TIMEOUT);
  }

  /** {@code timeout} bounds connecting and each request. */
  public CometRpcClient(URI endpoint, Duration timeout) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.shownEndpoint = withoutSecrets(endpoint);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    String scheme = endpoint.getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException(
          "CometBFT RPC endpoint " + endpoint + " is not an http:// or https:// URL");
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  public Status status() {
    return call("status", Map.of(), Status::from);
  }

  /**
   * The last height the application has committed ({@code abci_info}). {@code /status} may already
   * report the next block, which CometBFT stores before the application has executed it; state
   * queries at that height are refused until its Commit.
   */
  public long committedHeight() {
    return call(
        "abci_info", Map.of(), r -> Json.int64(r.path("response").path("last_block_height")));
  }

  /** How many peers the node is connected to ({@code net_info}'s n_peers). */
  public int peerCount() {
    return call("net_info", Map.of(), r -> Json.int32(r.path("n_peers")));
  }

  /** The genesis document the node runs, as its {@code /genesis} serves it. */
  public JsonNode genesis() {
    return call("genesis", Map.of(), r -> r.path("genesis"));
  }

  /** Submits {@code tx} and returns once CheckTx has judged it. */
  public BroadcastResult broadcastTxSync(byte[] tx) {
    return call("broadcast_tx_sync", Map.of("tx", base64(tx)), BroadcastResult::from);
  }

  /** Submits {@code tx} and returns once it is committed in a block (or rejected by CheckTx). */
  public CommitResult broadcastTxCommit(byte[] tx) {
    return call("broadcast_tx_commit", Map.of("tx", base64(tx)), CommitResult::from);
  }

  /** Queries the application; {@code height} 0 means latest. */
  public AbciQueryResult abciQuery(String path, byte[] data, long height, boolean prove) {
    return call(
        "abci_query",
        Map.of(
            "path",
            path,
            // data is bytes.HexBytes on the server, so hex -- whereas tx and hash params are
            // base64.
            "data",
            HexFormat.of().formatHex(data),
            "height",
            Long.toString(height),
            "prove",
            prove),
        AbciQueryResult::from);
  }

  /** Block at {@code height}; height <= 0 means the latest block. */
  public Block block(long height) {
    return call("block", heightParam(height), Block::from);
  }

  /** Header and commit at {@code height}, unverified; height <= 0 means the latest block. */
  public SignedHeader signedHeader(long height) {
    return call("commit", heightParam(height), LightJson::signedHeader);
  }

  /** FinalizeBlock results at {@code height}; height <= 0 means the latest height. */
  public BlockResults blockResults(long height) {
    return call("block_results", heightParam(height), BlockResults::from);
  }

  /**
   * Committed tx by its hash (the raw 32 bytes, e.g. {@code
   * HexFormat.of().parseHex(result.hash())}).
   */
  public TxResult tx(byte[] hash) {
    return call("tx", Map.of("hash", base64(hash), "prove", false), TxResult::from);
  }

  /**
   * One page (1-based) of txs matching a CometBFT event query such as {@code "tx.height=5"}, oldest
   * first.
   */
  public TxSearchResult txSearch(String query, int page, int perPage) {
    Map<String, Object> params = new HashMap<>(searchParams(query, page, perPage));
    params.put("prove", false);
    return call("tx_search", params, TxSearchResult::from);
  }

  /**
   * One page (1-based) of blocks whose FinalizeBlock events match a CometBFT event query such as
   * {@code "lease.id='7'"}, oldest first.
   */
  public BlockSearchResult blockSearch(String query, int page, int perPage) {
    return call("block_search", searchParams(query, page, perPage), BlockSearchResult::from);
  }

  /** The whole validator set at {@code height} (all pages); height <= 0 means latest. */
  public Validators validators(long height) {
    List<Validators.Validator> all = new ArrayList<>();
    long at = height;
    ValidatorPage page;
    int pageNumber = 1;
    do {
      Map<String, Object> params = new HashMap<>(heightParam(at));
      params.put("page", Integer.toString(pageNumber++));
      params.put("per_page", Integer.toString(VALIDATORS_PER_PAGE));
      page = call("validators", params, ValidatorPage::from);
      if (page.total() > MAX_VALIDATORS || pageNumber > MAX_VALIDATORS / VALIDATORS_PER_PAGE + 1) {
        // A node that claims endless pages must not keep the client fetching forever.
        throw new CometRpcException(
            CometRpcException.Kind.BAD_RESULT,
            "validators at "
                + shownEndpoint
                + " claims "
                + page.total()
                + " validators over "
                + (pageNumber - 1)
                + " pages; CometBFT allows at most "
                + MAX_VALIDATORS,
            200,
            null);
      }
      all.addAll(page.slice().validators());
      // Pin later pages to the first page's height so "latest" cannot move between pages.
      at = page.slice().blockHeight();
    } while (all.size() < page.total() && !page.slice().validators().isEmpty());
    return new Validators(at, List.copyOf(all));
  }

  /**
   * Polls {@code status} until the latest block height is at least {@code height} and returns it.
   * Failures while polling (e.g. node still starting) are retried; after {@code deadline} elapses a
   * {@link CometRpcException} says which height was last seen and carries the last failure as
   * cause.
   */
  public long waitForHeight(long height, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    long seen = -1;
    CometRpcException lastFailure = null;
    while (true) {
      long remaining = end - System.nanoTime();
      if (remaining <= 0) {
        throw new CometRpcException(
            CometRpcException.Kind.TIMEOUT,
            "height "
                + height
                + " not reached at "
                + shownEndpoint
                + " within "
                + deadline
                + (seen < 0 ? " (node never answered)" : " (last seen height " + seen + ")"),
            0,
            lastFailure);
      }
      try {
        Duration left = Duration.ofNanos(remaining);
        seen =
            call("status", Map.of(), Status::from, left.compareTo(timeout) < 0 ? left : timeout)
                .latestBlockHeight();
        if (seen >= height) {
          return seen;
        }
      } catch (CometRpcException e) {
        lastFailure = e;
      }
      try {
        Thread.sleep(Math.max(1, Math.min(POLL_INTERVAL.toMillis(), remaining / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CometRpcException(
            CometRpcException.Kind.INTERRUPTED,
            "interrupted waiting for height " + height + " at " + shownEndpoint,
            0,
            e);
      }
    }
  }

  private record ValidatorPage(Validators slice, int total) {
    static ValidatorPage from(JsonNode r) {
      return new ValidatorPage(Validators.from(r), Json.int32(r.path("total")));
    }
  }

  private <T> T call(String method, Map<String, ?> params, Function<JsonNode, T> parse) {
    return call(method, params, parse, timeout);
  }

  /**
   * POSTs one JSON-RPC 2.0 request and parses its {@code result}; every failure becomes a
   * CometRpcException.
   */
  private <T> T call(
      String method, Map<String, ?> params, Function<JsonNode, T> parse, Duration requestTimeout) {
    ObjectNode request =
        MAPPER
            .createObjectNode()
            .put("jsonrpc", "2.0")
            .put("id", ids.incrementAndGet())
            .put("method", method);
    request.set("params", MAPPER.valueToTree(params));
    HttpAnswer response;
    try {
      response = post(request.toString(), requestTimeout);
    } catch (SocketTimeoutException e) {
      throw new CometRpcException(
          CometRpcException.Kind.TIMEOUT,
          "node at " + shownEndpoint + " did not answer " + method + " within " + requestTimeout,
          0,
          e);
    } catch (ConnectException | UnknownHostException e) {
      throw new CometRpcException(
          CometRpcException.Kind.UNREACHABLE,
          "node at " + shownEndpoint + " is not reachable (is it running?)",
          0,
          e);
    } catch (IOException e) {
      throw new CometRpcException(
          CometRpcException.Kind.TRANSPORT,
          "connection to the node at "
              + shownEndpoint
              + " broke during "
              + method
              + (e.getMessage() == null ? "" : ": " + e.getMessage()),
          0,
          e);
    }
    int status = response.statusCode();
    JsonNode body;
    try {
      body = MAPPER.readTree(response.body());
    } catch (JsonProcessingException e) {
      body = null;
    }
    // Checked before the HTTP status: CometBFT sends some JSON-RPC errors (e.g. parse errors) with
    // HTTP 500.
    JsonNode error = body == null ? null : body.get("error");
    if (error != null && !error.isNull()) {
      JsonNode data = error.path("data");
      throw new CometRpcException(
          shownEndpoint,
          method,
          error.path("code").asInt(),
          error.path("message").asText(),
          data.isMissingNode() || data.isNull() ? null : data.asText(),
          status);
    }
    if (status / 100 != 2 || body == null || !body.hasNonNull("result")) {
      throw new CometRpcException(
          CometRpcException.Kind.TRANSPORT,
          method
              + " at "
              + shownEndpoint
              + " failed: HTTP "
              + status
              + " without a JSON-RPC result: "
              + abbreviate(response.body()),
          status,
          null);
    }
    try {
      return parse.apply(body.get("result"));
    } catch (RuntimeException e) {
      // Malformed hex/base64/time: the node does not speak the protocol version this client
      // expects.
      throw new CometRpcException(
          CometRpcException.Kind.BAD_RESULT,
          method
              + " at "
              + shownEndpoint
              + " returned an unexpected result: "
              + e.getMessage()
              + ": "
              + abbreviate(response.body()),
          status,
          e);
    }
  }

  /** An HTTP status and body. */
  private record HttpAnswer(int statusCode, String body) {}

  /**
   * One HTTP POST. HttpURLConnection rather than java.net.http.HttpClient: the latter keeps a
   * selector thread in native code, and on exit the JVM waits 300 ms for such threads, which (with
   * the HttpClient's own set-up) more than doubled the time of a CLI query.
   */
  private HttpAnswer post(String json, Duration requestTimeout) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
    connection.setConnectTimeout(millis(timeout));
    connection.setReadTimeout(millis(requestTimeout));
    connection.setRequestMethod("POST");
    connection.setRequestProperty("Content-Type", "application/json");
    connection.setDoOutput(true);
    connection.setFixedLengthStreamingMode(bytes.length);
    try (OutputStream out = connection.getOutputStream()) {
      out.write(bytes);
    }
    ScheduledFuture<?> hangUp =
        HANG_UP.schedule(
            connection::disconnect,
            (long) millis(timeout) + millis(requestTimeout),
            TimeUnit.MILLISECONDS);
    try {
      int status = connection.getResponseCode();
      // Reading the body to its end lets the connection be reused for the next call.
      try (InputStream in =
          status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
        if (in == null) {
          return new HttpAnswer(status, "");
        }
        byte[] body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
        if (body.length > MAX_RESPONSE_BYTES) {
          throw new IOException(
              "the answer is larger than " + (MAX_RESPONSE_BYTES >> 20) + " MiB; refused");
        }
        return new HttpAnswer(status, new String(body, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      if (hangUp.isDone()) {
        throw new SocketTimeoutException("the answer did not end within its deadline");
      }
      throw e;
    } finally {
      hangUp.cancel(false);
    }
  }

  private static ScheduledThreadPoolExecutor hangUpThread() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "rpc-deadline");
              thread.setDaemon(true);
              return thread;
            });
    // Calls end long before their deadline: their cancelled hang-ups must not pile up.
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  /** {@code endpoint} as messages may show it: no user info, query or fragment (API keys). */
  public static URI withoutSecrets(URI endpoint) {
    try {
      return new URI(
          endpoint.getScheme(),
          null,
          endpoint.getHost(),
          endpoint.getPort(),
          endpoint.getPath(),
          null,
          null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("CometBFT RPC endpoint: " + e.getMessage(), e);
    }
  }

  private static int millis(Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
  }

  // int64 params must be JSON strings: CometBFT rejects numbers ("invalid 64-bit integer
  // encoding").
  private static Map<String, Object> heightParam(long height) {
    return height <= 0 ? Map.of() : Map.of("height", Long.toString(height));
  }

  private static Map<String, Object> searchParams(String query, int page, int perPage) {
    return Map.of(
        "query",
        query,
        "page",
        Integer.toString(page),
        "per_page",
        Integer.toString(perPage),
        "order_by",
        "asc");
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String abbreviate(String body) {
    String oneLine = body.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
  }
}
