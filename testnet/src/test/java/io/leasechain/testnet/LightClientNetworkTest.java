package io.leasechain.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.leasechain.client.rpc.AbciQueryResult;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.CommitResult;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.authority.proto.MsgCouncilPropose;
import io.leasechain.ledger.authority.proto.RemoveValidator;
import io.leasechain.ledger.authority.proto.SetValidatorPower;
import io.leasechain.ledger.bank.proto.Account;
import io.leasechain.ledger.tx.proto.Msg;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 3 on a real two-validator network (node0 power 10, node1 power 30, a 2-of-3 council):
 * `leasechain query account … --prove`, trusting only the genesis validators, (a) verifies an
 * honest node's answer; (b) catches a lying node, played by an HTTP proxy in front of node0's RPC
 * that rewrites one thing at a time (the value, the proof, a header field, a signature, the
 * validator set), each with its own clear error and exit 1; (c) still verifies after the council
 * has moved the set to one whose power the genesis set no longer holds a third of, so the client
 * must skip through intermediate heights.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class LightClientNetworkTest {

  private static final String CHAIN_ID = "leasechain-light-test";
  private static final long FUNDS = 1_000_000_000L;
  private static final long FEE = 1_000;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int C1 = 0, C2 = 1, C3 = 2, SENDER = 3;
  private static final Pattern VERIFIED =
      Pattern.compile("verified at height (\\d+), signed by ([0-9.]+)% of voting power");
  private static final Pattern JAVA_NAME =
      Pattern.compile("\\b[a-z]+\\.[a-z]+\\.[A-Z]\\w+|Exception|\\tat ");

  private final TestWallet wallet = new TestWallet(CHAIN_ID, 4, 51);
  private final Address watched = new TestWallet(CHAIN_ID, 1, 52).address(0);
  private LocalNetwork net;
  private LyingRpcProxy proxy;
  private CometRpcClient rpc;
  private long before;

  @BeforeAll
  void startNetwork(@TempDir Path temp) throws Exception {
    net =
        LocalNetwork.init(
            Binaries.fromSystemProperties(),
            temp,
            CHAIN_ID,
            List.of(10L, 30L),
            Duration.ofMillis(200),
            first -> {
              first.addGenesisAccounts(wallet, FUNDS);
              first.addGenesisAccount(watched, FUNDS);
              first.setCouncil(
                  List.of(wallet.address(C1), wallet.address(C2), wallet.address(C3)), 2);
            });
    net.start();
    rpc = net.node(0).rpc();
    net.node(0).awaitHeight(2, WAIT);
    // The watched account then holds the same value at every height, while transfers between
    // others move the root: a proof of it from an older height is a proof against another root.
    before = send(wallet.address(C3), 5);
    send(wallet.address(C3), 7);
    proxy = new LyingRpcProxy(net.node(0).rpcUri());
  }

  @AfterAll
  void stopNetwork() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    if (net != null) {
      net.close();
    }
  }

  @Test
  @Order(1)
  void honestAnswerVerifies() {
    proxy.lie(LyingRpcProxy.Lie.NONE);
    Verified direct = proveAccount(net.node(0).rpcUri().toString());
    assertEquals("100", direct.percent().replaceFirst("\\.0+$", ""), "both validators signed");
    Verified relayed = proveAccount(proxy.uri().toString());
    assertTrue(relayed.height() >= direct.height());
  }

  @Test
  @Order(2)
  void lyingNodeIsCaught() throws Exception {
    String node1 = hex(net.node(1).validatorKey().address());
    Map<String, LyingRpcProxy.Lie> lies = new LinkedHashMap<>();
    lies.put(
        "a changed value",
        (method, params, reply) -> {
          if (method.equals("abci_query")) {
            ObjectNode response = (ObjectNode) reply.path("result").path("response");
            Account real = Account.parseFrom(decode(response.path("value")));
            Account lie = real.toBuilder().setBalance(real.getBalance() + 1_000_000).build();
            response.put("value", Base64.getEncoder().encodeToString(lie.toByteArray()));
          }
        });
    lies.put(
        "a proof against another root",
        (method, params, reply) -> {
          if (method.equals("abci_query")) {
            AbciQueryResult old =
                rpc.abciQuery(params.path("path").asText(), new byte[0], before, true);
            ((ObjectNode) reply.path("result").path("response"))
                .set("proofOps", old.proofOps().deepCopy());
          }
        });
    lies.put(
        "a header field altered",
        (method, params, reply) -> {
          if (method.equals("commit")) {
            ObjectNode header =
                (ObjectNode) reply.path("result").path("signed_header").path("header");
            String appHash = header.path("app_hash").asText();
            header.put("app_hash", (appHash.charAt(0) == '0' ? "1" : "0") + appHash.substring(1));
          }
        });
    lies.put(
        "a signature dropped",
        (method, params, reply) -> {
          if (method.equals("commit")) {
            for (JsonNode signature :
                reply.path("result").path("signed_header").path("commit").path("signatures")) {
              if (signature.path("validator_address").asText().equalsIgnoreCase(node1)) {
                ((ObjectNode) signature)
                    .put("block_id_flag", 1)
                    .put("validator_address", "")
                    .put("timestamp", "0001-01-01T00:00:00Z")
                    .putNull("signature");
              }
            }
          }
        });
    Ed25519PublicKey impostor = wallet.key(SENDER).publicKey();
    lies.put(
        "the validator set replaced",
        (method, params, reply) -> {
          if (method.equals("validators")) {
            ObjectNode result = (ObjectNode) reply.path("result");
            ArrayNode validators = result.putArray("validators");
            ObjectNode validator = validators.addObject();
            validator.put("address", hex(impostor.address()));
            validator
                .putObject("pub_key")
                .put("type", "tendermint/PubKeyEd25519")
                .put("value", Base64.getEncoder().encodeToString(impostor.bytes()));
            validator.put("voting_power", "100");
            validator.put("proposer_priority", "0");
            result.put("count", "1");
            result.put("total", "1");
          }
        });

    Map<String, String> errors = new LinkedHashMap<>();
    for (Map.Entry<String, LyingRpcProxy.Lie> lie : lies.entrySet()) {
      proxy.lie(lie.getValue());
      CliRun run = cli("query", "account", watched.toBech32(), "--prove", "--node", proxyUri());
      String what = lie.getKey() + ": " + run;
      assertEquals(1, run.exit(), what);
      String line = run.onlyErrorLine();
      assertTrue(line.startsWith("Error: "), what);
      assertFalse(JAVA_NAME.matcher(line).find(), "a Java name in: " + what);
      assertFalse(run.out().contains("verified at height"), what);
      errors.put(lie.getKey(), line);
    }
    proxy.lie(LyingRpcProxy.Lie.NONE);
    System.out.println("lies caught: " + errors);
    assertEquals(
        errors.size(),
        errors.values().stream().distinct().count(),
        "each lie has its own error: " + errors);
    proveAccount(proxyUri());
  }

  @Test
  @Order(3)
  void verifiesAcrossACouncilValidatorSetChange() throws Exception {
    Ed25519PublicKey small = net.node(0).validatorKey();
    Ed25519PublicKey big = net.node(1).validatorKey();
    // node0 grows 10 -> 29 -> 58 -> 101 (each step adds less than half the power kept), then
    // node1 (30 of 131, within the one-third rule) leaves: the genesis set signs none of the new
    // set's commits but node0's 10 of its 40, less than the one-third a skip needs.
    for (long power : new long[] {29, 58, 101}) {
      council(
          CouncilAction.newBuilder()
              .setSetValidatorPower(
                  SetValidatorPower.newBuilder()
                      .setPublicKey(ByteString.copyFrom(small.bytes()))
                      .setPower(power))
              .build());
    }
    long removed =
        council(
            CouncilAction.newBuilder()
                .setRemoveValidator(
                    RemoveValidator.newBuilder().setPublicKey(ByteString.copyFrom(big.bytes())))
                .build());
    net.node(0).awaitHeight(removed + 4, WAIT);
    String bigAddress = hex(big.address());
    assertTrue(
        rpc.validators(removed + 3).validators().stream()
            .noneMatch(v -> v.address().equalsIgnoreCase(bigAddress)),
        "node1 left CometBFT's set");
    assertEquals(101, rpc.validators(removed + 3).totalVotingPower());

    Verified verified = proveAccount(net.node(0).rpcUri().toString());
    assertTrue(
        verified.height() >= removed + 2,
        "verified at " + verified.height() + ", after the change at " + removed);
    assertEquals("100", verified.percent().replaceFirst("\\.0+$", ""), "node0 alone signs");
  }

  private record Verified(long height, String percent) {}

  /** `query account --prove` of the watched account through {@code node}: must verify. */
  private Verified proveAccount(String node) {
    CliRun run = cli("query", "account", watched.toBech32(), "--prove", "--node", node);
    assertEquals(0, run.exit(), run.toString());
    assertTrue(run.out().contains(Long.toString(FUNDS)), "the answer is printed: " + run);
    Matcher matcher = VERIFIED.matcher(run.out());
    assertTrue(matcher.find(), "verification line in: " + run);
    return new Verified(Long.parseLong(matcher.group(1)), matcher.group(2));
  }

  private CliRun cli(String... args) {
    List<String> all = new ArrayList<>(List.of("--home", net.node(0).home().toString()));
    all.addAll(List.of(args));
    return CliRun.of(all);
  }

  private String proxyUri() {
    return proxy.uri().toString();
  }

  /** Sends {@code amount} from the sender account to {@code to}; returns its height. */
  private long send(Address to, long amount) {
    CommitResult result = rpc.broadcastTxCommit(wallet.send(SENDER, to, amount, FEE));
    assertTrue(result.isOk(), () -> "transfer failed: " + result);
    return result.height();
  }

  /** Proposes {@code action} by C1 co-signed by C2 (2 of 3): it executes at once; its height. */
  private long council(CouncilAction action) {
    Msg msg =
        Msg.newBuilder()
            .setCouncilPropose(
                MsgCouncilPropose.newBuilder()
                    .setProposer(wallet.address(C1).toBech32())
                    .addCoSigners(wallet.address(C2).toBech32())
                    .setAction(action))
            .build();
    CommitResult result = rpc.broadcastTxCommit(wallet.sign(List.of(C1, C2), List.of(msg), FEE));
    assertTrue(
        result.isOk(),
        () -> "council tx failed: " + result.checkTx().log() + " / " + result.txResult().log());
    return result.height();
  }

  private static byte[] decode(JsonNode base64) {
    return Base64.getDecoder().decode(base64.asText());
  }

  private static String hex(Address address) {
    return HexFormat.of().withUpperCase().formatHex(address.bytes());
  }
}
