package io.leasechain.client.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.leasechain.client.load.FundsAccounting.FundsCheck;
import io.leasechain.client.load.FundsAccounting.Mismatch;
import io.leasechain.client.rpc.Attribute;
import io.leasechain.client.rpc.BlockResults;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.Event;
import io.leasechain.client.rpc.TxOutcome;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.bank.proto.Account;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FundsAccountingTest {

  private static final List<Ed25519PrivateKey> KEYS =
      LoadGenerator.accountKeys(Ed25519PrivateKey.fromSeed(new byte[32]), 9, 4);
  private static final String A = address(0);
  private static final String B = address(1);
  private static final String OUTSIDER = address(2);
  private static final String FEE_COLLECTOR = address(3);

  private static String address(int i) {
    return KEYS.get(i).publicKey().address().toBech32();
  }

  private static FundsAccounting startingWith(long a, long b) {
    Map<Address, Long> balances = new TreeMap<>();
    balances.put(Address.fromBech32(A), a);
    balances.put(Address.fromBech32(B), b);
    return FundsAccounting.startingAt(10, balances);
  }

  private static Event coins(String type, String role, String account, long amount) {
    return new Event(
        type,
        List.of(
            new Attribute(role, account, true), new Attribute("amount", amount + "ulease", true)));
  }

  /** The coin events the ledger emits for moving {@code amount} from one account to another. */
  private static List<Event> move(String from, String to, long amount) {
    return List.of(
        coins("coin_spent", "spender", from, amount),
        coins("coin_received", "receiver", to, amount));
  }

  private static TxOutcome tx(int code, List<Event> events) {
    return new TxOutcome(code, "", "", "", new byte[0], 0, 0, events);
  }

  private static BlockResults block(long height, List<TxOutcome> txs, List<Event> blockEvents) {
    return new BlockResults(height, txs, blockEvents, List.of(), new byte[0]);
  }

  @Test
  void feesTransfersFailedTxsAndBlockEventsAddUpToTheUlease() {
    FundsAccounting funds = startingWith(1_000, 50);
    List<Event> transfer = new ArrayList<>(move(A, FEE_COLLECTOR, 7));
    transfer.addAll(move(A, B, 100));
    transfer.add(new Event("transfer", List.of(new Attribute("amount", "100ulease", true))));
    // A failed tx moves only its fee.
    TxOutcome failed = tx(5, move(B, FEE_COLLECTOR, 7));
    // A settlement paid out of a module account at the end of the block.
    List<Event> settlement = move(FEE_COLLECTOR, B, 3);
    funds.apply(block(11, List.of(tx(0, transfer), failed), settlement));
    funds.apply(block(12, List.of(), move(OUTSIDER, A, 1)));

    assertEquals(12, funds.height());
    assertEquals(Map.of(A, 1_000L - 7 - 100 + 1, B, 50L + 100 - 7 + 3), funds.expected());
    assertFalse(funds.expected().containsKey(OUTSIDER), "only the run's accounts are tracked");
  }

  @Test
  void checkNamesEveryAccountThatDiffers() {
    FundsAccounting funds = startingWith(1_000, 50);
    funds.apply(block(11, List.of(tx(0, move(A, B, 10))), List.of()));

    FundsCheck matching = funds.check(account -> account.equals(A) ? 990L : 60L);
    assertTrue(matching.ok(), matching.toText());
    assertEquals(2, matching.accounts());

    FundsCheck off = funds.check(account -> account.equals(A) ? 990L : 61L);
    assertEquals(List.of(new Mismatch(B, 60, 61)), off.mismatches());
    assertTrue(off.toText().contains("expected 60 ulease, chain has 61"), off.toText());
  }

  @Test
  void blocksMustFollowEachOther() {
    FundsAccounting funds = startingWith(1, 1);
    assertThrows(IllegalStateException.class, () -> funds.apply(block(12, List.of(), List.of())));
    assertThrows(IllegalStateException.class, () -> funds.apply(block(10, List.of(), List.of())));
  }

  @Test
  void refusesAnAmountInAnotherDenomination() {
    FundsAccounting funds = startingWith(1, 1);
    Event odd =
        new Event(
            "coin_received",
            List.of(new Attribute("receiver", A, true), new Attribute("amount", "5uatom", true)));
    assertThrows(
        IllegalStateException.class,
        () -> funds.apply(block(11, List.of(tx(0, List.of(odd))), List.of())));
  }

  /**
   * CometBFT stores block H (and /status reports it) before the application has executed and
   * committed it: checking against a node must stop at the height its application has committed.
   * Found by the fault suite, where the check ran right after a block and asked for state the node
   * did not have yet.
   */
  @Test
  void checkAgainstANodeStopsAtTheHeightItsApplicationCommitted() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<String> asked = Collections.synchronizedList(new ArrayList<>());
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          JsonNode request = json.readTree(exchange.getRequestBody());
          JsonNode params = request.path("params");
          ObjectNode result = json.createObjectNode();
          switch (request.path("method").asText()) {
            case "status" -> {
              // Block 12 is stored; the application has committed 11 only.
              result.putObject("node_info").put("id", "stub").put("network", "test");
              result.putObject("sync_info").put("latest_block_height", "12");
              result.putObject("validator_info").put("voting_power", "0");
            }
            case "abci_info" -> result.putObject("response").put("last_block_height", "11");
            case "block_results" -> {
              asked.add("block_results " + params.path("height").asText());
              result.put("height", params.path("height").asText());
            }
            case "abci_query" -> {
              long height = Long.parseLong(params.path("height").asText());
              asked.add("abci_query " + height);
              ObjectNode response = result.putObject("response");
              if (height > 11) {
                response.put("code", 5).put("codespace", "query").put("log", "not committed");
              } else {
                long balance = params.path("path").asText().endsWith(A) ? 1_000 : 50;
                response.put(
                    "value",
                    Base64.getEncoder()
                        .encodeToString(
                            Account.newBuilder().setBalance(balance).build().toByteArray()));
              }
            }
            default -> throw new IllegalStateException(request.toString());
          }
          ObjectNode reply = json.createObjectNode().put("jsonrpc", "2.0");
          reply.set("id", request.path("id"));
          reply.set("result", result);
          byte[] body = reply.toString().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try {
      CometRpcClient rpc =
          new CometRpcClient(
              URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
              Duration.ofSeconds(5));
      FundsCheck check = startingWith(1_000, 50).check(rpc);
      assertTrue(check.ok(), check.toText());
      assertEquals(11, check.height());
      assertFalse(asked.contains("block_results 12"), asked.toString());
      assertFalse(asked.contains("abci_query 12"), asked.toString());
    } finally {
      server.stop(0);
    }
  }
}
