package io.leasechain.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leasechain.client.LeasechainClient;
import io.leasechain.client.query.BidFilter;
import io.leasechain.client.query.PageRequest;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.CommitResult;
import io.leasechain.client.rpc.TxResult;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Hex;
import io.leasechain.ledger.market.proto.Bid;
import io.leasechain.ledger.market.proto.BidState;
import io.leasechain.ledger.market.proto.MsgCreateOrder;
import io.leasechain.ledger.market.proto.ResourceSpec;
import io.leasechain.ledger.provider.proto.Attributes;
import io.leasechain.ledger.provider.proto.Interconnect;
import io.leasechain.ledger.provider.proto.MsgRegisterProvider;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.node.cli.LeasechainCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Offline and multi-party signing against a real chain, each party with its own home and keyring: a
 * provider signs a bid before the node even runs and broadcasts it later (found by the bid query
 * and by tx_search); a 2-of-2 council approves that provider by signing one tx in turn.
 */
class OfflineSigningTest {

  private static final String CHAIN_ID = "leasechain-signing-test";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long FUNDS = 10_000_000_000L;
  private static final long FEE = 1_000;
  private static final int COUNCIL_1 = 0, COUNCIL_2 = 1, PROVIDER = 2, TENANT = 3;
  private static final long ORDER_ID = 1;
  private static final long BID_ID = 1;
  private static final long BID_PRICE = 100_000_000_000L;

  @TempDir Path temp;

  private record Result(int exit, String out, String err) {
    Result ok() {
      assertEquals(0, exit, () -> "exit " + exit + "\nout: " + out + "\nerr: " + err);
      return this;
    }
  }

  private static Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LeasechainCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    // Every party here keeps its keys in the unencrypted test keyring: no passphrase to type.
    List<String> all = new ArrayList<>(List.of("--keyring-backend", "test"));
    all.addAll(List.of(args));
    int exit = cli.execute(all.toArray(String[]::new));
    return new Result(exit, out.toString(), err.toString());
  }

  /** A home whose keyring holds only {@code wallet}'s key {@code index}, named {@code name}. */
  private Path home(TestWallet wallet, int index, String name) {
    Path home = temp.resolve(name);
    cli(
            "keys",
            "add",
            name,
            "--seed",
            Hex.encode(wallet.key(index).seed()),
            "--home",
            home.toString())
        .ok();
    return home;
  }

  @Test
  void aBidSignedBeforeTheNodeRunsAndACouncilActionSignedInTurn() throws Exception {
    TestWallet wallet = new TestWallet(CHAIN_ID, 4, 8);
    Address provider = wallet.address(PROVIDER);
    try (LocalNode node =
        LocalNode.init(
            Binaries.fromSystemProperties(),
            temp.resolve("node"),
            CHAIN_ID,
            "signing",
            Duration.ofMillis(200))) {
      node.addGenesisAccounts(wallet, FUNDS);
      node.setCouncil(List.of(wallet.address(COUNCIL_1), wallet.address(COUNCIL_2)), 2);
      String rpc = node.rpcUri().toString();

      // The provider's bid, built and signed while nothing listens at the node's address: its
      // sequence will be 1 once it has registered (sequence 0), and the order will be the first.
      Path providerHome = home(wallet, PROVIDER, "gpu");
      Path unsignedBid = temp.resolve("bid-unsigned.json");
      Path signedBid = temp.resolve("bid-signed.json");
      List<String> offline =
          List.of(
              "--offline",
              "--chain-id",
              CHAIN_ID,
              "--sequence",
              "1",
              "--node",
              rpc,
              "--home",
              providerHome.toString());
      cli(with(
              offline,
              "tx",
              "market",
              "bid",
              "gpu",
              Long.toString(ORDER_ID),
              "--gpu-units",
              "4",
              "--price",
              Long.toString(BID_PRICE),
              "--deposit",
              "1000000ulease",
              "--generate-only",
              "--out",
              unsignedBid.toString()))
          .ok();
      cli(with(
              offline,
              "tx",
              "sign",
              unsignedBid.toString(),
              "--from",
              "gpu",
              "--out",
              signedBid.toString()))
          .ok();

      node.start();
      node.awaitHeight(1, Duration.ofSeconds(60));
      CometRpcClient rpcClient = node.rpc();
      LeasechainClient client = node.client();
      commit(rpcClient, wallet.sign(PROVIDER, List.of(register(provider)), FEE));

      // A 2-of-2 council approves the provider: member 1 builds the tx (member 2 has never sent a
      // tx, so it is named by its public key), member 2 signs online, member 1 offline.
      Path council1 = home(wallet, COUNCIL_1, "council1");
      Path council2 = home(wallet, COUNCIL_2, "council2");
      Path proposal = temp.resolve("proposal.json");
      Path proposal2 = temp.resolve("proposal-2.json");
      Path proposal12 = temp.resolve("proposal-12.json");
      cli(
              "tx",
              "authority",
              "propose",
              "council1",
              "approve-provider",
              provider.toBech32(),
              "--co-signer",
              Hex.encode(wallet.key(COUNCIL_2).publicKey().bytes()),
              "--generate-only",
              "--out",
              proposal.toString(),
              "--node",
              rpc,
              "--home",
              council1.toString())
          .ok();
      cli(
              "tx",
              "sign",
              proposal.toString(),
              "--from",
              "council2",
              "--out",
              proposal2.toString(),
              "--node",
              rpc,
              "--home",
              council2.toString())
          .ok();
      cli(
              "tx",
              "sign",
              proposal2.toString(),
              "--from",
              "council1",
              "--offline",
              "--sequence",
              "0",
              "--out",
              proposal12.toString(),
              "--home",
              council1.toString())
          .ok();
      assertEquals(ProviderState.PROVIDER_STATE_PENDING, client.provider(provider).getState());
      JsonNode approved =
          JSON.readTree(
              cli("tx", "broadcast", proposal12.toString(), "--node", rpc, "-o", "json")
                  .ok()
                  .out());
      assertEquals(0, approved.path("code").asInt(), approved::toString);
      assertEquals(ProviderState.PROVIDER_STATE_ACTIVE, client.provider(provider).getState());

      commit(rpcClient, wallet.sign(TENANT, List.of(order(wallet.address(TENANT))), FEE));
      JsonNode bidResult =
          JSON.readTree(
              cli("tx", "broadcast", signedBid.toString(), "--node", rpc, "-o", "json").ok().out());
      assertEquals(0, bidResult.path("code").asInt(), bidResult::toString);
      String bidTx = bidResult.path("txhash").asText();

      Bid bid = client.bid(ORDER_ID, BID_ID);
      assertEquals(provider.toBech32(), bid.getProvider());
      assertEquals(BID_PRICE, bid.getPrice());
      assertEquals(BidState.BID_STATE_OPEN, bid.getState());
      assertEquals(
          List.of(bid),
          client.bids(BidFilter.ofProvider(provider), PageRequest.first()).getBidsList());

      // CometBFT's indexer matches the conditions of one AND query within a single event, so the
      // action and its sender (both in the "message" event) go together, the bid id on its own.
      String query = "message.action='create_bid' AND message.sender='" + provider.toBech32() + "'";
      Deadline.await(
          "tx_search to index the bid",
          Duration.ofSeconds(30),
          () -> rpcClient.txSearch(query, 1, 10).totalCount() == 1);
      List<TxResult> found = rpcClient.txSearch(query, 1, 10).txs();
      assertEquals(bidTx, found.get(0).hash());
      assertTrue(found.get(0).result().isOk());
      assertEquals(
          List.of(bidTx),
          rpcClient.txSearch("bid.id='" + BID_ID + "'", 1, 10).txs().stream()
              .map(TxResult::hash)
              .toList());

      // The REST gateway shows the same bid and finds the same tx.
      JsonNode restBid = gateway(node, "/v1/bid/" + ORDER_ID + "/" + BID_ID);
      assertEquals(provider.toBech32(), restBid.path("provider").asText(), restBid::toString);
      assertEquals(Long.toString(BID_PRICE), restBid.path("price").asText(), restBid::toString);
      JsonNode restTxs =
          gateway(
              node,
              "/v1/txs?query="
                  + URLEncoder.encode("message.action='create_bid'", StandardCharsets.UTF_8));
      assertEquals(bidTx, restTxs.path("txs").path(0).path("hash").asText(), restTxs::toString);
    }
  }

  private static JsonNode gateway(LocalNode node, String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(node.gatewayUri() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), path + ": " + response.body());
    return JSON.readTree(response.body());
  }

  private static String[] with(List<String> flags, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(flags);
    return all.toArray(String[]::new);
  }

  private static void commit(CometRpcClient rpc, byte[] tx) {
    CommitResult result = rpc.broadcastTxCommit(tx);
    assertTrue(result.isOk(), result::toString);
  }

  private static Msg register(Address owner) {
    return Msg.newBuilder()
        .setRegisterProvider(
            MsgRegisterProvider.newBuilder()
                .setOwner(owner.toBech32())
                .setHostUri("https://gpu.example:8443")
                .setRegion("eu-west")
                .setAttributes(
                    Attributes.newBuilder()
                        .setGpuModel("nvidia-rtx-4090")
                        .setVramGib(24)
                        .setGpuCount(4)
                        .setInterconnect(Interconnect.INTERCONNECT_PCIE)
                        .setCpuMillicores(64_000)
                        .setMemoryMib(512_000)
                        .setStorageGib(4_000)
                        .setPublicIps(2))
                .setBond(1_000_000_000L))
        .build();
  }

  private static Msg order(Address tenant) {
    return Msg.newBuilder()
        .setCreateOrder(
            MsgCreateOrder.newBuilder()
                .setTenant(tenant.toBech32())
                .setSpec(ResourceSpec.newBuilder().setGpuUnits(4).setMinVramGib(24))
                .setMaxPrice(2 * BID_PRICE)
                .setBidWindow(10_000)
                .setDeposit(100_000_000))
        .build();
  }
}
