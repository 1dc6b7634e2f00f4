package io.leasechain.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.CommitResult;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hashes;
import io.leasechain.ledger.authority.proto.AppointAuditor;
import io.leasechain.ledger.authority.proto.ApproveProvider;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.authority.proto.ScheduleUpgrade;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.market.proto.MsgCreateBid;
import io.leasechain.ledger.market.proto.MsgCreateOrder;
import io.leasechain.ledger.market.proto.ResourceSpec;
import io.leasechain.ledger.proof.ProofParamsRules;
import io.leasechain.ledger.proof.proto.MsgDisputeProof;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.node.gateway.Gateway;
import io.leasechain.node.gateway.StateRoutes;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document against a real chain: market activity (provider, council proposals, order,
 * bid, lease, proof, dispute), then every path of docs/openapi.json called with real parameters and
 * each answer checked against its schema, plus the error paths. The document must list exactly the
 * routes the gateway serves, and each must be exercised here.
 */
class GatewayConformanceTest {

  private static final String CHAIN_ID = "leasechain-gateway-test";
  private static final long FEE = 1_000;
  private static final long FUNDS = 10_000_000_000L;
  private static final long BOND = 1_000_000_000L;
  private static final long PRICE = 1_000_000_000L;
  private static final int COUNCIL = 0, PROVIDER = 1, TENANT = 2, AUDITOR = 3;
  private static final Ed25519PrivateKey AGENT =
      Ed25519PrivateKey.fromSeed(Hashes.sha256("agent".getBytes(StandardCharsets.UTF_8)));
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Path DOC = Path.of("..", "docs", "openapi.json");

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final SchemaRegistry registry =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  @Test
  void everyDocumentedPathAnswersWhatItsSchemaSays(@TempDir Path temp) throws Exception {
    TestWallet wallet = new TestWallet(CHAIN_ID, 4, 8);
    try (LocalNode node =
        LocalNode.init(
            Binaries.fromSystemProperties(),
            temp.resolve("node"),
            CHAIN_ID,
            "gateway",
            Duration.ofMillis(200))) {
      node.addGenesisAccounts(wallet, FUNDS);
      node.setCouncil(List.of(wallet.address(COUNCIL)), 1);
      node.start();
      node.awaitHeight(1, Duration.ofSeconds(60));
      URI gateway = node.gatewayUri();
      CometRpcClient rpc = node.rpc();
      Address provider = wallet.address(PROVIDER);
      Address tenant = wallet.address(TENANT);
      Address auditor = wallet.address(AUDITOR);

      MarketMsgs.commit(
          rpc,
          wallet.sign(
              PROVIDER,
              List.of(MarketMsgs.register(provider, BOND), MarketMsgs.agentKeys(provider, AGENT)),
              FEE));
      MarketMsgs.commit(
          rpc,
          wallet.sign(
              COUNCIL,
              List.of(
                  MarketMsgs.council(
                      wallet.address(COUNCIL),
                      CouncilAction.newBuilder()
                          .setApproveProvider(
                              ApproveProvider.newBuilder().setProvider(provider.toBech32()))
                          .build()),
                  MarketMsgs.council(
                      wallet.address(COUNCIL),
                      CouncilAction.newBuilder()
                          .setAppointAuditor(
                              AppointAuditor.newBuilder().setAuditor(auditor.toBech32()))
                          .build()),
                  MarketMsgs.council(
                      wallet.address(COUNCIL),
                      CouncilAction.newBuilder()
                          .setScheduleUpgrade(
                              ScheduleUpgrade.newBuilder()
                                  .setName("conformance")
                                  .setHeight(1_000_000))
                          .build())),
              FEE));
      long orderHeight =
          MarketMsgs.commit(
              rpc,
              wallet.sign(
                  TENANT,
                  List.of(
                      Msg.newBuilder()
                          .setCreateOrder(
                              MsgCreateOrder.newBuilder()
                                  .setTenant(tenant.toBech32())
                                  .setSpec(
                                      ResourceSpec.newBuilder().setGpuUnits(1).setMinVramGib(24))
                                  .setMaxPrice(PRICE)
                                  .setBidWindow(2)
                                  .setDuration(60)
                                  .setDeposit(500_000_000L))
                          .build()),
                  FEE));
      CommitResult bid =
          rpc.broadcastTxCommit(
              wallet.sign(
                  PROVIDER,
                  List.of(
                      Msg.newBuilder()
                          .setCreateBid(
                              MsgCreateBid.newBuilder()
                                  .setProvider(provider.toBech32())
                                  .setOrderId(1)
                                  .setGpuUnits(1)
                                  .setPrice(PRICE)
                                  .setDeposit(1_000_000L))
                          .build()),
                  FEE));
      assertTrue(bid.isOk(), bid.txResult().log());
      long start = orderHeight + 2;
      node.awaitHeight(start + 6, Duration.ofSeconds(60));
      JsonNode leases = get(gateway, "/v1/leases?order=1").body();
      assertEquals(1, leases.get("leases").size(), leases.toString());
      String leaseId = leases.get("leases").get(0).get("id").asText();
      MarketMsgs.commit(
          rpc,
          wallet.sign(
              PROVIDER,
              List.of(
                  MarketMsgs.proof(
                      provider, AGENT, CHAIN_ID, Long.parseLong(leaseId), start, start + 5)),
              FEE));
      MarketMsgs.commit(
          rpc,
          wallet.sign(
              TENANT,
              List.of(
                  Msg.newBuilder()
                      .setDisputeProof(
                          MsgDisputeProof.newBuilder()
                              .setTenant(tenant.toBech32())
                              .setProofId(1)
                              .setDeposit(ProofParamsRules.DEFAULTS.getMinDisputeDeposit())
                              .setEvidenceUri("https://evidence.example/lease-1")
                              .setEvidenceHash(
                                  com.google.protobuf.ByteString.copyFrom(
                                      Hashes.sha256("evidence".getBytes(StandardCharsets.UTF_8)))))
                      .build()),
              FEE));

      JsonNode doc = get(gateway, "/openapi.json").body();
      assertEquals(MAPPER.readTree(DOC.toFile()), doc, "the jar serves docs/openapi.json");
      List<String> routes = new ArrayList<>();
      StateRoutes.ALL.forEach(route -> routes.add(route.template()));
      routes.addAll(Gateway.CHAIN_AND_FILE_PATHS);
      List<String> documented = new ArrayList<>();
      doc.get("paths").fieldNames().forEachRemaining(documented::add);
      assertEquals(routes, documented, "the document lists every route and nothing else");

      String validatorHex =
          HexFormat.of()
              .withUpperCase()
              .formatHex(
                  Base64.getDecoder()
                      .decode(
                          get(gateway, "/v1/validators")
                              .body()
                              .get("validators")
                              .get(0)
                              .get("address")
                              .asText()));
      long height = node.height();
      Map<String, List<String>> calls = new LinkedHashMap<>();
      calls.put(
          "/v1/account/{address}",
          List.of("/v1/account/" + tenant, "/v1/account/" + provider + "?height=0"));
      calls.put("/v1/supply", List.of("/v1/supply"));
      calls.put("/v1/params", List.of("/v1/params"));
      calls.put("/v1/app_hash/{height}", List.of("/v1/app_hash/" + (height - 1)));
      calls.put("/v1/council", List.of("/v1/council"));
      calls.put("/v1/proposal/{id}", List.of("/v1/proposal/1"));
      calls.put("/v1/upgrade", List.of("/v1/upgrade"));
      calls.put("/v1/upgrades", List.of("/v1/upgrades"));
      calls.put("/v1/proposals", List.of("/v1/proposals", "/v1/proposals?state=executed&limit=1"));
      calls.put("/v1/provider/{address}", List.of("/v1/provider/" + provider));
      calls.put(
          "/v1/providers",
          List.of("/v1/providers?state=active", "/v1/providers?gpu_model=" + MarketMsgs.GPU_MODEL));
      calls.put("/v1/auditor/{address}", List.of("/v1/auditor/" + auditor));
      calls.put("/v1/auditors", List.of("/v1/auditors?limit=10"));
      calls.put("/v1/order/{id}", List.of("/v1/order/1"));
      calls.put("/v1/orders", List.of("/v1/orders?tenant=" + tenant + "&state=matched"));
      calls.put("/v1/bid/{order_id}/{bid_id}", List.of("/v1/bid/1/1"));
      calls.put(
          "/v1/bids", List.of("/v1/bids?order=1", "/v1/bids?provider=" + provider + "&state=won"));
      calls.put("/v1/lease/{id}", List.of("/v1/lease/" + leaseId));
      calls.put(
          "/v1/leases",
          List.of(
              "/v1/leases?tenant=" + tenant, "/v1/leases?provider=" + provider + "&state=active"));
      calls.put("/v1/proof/{id}", List.of("/v1/proof/1"));
      calls.put("/v1/proofs", List.of("/v1/proofs?lease=" + leaseId));
      calls.put("/v1/dispute/{id}", List.of("/v1/dispute/1"));
      calls.put("/v1/validators", List.of("/v1/validators"));
      calls.put("/v1/validator/{address}", List.of("/v1/validator/" + validatorHex));
      calls.put("/v1/emission", List.of("/v1/emission"));
      calls.put("/v1/escrow/{order_id}", List.of("/v1/escrow/1"));
      String tenantKey = HexFormat.of().formatHex(BankKeeper.accountKey(tenant));
      calls.put(
          "/v1/store/{key}",
          List.of("/v1/store/" + tenantKey, "/v1/store/" + tenantKey + "?height=" + (height - 1)));
      calls.put("/v1/status", List.of("/v1/status"));
      calls.put("/v1/blocks", List.of("/v1/blocks", "/v1/blocks?before=" + height + "&limit=3"));
      calls.put("/v1/blocks/latest", List.of("/v1/blocks/latest"));
      calls.put("/v1/blocks/{height}", List.of("/v1/blocks/" + bid.height()));
      String query = "bid.id='1' AND tx.height=" + bid.height();
      calls.put(
          "/v1/txs",
          List.of(
              "/v1/txs?query="
                  + URLEncoder.encode("tx.height>0", StandardCharsets.UTF_8)
                  + "&per_page=2&page=2",
              "/v1/txs?query="
                  + URLEncoder.encode("lease.id='" + leaseId + "'", StandardCharsets.UTF_8)));
      calls.put(
          "/v1/txs/{hash}",
          List.of("/v1/txs/" + bid.hash(), "/v1/txs/" + bid.hash().toLowerCase()));
      calls.put("/openapi.json", List.of("/openapi.json"));
      calls.put("/explorer", List.of("/explorer", "/explorer/"));
      calls.put("/explorer/{file}", List.of("/explorer/index.html"));
      assertEquals(documented, new ArrayList<>(calls.keySet()), "every documented path is called");

      for (Map.Entry<String, List<String>> path : calls.entrySet()) {
        JsonNode operation = doc.get("paths").get(path.getKey()).get("get");
        for (String url : path.getValue()) {
          Reply reply = get(gateway, url);
          assertEquals(200, reply.status(), url + " -> " + reply.text());
          assertEquals("*", reply.cors(), url);
          JsonNode content = operation.get("responses").get("200").get("content");
          String type = content.fieldNames().next();
          assertTrue(reply.contentType().startsWith(type), url + " is " + reply.contentType());
          if (type.equals("application/json")) {
            assertConforms(doc, content.get(type).get("schema"), reply.text(), url);
          }
        }
      }

      // The values are the chain's, not just well-shaped.
      JsonNode order = get(gateway, "/v1/order/1").body();
      assertEquals(tenant.toBech32(), order.get("tenant").asText());
      assertEquals("ORDER_STATE_MATCHED", order.get("state").asText());
      JsonNode tx = get(gateway, "/v1/txs/" + bid.hash()).body();
      assertEquals(Long.toString(bid.height()), tx.get("height").asText());
      assertEquals(
          "1",
          tx.get("tx")
              .get("body")
              .get("messages")
              .get(0)
              .get("create_bid")
              .get("order_id")
              .asText());
      JsonNode found =
          get(gateway, "/v1/txs?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)).body();
      assertEquals(1, found.get("total_count").asInt(), found.toString());
      assertEquals(bid.hash(), found.get("txs").get(0).get("hash").asText());
      JsonNode block = get(gateway, "/v1/blocks/" + bid.height()).body();
      assertTrue(block.get("txs").toString().contains(bid.hash()), block.toString());
      JsonNode page = get(gateway, "/v1/blocks?before=" + height + "&limit=3").body();
      assertEquals(Long.toString(height - 1), page.get("blocks").get(0).get("height").asText());
      assertEquals(Long.toString(height - 3), page.get("next").asText());
      assertEquals(
          get(gateway, "/v1/account/" + tenant).body().get("balance").asText(),
          Long.toString(node.client().account(tenant).getBalance()));

      // Errors: each a documented status, with the Error schema.
      Map<String, Integer> errors = new LinkedHashMap<>();
      errors.put("/v1/order/999", 404);
      errors.put("/v1/lease/999", 404);
      errors.put("/v1/account/lease1notanaddress", 400);
      errors.put("/v1/provider/lease1" + "q".repeat(38), 400);
      errors.put("/v1/orders?limit=0", 400);
      errors.put("/v1/orders?limit=1001", 400);
      errors.put("/v1/orders?limit=abc", 400);
      errors.put("/v1/bids", 400);
      errors.put("/v1/leases?state=burning", 400);
      errors.put("/v1/supply?height=" + (height + 1_000_000), 404);
      errors.put("/v1/orders?height=" + (height - 1), 404);
      errors.put("/v1/store/00ff", 404);
      errors.put("/v1/store/0g", 400);
      errors.put("/v1/store/" + "00".repeat(1025), 400);
      errors.put("/v1/blocks/" + (height + 1_000_000), 404);
      errors.put("/v1/blocks?limit=51", 400);
      errors.put("/v1/txs/" + "0".repeat(64), 404);
      errors.put("/v1/txs/nothex", 400);
      errors.put("/v1/txs?query=" + URLEncoder.encode("a='b' OR 1=1", StandardCharsets.UTF_8), 400);
      errors.put("/v1/nothing", 404);
      errors.put("/explorer/../openapi.json", 404);
      for (Map.Entry<String, Integer> error : errors.entrySet()) {
        Reply reply = get(gateway, error.getKey());
        assertEquals(error.getValue(), reply.status(), error.getKey() + " -> " + reply.text());
        assertEquals("*", reply.cors(), error.getKey());
        assertConforms(doc, ref("Error"), reply.text(), error.getKey());
      }
      HttpResponse<String> post =
          http.send(
              HttpRequest.newBuilder(gateway.resolve("/v1/supply"))
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(405, post.statusCode());
      assertConforms(doc, ref("Error"), post.body(), "POST");
      assertFalse(node.appLog().contains("gateway: "), "no request failed inside the gateway");
    }
  }

  private void assertConforms(JsonNode doc, JsonNode schema, String body, String url) {
    ObjectNode root = schema.deepCopy();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.set("components", doc.get("components"));
    Schema compiled = registry.getSchema(root.toString(), InputFormat.JSON);
    List<Error> errors = compiled.validate(body, InputFormat.JSON);
    assertTrue(
        errors.isEmpty(),
        () ->
            url
                + " does not match its schema: "
                + errors.stream().map(Error::toString).toList()
                + "\n"
                + body);
  }

  private static JsonNode ref(String name) {
    return MAPPER.createObjectNode().put("$ref", "#/components/schemas/" + name);
  }

  private Reply get(URI gateway, String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(gateway + path))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Reply(
        response.statusCode(),
        response.body(),
        response.headers().firstValue("Content-Type").orElse(""),
        response.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
  }

  private record Reply(int status, String text, String contentType, String cors) {
    JsonNode body() throws Exception {
      assertEquals(200, status, text);
      return MAPPER.readTree(text);
    }
  }
}
