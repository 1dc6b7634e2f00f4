package io.leasechain.client.rpc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Parses responses captured from a real CometBFT v0.38.25 kvstore node (src/test/resources/rpc/),
 * served by an in-process HTTP stub, and checks the JSON-RPC requests the client sends.
 */
class CometRpcClientTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String VALIDATOR = "81EB28F95EBC10CD7C2C740B8A6CB048BB5F14A8";

  private final Deque<Reply> replies = new ArrayDeque<>();
  private final List<JsonNode> requests = new ArrayList<>();
  private HttpServer server;
  private CometRpcClient client;

  private record Reply(int status, String body) {}

  @BeforeEach
  void startStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          Reply reply;
          synchronized (this) {
            requests.add(MAPPER.readTree(exchange.getRequestBody()));
            // The last reply repeats, so polling tests need only one.
            reply = replies.size() > 1 ? replies.poll() : replies.peek();
          }
          byte[] body = reply.body().getBytes(UTF_8);
          exchange.sendResponseHeaders(reply.status(), body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    client =
        new CometRpcClient(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(5));
  }

  @AfterEach
  void stopStub() {
    server.stop(0);
  }

  private synchronized void reply(String resource) {
    replies.add(new Reply(200, resource(resource)));
  }

  private synchronized JsonNode lastRequest() {
    return requests.get(requests.size() - 1);
  }

  private static String resource(String name) {
    try (InputStream in = CometRpcClientTest.class.getResourceAsStream("/rpc/" + name)) {
      return new String(in.readAllBytes(), UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new AssertionError("missing test resource rpc/" + name, e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void status() {
    reply("status.json");
    Status s = client.status();

    assertEquals("2.0", lastRequest().path("jsonrpc").asText());
    assertEquals("status", lastRequest().path("method").asText());
    assertEquals("e4fb86368e69087815fa49d271d6123c2f424f83", s.nodeId());
    assertEquals("test-chain-AI5Qjy", s.network());
    assertEquals("0.38.25", s.version());
    assertEquals(55, s.latestBlockHeight());
    assertEquals(
        "705138846140BCAE93E9543C77CBDF0AA75405E300E80951ADCAA3B3DEBCA4DE", s.latestBlockHash());
    assertArrayEquals(new byte[8], s.latestAppHash());
    assertEquals(Instant.parse("2026-11-25T12:44:14.054877935Z"), s.latestBlockTime());
    assertEquals(1, s.earliestBlockHeight());
    assertFalse(s.catchingUp());
    assertEquals(VALIDATOR, s.validatorAddress());
    assertEquals(10, s.validatorVotingPower());
  }

  @Test
  void committedHeightIsTheApplicationsLastBlockHeightNotTheStoredBlocks() {
    // Taken from a node whose /status said 2569 at the same moment: the block CometBFT had stored
    // and the application had not yet committed.
    reply("abci_info.json");
    assertEquals(2568, client.committedHeight());
    assertEquals("abci_info", lastRequest().path("method").asText());
  }

  @Test
  void broadcastTxSyncSendsBase64AndReadsHexHash() {
    reply("broadcast_tx_sync.json");
    BroadcastResult r = client.broadcastTxSync(utf8("foo=bar"));

    assertEquals("broadcast_tx_sync", lastRequest().path("method").asText());
    assertEquals("Zm9vPWJhcg==", lastRequest().path("params").path("tx").asText());
    assertTrue(r.isOk());
    assertEquals("", r.codespace());
    assertEquals("", r.log());
    assertEquals("3BA8907E7A252327488DF390ED517C45B96DEAD033600219BDCA7107D1D3F88A", r.hash());
    assertArrayEquals(new byte[0], r.data());
  }

  @Test
  void broadcastTxSyncRejected() {
    reply("broadcast_tx_sync_rejected.json");
    BroadcastResult r = client.broadcastTxSync(utf8("bad=tx=x"));

    assertFalse(r.isOk());
    assertEquals(2, r.code());
  }

  @Test
  void broadcastTxCommit() {
    reply("broadcast_tx_commit.json");
    CommitResult r = client.broadcastTxCommit(utf8("name=satoshi"));

    assertEquals("broadcast_tx_commit", lastRequest().path("method").asText());
    assertEquals("bmFtZT1zYXRvc2hp", lastRequest().path("params").path("tx").asText());
    assertTrue(r.isOk());
    assertEquals(56, r.height());
    assertEquals("57D835FBBA0DBF922D8A2EDA56922C9B24E7760927F245A7684A736C4769DB8A", r.hash());
    assertEquals(1, r.checkTx().gasWanted());
    assertEquals(0, r.checkTx().gasUsed());
    assertEquals(List.of(), r.checkTx().events());
    assertArrayEquals(new byte[0], r.txResult().data());
    assertEquals(2, r.txResult().events().size());
    Event first = r.txResult().events().get(0);
    assertEquals("app", first.type());
    assertEquals(new Attribute("creator", "Cosmoshi Netowoko", true), first.attributes().get(0));
    assertEquals(
        new Attribute("noindex_key", "index is working", false), first.attributes().get(3));
    assertEquals("name", first.attribute("key").orElseThrow());
  }

  @Test
  void broadcastTxCommitRejectedByCheckTx() {
    reply("broadcast_tx_commit_rejected.json");
    CommitResult r = client.broadcastTxCommit(utf8("bad=tx=x"));

    assertFalse(r.isOk());
    assertEquals(2, r.checkTx().code());
    assertEquals(0, r.height());
  }

  @Test
  void abciQuerySendsHexDataAndStringHeight() {
    reply("abci_query.json");
    AbciQueryResult r = client.abciQuery("", utf8("name"), 0, false);

    JsonNode params = lastRequest().path("params");
    assertEquals("abci_query", lastRequest().path("method").asText());
    assertEquals("", params.path("path").asText());
    assertEquals("6e616d65", params.path("data").asText());
    assertTrue(params.path("height").isTextual());
    assertEquals("0", params.path("height").asText());
    assertFalse(params.path("prove").asBoolean());
    assertTrue(r.isOk());
    assertEquals("exists", r.log());
    assertArrayEquals(utf8("name"), r.key());
    assertArrayEquals(utf8("satoshi"), r.value());
    assertEquals(99, r.height());
    assertEquals(0, r.index());
    assertNull(r.proofOps());
  }

  @Test
  void abciQueryMissingKeyHasEmptyValue() {
    reply("abci_query_missing.json");
    AbciQueryResult r = client.abciQuery("", utf8("nokey"), 0, true);

    assertTrue(lastRequest().path("params").path("prove").asBoolean());
    assertEquals("does not exist", r.log());
    assertEquals(-1, r.index());
    assertArrayEquals(new byte[0], r.value());
  }

  @Test
  void blockDecodesHexHeaderAndBase64Txs() {
    reply("block.json");
    Block b = client.block(56);

    assertEquals("block", lastRequest().path("method").asText());
    assertEquals("56", lastRequest().path("params").path("height").asText());
    assertEquals(56, b.height());
    assertEquals("4D23D3D7D07F434DF44601B9F2C3181FA637D419975C1B9BE73124D8F785E46D", b.hash());
    assertEquals(Instant.parse("2026-11-25T12:44:14.159229713Z"), b.time());
    assertEquals("test-chain-AI5Qjy", b.chainId());
    assertArrayEquals(new byte[8], b.appHash());
    assertArrayEquals(
        HexFormat.of().parseHex("3B6C72BEBC4465E6C8702D56EB3F550AC642123CB8BABA21012D29023906B7CF"),
        b.dataHash());
    assertEquals(VALIDATOR, b.proposerAddress());
    assertEquals(1, b.txs().size());
    assertArrayEquals(utf8("name=satoshi"), b.txs().get(0));
    assertEquals(
        List.of(new Block.CommitSig(VALIDATOR, Block.CommitSig.FLAG_COMMIT)),
        b.lastCommitSignatures());
  }

  @Test
  void latestBlockOmitsHeight() {
    reply("block.json");
    client.block(0);

    assertTrue(lastRequest().path("params").isEmpty());
  }

  @Test
  void blockWithAbsentSignature() {
    reply("block_absent_signature.json");
    Block b = client.block(200);

    assertEquals(List.of(), b.txs());
    assertEquals(2, b.lastCommitSignatures().size());
    assertTrue(b.lastCommitSignatures().get(0).committed());
    assertEquals(
        new Block.CommitSig("", Block.CommitSig.FLAG_ABSENT), b.lastCommitSignatures().get(1));
  }

  @Test
  void blockResults() {
    reply("block_results.json");
    BlockResults r = client.blockResults(56);

    assertEquals("block_results", lastRequest().path("method").asText());
    assertEquals(56, r.height());
    assertEquals(1, r.txResults().size());
    assertTrue(r.txResults().get(0).isOk());
    assertEquals("satoshi", r.txResults().get(0).events().get(1).attribute("key").orElseThrow());
    assertEquals(List.of(), r.finalizeBlockEvents());
    assertEquals(List.of(), r.validatorUpdates());
    // app_hash is base64 here, unlike the hex app_hash of /status and the block header.
    assertArrayEquals(new byte[] {2, 0, 0, 0, 0, 0, 0, 0}, r.appHash());
  }

  @Test
  void blockResultsValidatorUpdate() {
    reply("block_results_validator_update.json");
    BlockResults r = client.blockResults(193);

    assertEquals(1, r.validatorUpdates().size());
    BlockResults.ValidatorUpdate u = r.validatorUpdates().get(0);
    assertEquals("ed25519", u.pubKeyType());
    assertEquals(32, u.pubKey().length);
    assertEquals(
        "K4vax1yWB7e5m8Uc4Ay5YN4PtGeHcNsGfKaaw4rC62k=",
        Base64.getEncoder().encodeToString(u.pubKey()));
    assertEquals(1, u.power());
  }

  @Test
  void txSendsBase64Hash() {
    reply("tx.json");
    String hex = "57D835FBBA0DBF922D8A2EDA56922C9B24E7760927F245A7684A736C4769DB8A";
    TxResult r = client.tx(HexFormat.of().parseHex(hex));

    assertEquals("tx", lastRequest().path("method").asText());
    assertEquals(
        "V9g1+7oNv5Itii7aVpIsmyTndgkn8kWnaEpzbEdp24o=",
        lastRequest().path("params").path("hash").asText());
    assertEquals(hex, r.hash());
    assertEquals(56, r.height());
    assertEquals(0, r.index());
    assertTrue(r.result().isOk());
    assertEquals(2, r.result().events().size());
    assertArrayEquals(utf8("name=satoshi"), r.tx());
  }

  @Test
  void txSearch() {
    reply("tx_search.json");
    TxSearchResult r = client.txSearch("app.key='satoshi'", 1, 30);

    JsonNode params = lastRequest().path("params");
    assertEquals("tx_search", lastRequest().path("method").asText());
    assertEquals("app.key='satoshi'", params.path("query").asText());
    assertEquals("1", params.path("page").asText());
    assertEquals("30", params.path("per_page").asText());
    assertEquals("asc", params.path("order_by").asText());
    assertFalse(params.path("prove").asBoolean(true));
    assertEquals(1, r.totalCount());
    assertEquals(1, r.txs().size());
    assertEquals(56, r.txs().get(0).height());
  }

  @Test
  void blockSearchAsksForOnePageOldestFirst() {
    synchronized (this) {
      replies.add(
          new Reply(
              200,
              "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"blocks\":[],\"total_count\":\"0\"}}"));
    }
    BlockSearchResult r = client.blockSearch("lease.id='7'", 2, 5);

    JsonNode params = lastRequest().path("params");
    assertEquals("block_search", lastRequest().path("method").asText());
    assertEquals("lease.id='7'", params.path("query").asText());
    assertEquals("2", params.path("page").asText());
    assertEquals("5", params.path("per_page").asText());
    assertEquals("asc", params.path("order_by").asText());
    assertTrue(params.path("prove").isMissingNode());
    assertEquals(0, r.totalCount());
  }

  @Test
  void validators() {
    reply("validators.json");
    Validators v = client.validators(0);

    assertEquals("validators", lastRequest().path("method").asText());
    assertFalse(lastRequest().path("params").has("height"));
    assertEquals(195, v.blockHeight());
    assertEquals(2, v.validators().size());
    Validators.Validator first = v.validators().get(0);
    assertEquals(VALIDATOR, first.address());
    assertEquals("tendermint/PubKeyEd25519", first.pubKeyType());
    assertEquals(32, first.pubKey().length);
    assertEquals(10, first.votingPower());
    assertEquals(5, first.proposerPriority());
    assertEquals(-5, v.validators().get(1).proposerPriority());
    assertEquals(11, v.totalVotingPower());
  }

  @Test
  void validatorsFollowsPagesAtOneHeight() throws IOException {
    // Derived from validators.json: the two validators split over two pages.
    JsonNode full = MAPPER.readTree(resource("validators.json"));
    for (int i = 0; i < 2; i++) {
      JsonNode page = full.deepCopy();
      ((ArrayNode) page.path("result").path("validators")).remove(1 - i);
      ((ObjectNode) page.path("result")).put("count", "1");
      synchronized (this) {
        replies.add(new Reply(200, page.toString()));
      }
    }
    Validators v = client.validators(0);

    assertEquals(2, v.validators().size());
    assertEquals(VALIDATOR, v.validators().get(0).address());
    assertEquals("FAFE56A153AC10002A6975EFC034855458CA834B", v.validators().get(1).address());
    assertEquals("2", lastRequest().path("params").path("page").asText());
    assertEquals("195", lastRequest().path("params").path("height").asText());
  }

  @Test
  void validatorsOfANodeClaimingEndlessPages_areRefused() throws IOException {
    // A lying node claims two billion validators and serves one per page, forever.
    JsonNode page = MAPPER.readTree(resource("validators.json"));
    ((ArrayNode) page.path("result").path("validators")).remove(1);
    ((ObjectNode) page.path("result")).put("count", "1").put("total", "2000000000");
    synchronized (this) {
      replies.add(new Reply(200, page.toString()));
    }
    CometRpcException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () -> assertThrows(CometRpcException.class, () -> client.validators(0)));
    assertEquals(CometRpcException.Kind.BAD_RESULT, e.kind(), e.getMessage());
  }

  @Test
  void anEndlessResponse_isCutOffAtTheSizeLimit() {
    // A lying node streams a body without end: the wallet must stop reading, not run out of memory.
    server.createContext(
        "/endless",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, 0);
          byte[] chunk = new byte[1 << 20];
          java.util.Arrays.fill(chunk, (byte) ' ');
          try (OutputStream out = exchange.getResponseBody()) {
            while (true) {
              out.write(chunk);
            }
          } catch (IOException closedByTheClient) {
            // expected: the client hung up
          }
        });
    CometRpcClient endless =
        new CometRpcClient(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/endless"),
            Duration.ofSeconds(5));
    CometRpcException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60), () -> assertThrows(CometRpcException.class, endless::status));
    assertTrue(e.getMessage().contains("larger than"), e.getMessage());
  }

  @Test
  void aTrickledResponse_isCutOffAtTheTimeout() {
    // A lying node sends a byte just inside each read timeout: the whole call must still end.
    server.createContext(
        "/trickle",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            while (true) {
              out.write(' ');
              out.flush();
              Thread.sleep(100);
            }
          } catch (IOException | InterruptedException closedByTheClient) {
            // expected: the client hung up
          }
        });
    CometRpcClient trickle =
        new CometRpcClient(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/trickle"),
            Duration.ofSeconds(1));
    CometRpcException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(15), () -> assertThrows(CometRpcException.class, trickle::status));
    assertEquals(CometRpcException.Kind.TIMEOUT, e.kind(), e.getMessage());
  }

  @Test
  void jsonRpcErrorBecomesException() {
    reply("error_height_too_high.json");
    CometRpcException e = assertThrows(CometRpcException.class, () -> client.block(999_999_999));

    assertTrue(e.isRpcError());
    assertEquals(-32603, e.code());
    assertEquals("Internal error", e.rpcMessage());
    assertEquals(
        "height 999999999 must be less than or equal to the current blockchain height 100",
        e.data());
    assertEquals(200, e.httpStatus());
    assertTrue(e.getMessage().contains(client.endpoint().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("must be less than"), e.getMessage());
  }

  @Test
  void jsonRpcErrorWithoutData() {
    reply("error_method_not_found.json");
    CometRpcException e = assertThrows(CometRpcException.class, () -> client.status());

    assertEquals(-32601, e.code());
    assertEquals("Method not found", e.rpcMessage());
    assertNull(e.data());
  }

  @Test
  void jsonRpcErrorInsideHttp500() {
    synchronized (this) {
      replies.add(new Reply(500, resource("error_parse_http500.json")));
    }
    CometRpcException e = assertThrows(CometRpcException.class, () -> client.status());

    assertEquals(-32700, e.code());
    assertEquals(500, e.httpStatus());
  }

  @Test
  void httpErrorWithoutJsonRpcBody() {
    synchronized (this) {
      replies.add(new Reply(404, "404 page not found\n"));
    }
    CometRpcException e = assertThrows(CometRpcException.class, () -> client.status());

    assertFalse(e.isRpcError());
    assertEquals(0, e.code());
    assertEquals(404, e.httpStatus());
    assertTrue(e.getMessage().contains(client.endpoint().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("404 page not found"), e.getMessage());
  }

  @Test
  void malformedResultBecomesException() {
    // status.json with a corrupted app hash: not hex, so decoding must fail cleanly.
    synchronized (this) {
      replies.add(
          new Reply(
              200,
              resource("status.json")
                  .replace(
                      "\"latest_app_hash\":\"0000000000000000\"", "\"latest_app_hash\":\"zz\"")));
    }
    CometRpcException e = assertThrows(CometRpcException.class, () -> client.status());

    assertFalse(e.isRpcError());
    assertTrue(e.getMessage().contains("unexpected result"), e.getMessage());
  }

  @Test
  void connectionFailureNamesEndpoint() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    URI dead = URI.create("http://127.0.0.1:" + port);
    CometRpcException e =
        assertThrows(
            CometRpcException.class,
            () -> new CometRpcClient(dead, Duration.ofSeconds(2)).status());

    assertEquals(0, e.httpStatus());
    assertEquals(CometRpcException.Kind.UNREACHABLE, e.kind());
    assertEquals("node at " + dead + " is not reachable (is it running?)", e.getMessage());
  }

  @Test
  void waitForHeightReturnsReachedHeight() {
    reply("status.json");
    assertEquals(55, client.waitForHeight(50, Duration.ofSeconds(5)));
  }

  @Test
  void waitForHeightGivesUpAtDeadline() {
    reply("status.json");
    long start = System.nanoTime();
    CometRpcException e =
        assertThrows(
            CometRpcException.class, () -> client.waitForHeight(56, Duration.ofMillis(300)));

    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(3)) < 0);
    assertTrue(e.getMessage().contains("last seen height 55"), e.getMessage());
    assertEquals(CometRpcException.Kind.TIMEOUT, e.kind());
    synchronized (this) {
      assertTrue(requests.size() > 1, "should poll more than once");
    }
  }

  @Test
  void waitForHeightRetriesFailures() {
    synchronized (this) {
      replies.add(new Reply(503, "starting"));
    }
    reply("status.json");
    assertEquals(55, client.waitForHeight(55, Duration.ofSeconds(5)));
  }
}
