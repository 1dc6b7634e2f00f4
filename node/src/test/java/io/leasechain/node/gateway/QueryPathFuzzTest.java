package io.leasechain.node.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.ledger.query.QueryError;
import io.leasechain.ledger.state.Write;
import io.leasechain.ledger.testing.FuzzMarket;
import io.leasechain.node.abci.proto.RequestQuery;
import io.leasechain.node.abci.proto.ResponseQuery;
import io.leasechain.node.app.LeasechainApp;
import io.leasechain.node.store.RocksStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz target 3: any path to the node's ABCI query router and any URI to the REST gateway, over a
 * populated market committed to a real RocksDB store. Every query is answered with code 0 or a
 * registered query code, every URI with an answer or a {@link GatewayException} (a coded HTTP
 * refusal), never anything else, and asking twice gives the same bytes. The first input byte
 * chooses prove and the height (latest, the committed one, a future one, a negative one).
 */
class QueryPathFuzzTest {

  private static final long[] HEIGHTS = {0, 1, 2, -1};

  // Chain paths (/v1/status, /v1/blocks, /v1/txs) ask CometBFT: here a loopback port nobody
  // listens on, so they are refused at once and only their parsing of the URI is fuzzed. The
  // connection reports the host by name once resolved, hence localhost too.
  private static final String NOBODY_HOST = "127.0.0.1";
  private static final int NOBODY_PORT = 1;

  private static final Set<String> QUERY_CODES = queryCodes();

  private static Path dir;
  private static RocksStore store;
  private static LeasechainApp app;
  private static Router router;

  private static Set<String> queryCodes() {
    Set<String> codes = new TreeSet<>();
    EnumSet.allOf(QueryError.class).forEach(e -> codes.add(e.codespace() + "/" + e.code()));
    return codes;
  }

  @BeforeAll
  static void commitTheMarket() throws IOException {
    FuzzMarket market = FuzzMarket.get();
    dir = Files.createTempDirectory("query-fuzz");
    store = RocksStore.open(dir.resolve("db"));
    List<Write> writes = new ArrayList<>();
    market
        .state()
        .scan(new byte[0], null)
        .forEachRemaining(e -> writes.add(new Write(e.key(), e.value())));
    store.commit(store.prepare(1, writes));
    app = new LeasechainApp(store, false);
    router =
        new Router(
            app::query,
            new CometRpcClient(
                URI.create("http://" + NOBODY_HOST + ":" + NOBODY_PORT), Duration.ofSeconds(1)));
  }

  @AfterAll
  static void close() throws IOException {
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted((a, b) -> b.compareTo(a)).forEach(QueryPathFuzzTest::delete);
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "15s")
  void everyPathAndUriGetsACodedAnswer(byte[] input) {
    if (input.length == 0) {
      return;
    }
    String path = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
    RequestQuery request =
        RequestQuery.newBuilder()
            .setPath(path)
            .setProve((input[0] & 1) != 0)
            .setHeight(HEIGHTS[(input[0] >> 1) & 3])
            .build();
    ResponseQuery answer = app.query(request);
    assertEquals(answer, app.query(request), "the same query twice: the same answer");
    if (answer.getCode() != 0) {
      assertTrue(
          QUERY_CODES.contains(answer.getCodespace() + "/" + answer.getCode()),
          () -> "unregistered code " + answer.getCodespace() + "/" + answer.getCode());
    }

    Object first = gateway(path);
    Object second = gateway(path);
    if (first instanceof Answer a && second instanceof Answer b) {
      assertEquals(a.status(), b.status());
      assertEquals(a.contentType(), b.contentType());
      assertArrayEquals(a.body(), b.body(), "the same URI twice: the same answer");
    } else {
      assertEquals(first, second, "the same URI twice: the same refusal");
    }
  }

  /** The gateway's answer to {@code uri}, or its refusal as status, code and message. */
  private static Object gateway(String uri) {
    try (SilentCloseable nobodyOnly =
        BugDetectors.allowNetworkConnections(
            (host, port) ->
                (host.equals(NOBODY_HOST) || host.equals("localhost")) && port == NOBODY_PORT)) {
      return router.answer(uri);
    } catch (GatewayException e) {
      return Arrays.asList(e.status(), e.code(), e.codespace(), e.getMessage());
    }
  }
}
