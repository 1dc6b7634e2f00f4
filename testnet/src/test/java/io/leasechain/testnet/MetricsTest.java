package io.leasechain.testnet;

import static io.leasechain.testnet.MarketMsgs.accept;
import static io.leasechain.testnet.MarketMsgs.approve;
import static io.leasechain.testnet.MarketMsgs.bid;
import static io.leasechain.testnet.MarketMsgs.commit;
import static io.leasechain.testnet.MarketMsgs.order;
import static io.leasechain.testnet.MarketMsgs.parse;
import static io.leasechain.testnet.MarketMsgs.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.client.rpc.BroadcastResult;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.CommitResult;
import io.leasechain.crypto.Address;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.bank.proto.Account;
import io.leasechain.ledger.query.proto.EscrowResponse;
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
 * delivered tx counts under its action and code, a tx CheckTx refuses counts under its code; the
 * market gauges follow an order and its lease, the escrow gauge holds the order's deposit, and the
 * database reports a size; and cometbft's own endpoint, turned on by `leasechain init`, answers.
 */
@Timeout(120)
class MetricsTest {

  private static final String CHAIN_ID = "leasechain-metrics";
  private static final long FEE = 250;
  private static final long FUNDS = 10_000_000_000L;
  private static final long BOND = 1_000_000_000L;
  private static final long DEPOSIT = 500_000_000L;
  private static final long BID_DEPOSIT = 1_000_000L;
  private static final long PRICE = 900_000_000L;
  private static final int SENDER = 0, RECIPIENT = 1, PROVIDER = 2, TENANT = 3;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Binaries binaries = Binaries.fromSystemProperties();

  @Test
  void metricsFollowTheChain(@TempDir Path temp) throws Exception {
    TestWallet wallet = new TestWallet(CHAIN_ID, 4, 99);
    try (LocalNode node =
        LocalNode.init(binaries, temp.resolve("node"), CHAIN_ID, "node", Duration.ofMillis(200))) {
      for (Address account : wallet.addresses()) {
        node.addGenesisAccount(account, FUNDS);
      }
      node.setCouncil(List.of(wallet.address(SENDER)), 1);
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
      String first = scrape(node.metricsUri());
      assertEquals(
          1, value(first, "leasechain_app_info{app_protocol=\"1\",version=\"0.1.0\"}"), first);
      assertEquals(0, value(first, "leasechain_open_orders"), "open orders before any order");

      CometRpcClient rpc = node.rpc();
      CommitResult sent =
          rpc.broadcastTxCommit(wallet.send(SENDER, wallet.address(RECIPIENT), 1000, FEE));
      assertTrue(sent.isOk(), () -> "the transfer failed: " + sent);
      Deadline.await(
          "the send to be counted",
          Duration.ofSeconds(30),
          () ->
              value(scrape(node.metricsUri()), "leasechain_txs_total{action=\"send\",code=\"0\"}")
                  == 1);

      // The same keys with sequence 0 again: CheckTx refuses the stale sequence.
      TestWallet stale = new TestWallet(CHAIN_ID, 4, 99);
      BroadcastResult refused =
          rpc.broadcastTxSync(stale.send(SENDER, wallet.address(RECIPIENT), 2000, FEE));
      assertNotEquals(0, refused.code(), "a stale sequence must be refused");
      String rejections = "leasechain_check_tx_rejections_total{code=\"" + refused.code() + "\"}";
      assertEquals(1, value(scrape(node.metricsUri()), rejections), rejections);

      marketGaugesFollowAnOrderAndItsLease(node, wallet);

      String comet = scrape(node.cometMetricsUri());
      assertTrue(comet.contains("cometbft_consensus_height"), comet);
    }
  }

  /**
   * The tenant orders one GPU: one open order, its deposit in escrow. The provider bids and the
   * tenant accepts: no open order, one active lease, the escrow still holding the deposit (nothing
   * is paid before a proof). The gauges are read at scrape time from the committed state, so each
   * shows the block the tx went into once it is committed.
   */
  private static void marketGaugesFollowAnOrderAndItsLease(LocalNode node, TestWallet wallet)
      throws Exception {
    CometRpcClient rpc = node.rpc();
    Address provider = wallet.address(PROVIDER);
    Address tenant = wallet.address(TENANT);
    commit(rpc, wallet.sign(PROVIDER, List.of(register(provider, BOND)), FEE));
    commit(rpc, wallet.sign(SENDER, List.of(approve(wallet.address(SENDER), provider)), FEE));
    commit(
        rpc,
        wallet.sign(TENANT, List.of(order(tenant, 1, 24, false, PRICE, 500, 0, DEPOSIT)), FEE));
    String ordered = scrape(node.metricsUri());
    assertEquals(1, value(ordered, "leasechain_open_orders"), ordered);
    assertEquals(0, value(ordered, "leasechain_active_leases"), ordered);
    assertEquals(DEPOSIT, value(ordered, "leasechain_escrow_ulease"), ordered);

    commit(rpc, wallet.sign(PROVIDER, List.of(bid(provider, 1, 1, PRICE, BID_DEPOSIT)), FEE));
    commit(rpc, wallet.sign(TENANT, List.of(accept(tenant, 1, 1L)), FEE));
    String leased = scrape(node.metricsUri());
    assertEquals(0, value(leased, "leasechain_open_orders"), leased);
    assertEquals(1, value(leased, "leasechain_active_leases"), leased);
    EscrowResponse escrow = parse(node.client(), "/escrow/1", EscrowResponse.parser());
    assertEquals(DEPOSIT, escrow.getEscrow().getDeposited());
    assertEquals(
        escrow.getEscrow().getDeposited(), value(leased, "leasechain_escrow_ulease"), leased);
    Account module =
        parse(
            node.client(),
            "/account/" + ModuleAccount.ESCROW.address().toBech32(),
            Account.parser());
    assertEquals(module.getBalance(), value(leased, "leasechain_escrow_ulease"), leased);

    double disk =
        value(leased, "leasechain_rocksdb_size_bytes{files=\"sst\"}")
            + value(leased, "leasechain_rocksdb_size_bytes{files=\"wal\"}");
    assertTrue(disk > 0, leased);
    assertTrue(value(leased, "leasechain_rocksdb_memtable_bytes") > 0, leased);
    // Far fewer blocks than keep_recent: every height since the first is kept.
    assertEquals(1, value(leased, "leasechain_state_oldest_height"), leased);
    assertTrue(value(leased, "leasechain_state_tree_nodes") > 0, leased);
    assertEquals(0, value(leased, "leasechain_state_tree_write_failed"), leased);
    // The blocks' own tree nodes are cached as they are written.
    assertTrue(value(leased, "leasechain_state_tree_cache_bytes{share=\"internal\"}") > 0, leased);
    assertTrue(value(leased, "leasechain_state_tree_cache_bytes{share=\"leaves\"}") > 0, leased);
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
