package io.leasechain.node.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.leasechain.ledger.bank.proto.Account;
import io.leasechain.node.abci.proto.RequestQuery;
import io.leasechain.node.abci.proto.ResponseQuery;
import io.leasechain.node.config.AppConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's HTTP rules against a stub state and a CometBFT that is not there: statuses, error
 * bodies, CORS, limits and the explorer's files. The real chain is in testnet's
 * GatewayConformanceTest.
 */
class GatewayTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String ADDRESS =
      "lease1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq";
  // The stub answers this account with a 1 MiB public key, an answer far larger than its request.
  private static final String BIG_ADDRESS = "lease1big";

  private final Queue<RequestQuery> seen = new ConcurrentLinkedQueue<>();
  private volatile CountDownLatch hold = new CountDownLatch(0);
  private Gateway gateway;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws IOException {
    Function<RequestQuery, ResponseQuery> state =
        request -> {
          seen.add(request);
          await(hold);
          if (request.getPath().equals("/account/" + BIG_ADDRESS)) {
            return ResponseQuery.newBuilder()
                .setValue(
                    Account.newBuilder()
                        .setPublicKey(ByteString.copyFrom(new byte[1 << 20]))
                        .build()
                        .toByteString())
                .build();
          }
          if (request.getPath().startsWith("/account/")) {
            return ResponseQuery.newBuilder()
                .setValue(
                    Account.newBuilder().setBalance(7).setSequence(1L << 62).build().toByteString())
                .build();
          }
          if (request.getPath().equals("/store/0aff")) {
            return ResponseQuery.newBuilder()
                .setKey(ByteString.copyFrom(new byte[] {0x0a, (byte) 0xff}))
                .setValue(ByteString.copyFromUtf8("raw"))
                .setHeight(41)
                .build();
          }
          int code =
              request.getPath().startsWith("/order/") || request.getPath().startsWith("/store/")
                  ? 4
                  : request.getHeight() == 3 ? 5 : 3;
          return ResponseQuery.newBuilder()
              .setCode(code)
              .setCodespace("query")
              .setLog("refused")
              .build();
        };
    gateway =
        Gateway.start(
            new InetSocketAddress("127.0.0.1", 0),
            state,
            URI.create("http://127.0.0.1:" + closedPort()));
  }

  @AfterEach
  void stop() {
    hold.countDown();
    gateway.close();
  }

  @Test
  void stateAnswersAreProtoJsonWithCors() throws Exception {
    HttpResponse<String> response = get("/v1/account/" + ADDRESS + "?height=0");
    assertEquals(200, response.statusCode());
    assertEquals("*", response.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    JsonNode body = MAPPER.readTree(response.body());
    assertEquals("7", body.get("balance").asText(), body.toString());
    assertEquals(Long.toString(1L << 62), body.get("sequence").asText());
    assertTrue(body.get("sequence").isTextual(), "uint64 is a JSON string");
    assertEquals(
        "/account/" + ADDRESS, seen.remove().getPath(), "height is not passed as a parameter");
  }

  @Test
  void queryParametersReachTheLedgerStillEncodedWithoutHeight() throws Exception {
    get("/v1/orders?tenant=" + ADDRESS + "&height=5&state=open&after=0a%20");
    RequestQuery query = seen.remove();
    assertEquals("/orders?tenant=" + ADDRESS + "&state=open&after=0a%20", query.getPath());
    assertEquals(5, query.getHeight());
  }

  @Test
  void storeAnswersTheRawEntryWithItsHeight() throws Exception {
    HttpResponse<String> response = get("/v1/store/0aff?height=41");
    assertEquals(200, response.statusCode(), response.body());
    JsonNode body = MAPPER.readTree(response.body());
    assertEquals("Cv8=", body.get("key").asText(), "bytes are base64");
    assertEquals("cmF3", body.get("value").asText());
    assertEquals("41", body.get("height").asText());
    RequestQuery query = seen.remove();
    assertEquals("/store/0aff", query.getPath());
    assertEquals(41, query.getHeight());
    assertError(get("/v1/store/0b"), 404, "query", 4);
  }

  @Test
  void ledgerCodesMapToHttpStatuses() throws Exception {
    assertError(get("/v1/supply?height=3"), 404, "query", 5);
    assertError(get("/v1/order/9"), 404, "query", 4);
    assertError(get("/v1/orders?limit=0"), 400, "query", 3);
    assertError(get("/v1/nothing"), 404, "gateway", 4);
    assertError(get("/v1/order/9/extra"), 404, "gateway", 4);
    assertError(get("/v1/account/" + ADDRESS + "?height=-1"), 400, "gateway", 3);
    assertError(get("/v1/account/" + ADDRESS + "?height=37320564950875115463"), 400, "gateway", 3);
    assertError(get("/v1/orders?tenant="), 400, "gateway", 3);
    assertError(get("/v1/providers?state"), 400, "gateway", 3);
    assertError(get("/v2/status"), 404, "gateway", 4);
  }

  @Test
  void chainPathsSay502WhenCometBftIsDown() throws Exception {
    assertError(get("/v1/status"), 502, "gateway", 5);
    assertError(get("/v1/blocks/latest"), 502, "gateway", 5);
    assertError(get("/v1/txs?query=tx.height%3D5"), 502, "gateway", 5);
  }

  @Test
  void badChainArgumentsAre400BeforeCometBftIsAsked() throws Exception {
    assertError(get("/v1/blocks/abc"), 400, "gateway", 3);
    assertError(get("/v1/blocks?limit=51"), 400, "gateway", 3);
    assertError(get("/v1/txs/XYZ"), 400, "gateway", 3);
    assertError(get("/v1/txs"), 400, "gateway", 3);
    assertError(get("/v1/txs?query=tx.height%3D5&per_page=101"), 400, "gateway", 3);
  }

  @Test
  void txSearchTakesOnlyEventQueries() {
    assertEquals("tx.height=5", EventQuery.validate("tx.height=5"));
    assertEquals(
        "lease.id='7' AND message.action='create_bid'",
        EventQuery.validate("lease.id='7'  AND message.action='create_bid'"));
    assertEquals("tx.height >= 3", EventQuery.validate("tx.height >= 3"));
    assertEquals("transfer.sender EXISTS", EventQuery.validate("transfer.sender EXISTS"));
    for (String bad :
        List.of(
            "lease.id='7' OR 1=1",
            "x='a' AND",
            "\"},\"method\":\"unsafe_flush_mempool",
            "lease.id='7\u0000'",
            "x=='y'",
            "x='it''s'",
            "=5")) {
      assertEquals(400, assertThrowsGateway(() -> EventQuery.validate(bad)).status().code(), bad);
    }
  }

  @Test
  void onlyGetIsServedAndOptionsIsAPreflight() throws Exception {
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(uri("/v1/supply"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertError(post, 405, "gateway", 2);
    assertEquals("GET, OPTIONS", post.headers().firstValue("Allow").orElse(""));
    HttpResponse<String> options =
        http.send(
            HttpRequest.newBuilder(uri("/v1/supply"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://explorer.example")
                .header("Access-Control-Request-Method", "GET")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(204, options.statusCode());
    assertEquals("*", options.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    assertTrue(
        options.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("GET"));
    assertTrue(seen.isEmpty(), "neither reached the state");
  }

  @Test
  void aGetWithABodyIsRefused() throws Exception {
    String answer = raw("GET /v1/supply HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nabcd");
    assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
  }

  @Test
  void overlongUrisAreRefusedWithoutReachingTheState() throws Exception {
    String answer = raw("GET /v1/account/" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertTrue(answer.startsWith("HTTP/1.1 414"), answer);
    assertTrue(answer.toLowerCase().contains("access-control-allow-origin: *"), answer);
    assertTrue(answer.contains("\"codespace\":\"gateway\""), answer);
    assertTrue(seen.isEmpty());
  }

  @Test
  void aMalformedEscapeInTheQueryIs400NotAnInternalError() throws Exception {
    // Found by QueryPathFuzzTest: parameters are decoded lazily, after the check for bad escapes.
    for (String path : List.of("/v1/orders?limit=%zz", "/v1/blocks?limit=%zz", "/v1/supply?%g0")) {
      String answer = raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertTrue(answer.startsWith("HTTP/1.1 400"), path + " -> " + answer);
      assertTrue(answer.contains("\"codespace\":\"gateway\""), answer);
      assertTrue(answer.contains("\"code\":3"), answer);
    }
    assertTrue(seen.isEmpty());
  }

  @Test
  void explorerFilesAreServedAndNothingOutsideThem() throws Exception {
    HttpResponse<String> index = get("/explorer");
    assertEquals(200, index.statusCode());
    assertEquals("text/html; charset=utf-8", index.headers().firstValue("Content-Type").orElse(""));
    assertEquals(index.body(), get("/explorer/").body());
    assertEquals(index.body(), get("/explorer/index.html").body());
    for (String path :
        List.of(
            "/explorer/../../io/leasechain/node/gateway/openapi.json",
            "/explorer/..%2F..%2Flogback.xml",
            "/explorer/%2e%2e/%2e%2e/logback.xml",
            "/explorer/..\\..\\logback.xml",
            "/explorer/.hidden.html",
            "/explorer/index.class",
            "/explorer//index.html",
            "/explorer/missing.js")) {
      String answer = raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertTrue(answer.startsWith("HTTP/1.1 404"), path + " -> " + answer);
    }
  }

  @Test
  void theOpenApiDocumentIsServed() throws Exception {
    HttpResponse<String> response = get("/openapi.json");
    assertEquals(200, response.statusCode());
    assertTrue(MAPPER.readTree(response.body()).has("openapi"));
  }

  @Test
  void aSaturatedGatewaySays503() throws Exception {
    hold = new CountDownLatch(1);
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    HttpClient many = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    int requests = Gateway.WORKERS + Gateway.QUEUED + 4;
    for (int i = 0; i < requests; i++) {
      responses.add(
          many.sendAsync(
              HttpRequest.newBuilder(uri("/v1/account/" + ADDRESS)).build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    // The first answers are the refusals; the rest wait for the held workers.
    long refused = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (refused < 4 && System.nanoTime() < deadline) {
      refused = responses.stream().filter(f -> f.isDone() && f.join().statusCode() == 503).count();
      Thread.onSpinWait();
    }
    hold.countDown();
    long ok = 0;
    for (CompletableFuture<HttpResponse<String>> response : responses) {
      int status = response.get(20, TimeUnit.SECONDS).statusCode();
      ok += status == 200 ? 1 : 0;
    }
    assertEquals(4, refused);
    assertEquals(requests - 4, ok);
  }

  @Test
  void stateAnswersWhileAHungCometBftHoldsEveryChainWorker() throws Exception {
    // Accepts connections into its backlog and never reads them: a hung (SIGSTOPped) CometBFT.
    try (ServerSocket hung = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
        Gateway gateway =
            Gateway.start(
                new InetSocketAddress("127.0.0.1", 0),
                request -> ResponseQuery.getDefaultInstance(),
                URI.create("http://127.0.0.1:" + hung.getLocalPort()))) {
      HttpClient many = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      // More than every worker and queue slot of the gateway, so the chain paths are refused
      // whichever workers they may use.
      List<CompletableFuture<HttpResponse<String>>> chain = new ArrayList<>();
      for (int i = 0; i <= Gateway.WORKERS + Gateway.QUEUED; i++) {
        chain.add(
            many.sendAsync(
                HttpRequest.newBuilder(URI.create(gateway.uri() + "/v1/status")).build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
      while (chain.stream().noneMatch(f -> f.isDone() && f.join().statusCode() == 503)
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertTrue(
          chain.stream().anyMatch(f -> f.isDone() && f.join().statusCode() == 503),
          "the chain paths never filled their workers");
      long asked = System.nanoTime();
      HttpResponse<String> supply =
          many.send(
              HttpRequest.newBuilder(URI.create(gateway.uri() + "/v1/supply"))
                  .timeout(Duration.ofSeconds(20))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, supply.statusCode(), supply.body());
      // Well before any call to the hung CometBFT times out and frees a worker.
      assertTrue(
          System.nanoTime() - asked < Gateway.RPC_TIMEOUT.toNanos() / 2,
          "the state path waited for the chain paths");
    }
  }

  @Test
  void pipelinedChainAndStateRequestsAreAnsweredInOrder() throws Exception {
    // The chain path runs on other workers and is slower (it asks CometBFT first).
    String request = "GET %s HTTP/1.1\r\nHost: x\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", gateway.uri().getPort())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          (request.formatted("/v1/status")
                  + request.formatted("/v1/account/" + ADDRESS)
                  + request.formatted("/v1/blocks/latest"))
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder answers = new StringBuilder();
      byte[] buffer = new byte[65536];
      // Until the third status line has arrived.
      while (answers.toString().split("HTTP/1\\.1 ", -1).length <= 3) {
        int read = in.read(buffer);
        assertTrue(read > 0, "closed after " + answers);
        answers.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
      }
      int first = answers.indexOf("HTTP/1.1 502");
      int second = answers.indexOf("HTTP/1.1 200");
      int third = answers.indexOf("HTTP/1.1 502", first + 1);
      assertTrue(0 == first && first < second && second < third, answers.toString());
    }
  }

  @Test
  void aClientThatReadsNoAnswersGetsNoMoreAnswered() throws Exception {
    byte[] batch =
        ("GET /v1/account/" + BIG_ADDRESS + " HTTP/1.1\r\nHost: x\r\n\r\n")
            .repeat(10)
            .getBytes(StandardCharsets.ISO_8859_1);
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096);
      socket.setSoTimeout(20_000);
      socket.connect(new InetSocketAddress("127.0.0.1", gateway.uri().getPort()));
      OutputStream out = socket.getOutputStream();
      // Pipelined requests, none of whose answers is read: each batch is answered (held in the
      // gateway's memory) until the gateway waits for the client instead.
      int sent = 0;
      for (int round = 0; round < 10; round++) {
        out.write(batch);
        out.flush();
        sent += 10;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (seen.size() < sent && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        if (seen.size() < sent) {
          break;
        }
      }
      assertTrue(seen.size() < 30, seen.size() + " answers held for a client that reads none");
      // Once read, every request is answered.
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[1 << 16];
      String head = "HTTP/1.1 200 OK";
      int answers = 0;
      int matched = 0;
      while (answers < sent) {
        int read = in.read(buffer);
        assertTrue(read > 0, "closed after " + answers + " answers");
        for (int i = 0; i < read; i++) {
          matched = buffer[i] == head.charAt(matched) ? matched + 1 : buffer[i] == 'H' ? 1 : 0;
          if (matched == head.length()) {
            answers++;
            matched = 0;
          }
        }
      }
    }
  }

  @Test
  void appTomlSetsOrDisablesTheGatewayAndConfigTomlNamesTheRpc(@TempDir Path home)
      throws IOException {
    assertEquals(AppConfig.DEFAULT_GATEWAY_ADDRESS, AppConfig.defaults().gatewayAddress());
    AppConfig disabled = AppConfig.defaults().withGatewayAddress("");
    disabled.write(home);
    assertEquals(disabled, AppConfig.read(home));
    assertEquals(
        new InetSocketAddress("0.0.0.0", 1317), Gateway.listenAddress("tcp://0.0.0.0:1317"));
    for (String bad :
        List.of("http://127.0.0.1:1317", "127.0.0.1:1317", "tcp://host", "unix:///x")) {
      assertThrows(IllegalArgumentException.class, () -> Gateway.listenAddress(bad), bad);
    }
    assertEquals(CometRpcAddress.DEFAULT, CometRpcAddress.of(home));
    Files.writeString(
        home.resolve("config").resolve("config.toml"), "[rpc]\nladdr = \"tcp://0.0.0.0:36657\"\n");
    assertEquals(URI.create("http://127.0.0.1:36657"), CometRpcAddress.of(home));
  }

  private static GatewayException assertThrowsGateway(Runnable call) {
    return org.junit.jupiter.api.Assertions.assertThrows(GatewayException.class, call::run);
  }

  private void assertError(HttpResponse<String> response, int status, String codespace, int code)
      throws IOException {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals("*", response.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    JsonNode body = MAPPER.readTree(response.body());
    assertEquals(codespace, body.get("codespace").asText(), response.body());
    assertEquals(code, body.get("code").asInt(), response.body());
    assertTrue(body.get("message").isTextual());
    assertEquals(3, body.size(), "exactly code, codespace, message");
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create(gateway.uri() + path);
  }

  /** Sends {@code request} as raw bytes, so no client tidies the path, and reads the answer. */
  private String raw(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", gateway.uri().getPort())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[65536];
      int read = in.read(buffer);
      return new String(buffer, 0, Math.max(read, 0), StandardCharsets.ISO_8859_1);
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
