package io.leasechain.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.leasechain.client.ProvenQueries;
import io.leasechain.client.light.LightClient;
import io.leasechain.client.light.LightClientException;
import io.leasechain.client.light.LightSource;
import io.leasechain.client.light.RpcLightSource;
import io.leasechain.client.light.TrustOptions;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.CommitResult;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.authority.proto.RemoveValidator;
import io.leasechain.ledger.authority.proto.SetValidatorPower;
import io.leasechain.ledger.bank.proto.Account;
import io.leasechain.ledger.tx.proto.Msg;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
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
  // A commit needs node1 (30 of 40); node0's precommit may come too late to be in it.
  private static final List<String> SIGNED_BY_NODE1 = List.of("75", "100");
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
  void honestAnswerVerifies() throws Exception {
    proxy.lie(LyingRpcProxy.Lie.NONE);
    for (URI node : List.of(net.node(0).rpcUri(), proxy.uri())) {
      ProvenQueries.ProvenAnswer answer =
          proven(node, height -> {}).query("/account/" + watched.toBech32(), 0);
      assertEquals(FUNDS, Account.parseFrom(answer.result().value()).getBalance());
      assertTrue(
          SIGNED_BY_NODE1.contains(answer.signedPercent()),
          "node1's 30 of 40 signed, maybe node0's 10: " + answer.signedPercent());
      assertEquals(answer.height() + 1, answer.header().height(), "header H+1 signs H");
    }
  }

  @Test
  @Order(2)
  void honestAnswerVerifiesThroughTheCli() {
    proxy.lie(LyingRpcProxy.Lie.NONE);
    Verified direct = proveAccount(net.node(0).rpcUri().toString());
    assertTrue(SIGNED_BY_NODE1.contains(direct.percent()), "signed by " + direct.percent());
    Verified relayed = proveAccount(proxyUri());
    assertTrue(relayed.height() >= direct.height());
  }

  @Test
  @Order(3)
  void lyingNodeIsCaught() throws Exception {
    Map<String, LightClientException.Kind> kinds = new LinkedHashMap<>();
    for (Map.Entry<String, Lie> lie : lies().entrySet()) {
      proxy.lie(lie.getValue().rewrite());
      LightClientException caught =
          assertThrows(
              LightClientException.class,
              () -> proven(proxy.uri(), height -> {}).query("/account/" + watched.toBech32(), 0),
              lie.getKey());
      assertEquals(lie.getValue().kind(), caught.kind(), lie.getKey() + ": " + caught.getMessage());
      kinds.put(lie.getKey(), caught.kind());
    }
    proxy.lie(LyingRpcProxy.Lie.NONE);
    assertEquals(kinds.size(), new TreeSet<>(kinds.values()).size(), "distinct kinds: " + kinds);
  }

  @Test
  @Order(4)
  void lyingNodeIsCaughtByTheCli() throws Exception {
    Map<String, String> errors = new LinkedHashMap<>();
    for (Map.Entry<String, Lie> lie : lies().entrySet()) {
      proxy.lie(lie.getValue().rewrite());
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
    System.out.println("lies caught by the CLI: " + errors);
    assertEquals(
        errors.size(),
        errors.values().stream().distinct().count(),
        "each lie has its own error: " + errors);
    proveAccount(proxyUri());
  }

  /** One way to lie and the kind of error that must catch it. */
  private record Lie(LyingRpcProxy.Lie rewrite, LightClientException.Kind kind) {}

  /**
   * The lies, told above the genesis height only: the trust root itself is honest, as a client that
   * checked its genesis file would make sure of.
   */
  private Map<String, Lie> lies() throws Exception {
    String node1 = hex(net.node(1).validatorKey().address());
    Ed25519PublicKey impostor = wallet.key(SENDER).publicKey();
    Map<String, Lie> lies = new LinkedHashMap<>();
    lies.put(
        "a changed value",
        new Lie(
            answer(
                response -> {
                  Account real = Account.parseFrom(decode(response.path("value")));
                  Account lie = real.toBuilder().setBalance(real.getBalance() + 1_000_000).build();
                  response.put("value", Base64.getEncoder().encodeToString(lie.toByteArray()));
                }),
            LightClientException.Kind.VALUE_MISMATCH));
    lies.put(
        "a proof against another root",
        new Lie(
            answer(
                response ->
                    response.set(
                        "proofOps",
                        rpc.abciQuery("/account/" + watched.toBech32(), new byte[0], before, true)
                            .proofOps()
                            .deepCopy())),
            LightClientException.Kind.PROOF_INVALID));
    lies.put(
        "a header field altered",
        new Lie(
            aboveGenesis(
                "commit",
                result -> {
                  ObjectNode header = (ObjectNode) result.path("signed_header").path("header");
                  String appHash = header.path("app_hash").asText();
                  header.put(
                      "app_hash", (appHash.charAt(0) == '0' ? "1" : "0") + appHash.substring(1));
                }),
            LightClientException.Kind.HEADER_HASH_MISMATCH));
    lies.put(
        "a signature dropped",
        new Lie(
            aboveGenesis(
                "commit",
                result -> {
                  for (JsonNode signature :
                      result.path("signed_header").path("commit").path("signatures")) {
                    if (signature.path("validator_address").asText().equalsIgnoreCase(node1)) {
                      ((ObjectNode) signature)
                          .put("block_id_flag", 1)
                          .put("validator_address", "")
                          .put("timestamp", "0001-01-01T00:00:00Z")
                          .putNull("signature");
                    }
                  }
                }),
            LightClientException.Kind.NOT_ENOUGH_POWER));
    lies.put(
        "the validator set replaced",
        new Lie(
            aboveGenesis(
                "validators",
                result -> {
                  ObjectNode validator = result.putArray("validators").addObject();
                  validator.put("address", hex(impostor.address()));
                  validator
                      .putObject("pub_key")
                      .put("type", "tendermint/PubKeyEd25519")
                      .put("value", Base64.getEncoder().encodeToString(impostor.bytes()));
                  validator.put("voting_power", "100");
                  validator.put("proposer_priority", "0");
                  result.put("count", "1");
                  result.put("total", "1");
                }),
            LightClientException.Kind.VALIDATORS_HASH_MISMATCH));
    return lies;
  }

  /** Rewrites a JSON object in place. */
  @FunctionalInterface
  private interface Edit {
    void apply(ObjectNode node) throws Exception;
  }

  /** A lie in abci_query's response. */
  private static LyingRpcProxy.Lie answer(Edit edit) {
    return (method, params, reply) -> {
      if (method.equals("abci_query")) {
        edit(edit, (ObjectNode) reply.path("result").path("response"));
      }
    };
  }

  /** A lie in the result of {@code method} for any height but the genesis one. */
  private static LyingRpcProxy.Lie aboveGenesis(String method, Edit edit) {
    return (called, params, reply) -> {
      if (called.equals(method) && !params.path("height").asText().equals("1")) {
        edit(edit, (ObjectNode) reply.path("result"));
      }
    };
  }

  private static void edit(Edit edit, ObjectNode node) throws java.io.IOException {
    try {
      edit.apply(node);
    } catch (java.io.IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new java.io.IOException(e);
    }
  }

  @Test
  @Order(5)
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

    // A client trusting genesis verifies an answer of a height after the change; the genesis
    // set's 10 of 40 in the target commit is too little to skip there, so it must bisect.
    TreeSet<Long> asked = new TreeSet<>();
    ProvenQueries.ProvenAnswer answer =
        proven(net.node(0).rpcUri(), asked::add).query("/account/" + watched.toBech32(), 0);
    assertTrue(
        answer.height() >= removed + 2,
        "verified at " + answer.height() + ", after the change at " + removed);
    assertEquals(FUNDS, Account.parseFrom(answer.result().value()).getBalance());
    assertEquals("100", answer.signedPercent(), "node0 alone signs the new set's headers");
    assertTrue(
        !asked.subSet(2L, answer.height() + 1).isEmpty(),
        "the client verified intermediate headers between 1 and "
            + (answer.height() + 1)
            + ": "
            + asked);

    Verified verified = proveAccount(net.node(0).rpcUri().toString());
    assertTrue(verified.height() >= removed + 2, "CLI verified at " + verified.height());
    assertEquals("100", verified.percent(), "node0 alone signs");
  }

  /**
   * ProvenQueries through {@code node}, trusting genesis; {@code asked} sees each height fetched.
   */
  private ProvenQueries proven(URI node, java.util.function.LongConsumer asked) throws Exception {
    CometRpcClient client = new CometRpcClient(node, WAIT);
    RpcLightSource source = new RpcLightSource(client);
    LightSource recorded =
        height -> {
          asked.accept(height);
          return source.lightBlock(height);
        };
    LightClient light =
        LightClient.fromGenesis(
            net.node(0).genesisTrust(), recorded, TrustOptions.DEFAULT, Instant::now);
    return new ProvenQueries(client, light, WAIT);
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
    Msg msg = MarketMsgs.council(wallet.address(C1), List.of(wallet.address(C2)), action);
    return MarketMsgs.commit(rpc, wallet.sign(List.of(C1, C2), List.of(msg), FEE));
  }

  private static byte[] decode(JsonNode base64) {
    return Base64.getDecoder().decode(base64.asText());
  }

  private static String hex(Address address) {
    return HexFormat.of().withUpperCase().formatHex(address.bytes());
  }
}
