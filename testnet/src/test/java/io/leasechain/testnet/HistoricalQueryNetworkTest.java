package io.leasechain.testnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leasechain.client.ProvenQueries;
import io.leasechain.client.light.LightClient;
import io.leasechain.client.light.RpcLightSource;
import io.leasechain.client.light.TrustOptions;
import io.leasechain.client.rpc.AbciQueryResult;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.crypto.Address;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.proto.Account;
import io.leasechain.node.config.AppConfig.StateConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 5 on a real chain with {@code keep_recent = 20}: while transfers to one receiver are
 * committed (the test records the height of each, so it knows the receiver's balance at every
 * height), the account at {@code latest - 10} answers that height's balance with proofs that verify
 * against the app hash of the next header, light-verified from genesis ({@link ProvenQueries}) and,
 * for the raw record, against CometBFT's header directly ({@link StoreProofs}); a height below
 * {@code latest - keep_recent} is refused with {@code query/5} once the pruner has caught up, over
 * ABCI and over the REST gateway's {@code ?height=}.
 */
@Timeout(240)
class HistoricalQueryNetworkTest {

  private static final String CHAIN_ID = "leasechain-history-test";
  private static final long KEEP_RECENT = 20;
  private static final long FUNDS = 1_000_000_000L;
  private static final long AMOUNT = 1_000;
  private static final Duration WAIT = Duration.ofSeconds(90);

  private final TestWallet senders = new TestWallet(CHAIN_ID, 4, 41);
  private final Address receiver = new TestWallet(CHAIN_ID, 1, 42).address(0);
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  @Test
  void pastHeightAnswersItsValueWithAProofAndPrunedHeightsAreRefused(@TempDir Path temp)
      throws Exception {
    try (LocalNode node =
        LocalNode.init(
            Binaries.fromSystemProperties(),
            temp.resolve("node"),
            CHAIN_ID,
            "history",
            Duration.ofMillis(200))) {
      node.addGenesisAccounts(senders, FUNDS);
      node.addGenesisAccount(receiver, FUNDS);
      node.setState(new StateConfig(KEEP_RECENT, 0, 1));
      node.start();
      node.awaitHeight(2, WAIT);
      CometRpcClient rpc = node.rpc();

      long latest;
      long past;
      long atPast;
      try (TransferLoad load = new TransferLoad(node, senders, receiver, AMOUNT, 250)) {
        node.awaitHeight(KEEP_RECENT + 25, WAIT);
        Deadline.await("30 transfers", WAIT, () -> load.count() >= 30);
        load.close();
        latest = node.height();
        past = latest - 10;
        atPast = FUNDS + load.receivedBy(past);
        assertNotEquals(
            FUNDS + load.receivedBy(latest), atPast, "the balance changed after " + past);
      }

      AbciQueryResult answer =
          rpc.abciQuery("/account/" + receiver.toBech32(), new byte[0], past, true);
      assertEquals(0, answer.code(), answer.log());
      assertEquals(past, answer.height(), "answered at the height asked");
      assertEquals(atPast, Account.parseFrom(answer.value()).getBalance(), "balance at " + past);
      assertNotNull(answer.proofOps(), "prove=true carries proofs");
      ProvenQueries.ProvenAnswer verified =
          new ProvenQueries(
                  rpc,
                  LightClient.fromGenesis(
                      node.genesisTrust(),
                      new RpcLightSource(rpc),
                      TrustOptions.DEFAULT,
                      Instant::now),
                  WAIT)
              .query("/account/" + receiver.toBech32(), past);
      assertEquals(past, verified.height());
      assertEquals(
          atPast,
          Account.parseFrom(verified.result().value()).getBalance(),
          "light-verified balance at " + past + ", signed by " + verified.signedPercent() + "%");
      byte[] proven = StoreProofs.provenRead(rpc, BankKeeper.accountKey(receiver), past);
      assertEquals(atPast, Account.parseFrom(proven).getBalance(), "proven balance at " + past);
      assertArrayEquals(
          rpc.block(past + 1).appHash(),
          node.client().appHashAt(past),
          "/app_hash at a kept height");

      JsonNode overRest = get(node, "/v1/account/" + receiver.toBech32() + "?height=" + past, 200);
      assertEquals(atPast, overRest.path("balance").asLong(), "gateway balance at " + past);

      long pruned = latest - KEEP_RECENT - 5;
      Deadline.await(
          "height " + pruned + " to be pruned",
          WAIT,
          () ->
              rpc.abciQuery("/account/" + receiver.toBech32(), new byte[0], pruned, true).code()
                  == 5);
      AbciQueryResult refused =
          rpc.abciQuery("/account/" + receiver.toBech32(), new byte[0], pruned, true);
      assertEquals("query", refused.codespace());
      assertTrue(refused.log().contains("height " + pruned + " is pruned"), refused.log());
      AbciQueryResult appHash = rpc.abciQuery("/app_hash/" + pruned, new byte[0], 0, false);
      assertEquals(5, appHash.code(), "/app_hash of a pruned height: " + appHash.log());
      JsonNode restRefusal =
          get(node, "/v1/account/" + receiver.toBech32() + "?height=" + pruned, 404);
      assertEquals("query", restRefusal.path("codespace").asText(), restRefusal.toString());
      assertEquals(5, restRefusal.path("code").asInt(), restRefusal.toString());

      // The window still answers with proofs after pruning: its oldest end as well as the past
      // height checked above.
      long oldestKept = node.height() - KEEP_RECENT + 5;
      StoreProofs.provenRead(rpc, BankKeeper.accountKey(receiver), oldestKept);
    }
  }

  private JsonNode get(LocalNode node, String path, int status) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(node.gatewayUri() + path))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(status, response.statusCode(), path + ": " + response.body());
    return new ObjectMapper().readTree(response.body());
  }
}
