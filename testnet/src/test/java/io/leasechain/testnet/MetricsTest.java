package io.leasechain.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.client.rpc.BroadcastResult;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.CommitResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application's Prometheus endpoint on a real chain: the height gauge follows the chain, a
 * delivered tx counts under its action and code, a tx CheckTx refuses counts under its code; and
 * cometbft's own endpoint, turned on by `leasechain init`, answers.
 */
@Timeout(120)
class MetricsTest {

  private static final String CHAIN_ID = "leasechain-metrics";
  private static final long FEE = 250;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Binaries binaries = Binaries.fromSystemProperties();

  @Test
  void metricsFollowTheChain(@TempDir Path temp) throws Exception {
    TestWallet wallet = new TestWallet(CHAIN_ID, 2, 99);
    try (LocalNode node =
        LocalNode.init(binaries, temp.resolve("node"), CHAIN_ID, "node", Duration.ofMillis(200))) {
      node.addGenesisAccount(wallet.address(0), 1_000_000_000L);
      node.start();
      node.awaitHeight(2, Duration.ofSeconds(60));
      Deadline.await(
          "the height gauge to reach 2",
          Duration.ofSeconds(30),
          () -> value(scrape(node.metricsUri()), "leasechain_height") >= 2);
      double before = value(scrape(node.metricsUri()), "leasechain_height");
      Deadline.await(
          "the height gauge to grow",
          Duration.ofSeconds(30),
          () -> value(scrape(node.metricsUri()), "leasechain_height") > before);

      CometRpcClient rpc = node.rpc();
      CommitResult sent = rpc.broadcastTxCommit(wallet.send(0, wallet.address(1), 1000, FEE));
      assertTrue(sent.isOk(), () -> "the transfer failed: " + sent);
      Deadline.await(
          "the send to be counted",
          Duration.ofSeconds(30),
          () ->
              value(scrape(node.metricsUri()), "leasechain_txs_total{action=\"send\",code=\"0\"}")
                  == 1);

      // The same keys with sequence 0 again: CheckTx refuses the stale sequence.
      TestWallet stale = new TestWallet(CHAIN_ID, 2, 99);
      BroadcastResult refused = rpc.broadcastTxSync(stale.send(0, wallet.address(1), 2000, FEE));
      assertNotEquals(0, refused.code(), "a stale sequence must be refused");
      String rejections = "leasechain_check_tx_rejections_total{code=\"" + refused.code() + "\"}";
      assertEquals(1, value(scrape(node.metricsUri()), rejections), rejections);

      String comet = scrape(node.cometMetricsUri());
      assertTrue(comet.contains("cometbft_consensus_height"), comet);
    }
  }

  @Test
  void requestsStalledMidHeadDoNotSilenceTheEndpoint(@TempDir Path temp) throws Exception {
    try (LocalNode node =
        LocalNode.init(binaries, temp.resolve("node"), CHAIN_ID, "node", Duration.ofMillis(200))) {
      node.start();
      node.awaitHeight(1, Duration.ofSeconds(60));
      URI metrics = node.metricsUri();
      List<Socket> stalled = new ArrayList<>();
      try {
        // More than the exporter's 10 threads, each of which reads one request head.
        for (int i = 0; i < 20; i++) {
          Socket socket = new Socket(metrics.getHost(), metrics.getPort());
          socket
              .getOutputStream()
              .write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
          stalled.add(socket);
        }
        HttpResponse<String> response =
            HTTP.send(
                HttpRequest.newBuilder(metrics.resolve("/metrics"))
                    .timeout(Duration.ofSeconds(40))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
      } finally {
        for (Socket socket : stalled) {
          socket.close();
        }
      }
    }
  }

  private static String scrape(URI base) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(base.resolve("/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), response.body());
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The value of the sample named exactly {@code series} (name and labels); 0 when absent. */
  private static double value(String text, String series) {
    for (String line : text.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return 0;
  }
}
