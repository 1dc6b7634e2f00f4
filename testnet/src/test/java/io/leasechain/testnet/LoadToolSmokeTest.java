package io.leasechain.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leasechain.client.load.FundsAccounting.FundsCheck;
import io.leasechain.client.load.LoadGenerator;
import io.leasechain.client.load.LoadMix;
import io.leasechain.client.load.LoadReport;
import io.leasechain.client.load.LoadRun;
import io.leasechain.client.load.LoadSpec;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.tx.TxSender;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hex;
import io.leasechain.ledger.proof.ProofParamsRules;
import io.leasechain.node.config.CometConfig;
import io.leasechain.node.testnet.NodePorts;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load tool end to end, a few seconds per mix, against a devnet-like node (a funded key whose
 * approval alone passes the council) and against CometBFT's kvstore: the run's accounting must add
 * up and the funds check pass, through the library and through `leasechain load`. Nothing here is
 * about speed.
 */
class LoadToolSmokeTest {

  private static final String CHAIN_ID = "leasechain-load-smoke";
  private static final Duration RUN_LIMIT = Duration.ofSeconds(60);
  // More council members than the old fixed 200,000 gas could carry the signatures of (about six).
  private static final int COUNCIL = 8;

  @Test
  void transfersAndMarketAddUpOnLeasechain(@TempDir Path temp) throws Exception {
    TestWallet wallet = new TestWallet(CHAIN_ID, COUNCIL, 11);
    try (LocalNode node =
        LocalNode.init(
            Binaries.fromSystemProperties(),
            temp.resolve("node"),
            CHAIN_ID,
            "load",
            Duration.ofMillis(300))) {
      node.addGenesisAccounts(wallet, 1_000_000_000_000L);
      node.setCouncil(wallet.addresses(), 1);
      // A short challenge window, so the market stories reach their withdrawals.
      node.setParams("proof", ProofParamsRules.DEFAULTS.toBuilder().setChallengeWindow(2).build());
      node.start();
      node.awaitHeight(1, RUN_LIMIT);
      Ed25519PrivateKey funder = wallet.key(0);

      LoadReport transfers =
          run(
              LoadSpec.of(node.rpcUri(), 100, Duration.ofSeconds(3), LoadMix.TRANSFERS)
                  .withAccounts(20)
                  .withDrain(Duration.ofSeconds(20)),
              funder);
      assertAddsUp(transfers);
      assertEquals(300, transfers.offered());
      assertEquals(transfers.offered(), transfers.committed(), transfers.toText());
      assertTrue(transfers.funds().ok(), transfers.funds().toText());

      LoadRun marketRun =
          start(
              LoadSpec.of(node.rpcUri(), 40, Duration.ofSeconds(6), LoadMix.MARKET)
                  .withAccounts(8)
                  .withDrain(Duration.ofSeconds(20)),
              funder);
      LoadReport market = marketRun.report();
      assertAddsUp(market);
      assertTrue(
          market.committed() >= 4 * 5,
          "each of 4 stories got through its steps: " + market.toText());
      assertEquals(Map.of(), market.rejectedByCode(), "every step is valid when offered");
      assertTrue(market.funds().ok(), market.funds().toText());
      // The accounting also holds at a later height, as the fault suite checks it.
      node.awaitHeight(node.height() + 2, RUN_LIMIT);
      FundsCheck later = marketRun.fundsCheck(node.rpc());
      assertTrue(later.ok(), later.toText());
      assertTrue(later.height() > market.funds().height());

      Path home = temp.resolve("cli");
      for (int i = 0; i < COUNCIL; i++) {
        cli(
            "keys",
            "add",
            "m" + i,
            "--seed",
            Hex.encode(wallet.key(i).seed()),
            "--home",
            "" + home);
      }
      String rpc = node.rpcUri().toString();
      // The command itself, new accounts (seed 2): its report, and exit 0 only if none was lost.
      CliRun load =
          cli(
              "load",
              "--rate",
              "20",
              "--duration",
              "2s",
              "--mix",
              "transfers",
              "--accounts",
              "5",
              "--seed",
              "2",
              "--drain",
              "20s",
              "--from",
              "m0",
              "--node",
              rpc,
              "--home",
              "" + home);
      System.out.println(load.out());
      assertTrue(load.out().contains("offered       40 "), load::toString);
      assertTrue(load.out().contains("latency       p50 "), load::toString);
      assertTrue(load.out().contains("lost          0\n"), load::toString);
      Matcher committed = Pattern.compile("committed +(\\d+) ").matcher(load.out());
      assertTrue(committed.find(), load::toString);
      assertTrue(Long.parseLong(committed.group(1)) > 0, load::toString);

      // Regression: every council member signs one proposal, without --gas; the CLI signed with
      // 200,000 gas, which eight signatures outgrow (tx/12).
      List<String> propose =
          new ArrayList<>(
              List.of(
                  "tx",
                  "authority",
                  "propose",
                  "m0",
                  "appoint-auditor",
                  "m1",
                  "--node",
                  rpc,
                  "--home",
                  "" + home,
                  "--yes",
                  "-o",
                  "json"));
      for (int i = 1; i < COUNCIL; i++) {
        propose.addAll(List.of("--co-signer", "m" + i));
      }
      CliRun proposed = cli(propose.toArray(String[]::new));
      JsonNode result = new ObjectMapper().readTree(proposed.out());
      assertEquals(0, result.path("code").asInt(), proposed::toString);
      assertTrue(result.path("gas_wanted").asLong() > TxSender.DEFAULT_GAS, proposed::toString);
      assertEquals(
          wallet.address(1).toBech32(),
          node.client().auditor(wallet.address(1)).getAddress(),
          "the proposal executed");
    }
  }

  /**
   * Runs `leasechain ARGS…` in this JVM with the unencrypted test keyring, failing on exit != 0.
   */
  private static CliRun cli(String... args) {
    List<String> all = new ArrayList<>(List.of("--keyring-backend", "test"));
    all.addAll(List.of(args));
    CliRun run = CliRun.of(all);
    assertEquals(0, run.exit(), run::toString);
    return run;
  }

  @Test
  void kvstoreTakesTheSameLoad(@TempDir Path temp) throws Exception {
    Binaries binaries = Binaries.fromSystemProperties();
    Path home = temp.resolve("kvstore");
    NodePorts ports = Ports.forNode();
    int rpcPort = ports.rpc();
    Process init =
        new ProcessBuilder(binaries.cometbft().toString(), "init", "--home", home.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertEquals(0, init.waitFor());
    CometConfig.read(home.resolve("config").resolve("config.toml"))
        .setString("rpc", "laddr", "tcp://127.0.0.1:" + rpcPort)
        .setString("p2p", "laddr", "tcp://127.0.0.1:" + ports.p2p())
        .setString("consensus", "timeout_commit", "300ms")
        .write();
    Process comet =
        new ProcessBuilder(
                binaries.cometbft().toString(),
                "start",
                "--proxy_app=kvstore",
                "--home",
                home.toString())
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("cometbft.log").toFile())
            .start();
    try {
      URI rpc = URI.create("http://127.0.0.1:" + rpcPort);
      new CometRpcClient(rpc).waitForHeight(1, RUN_LIMIT);
      LoadReport report =
          run(
              LoadSpec.of(rpc, 100, Duration.ofSeconds(3), LoadMix.KVSTORE)
                  .withDrain(Duration.ofSeconds(20)),
              null);
      assertAddsUp(report);
      assertEquals(300, report.committed(), report.toText());
      assertEquals(null, report.funds());
    } finally {
      comet.destroyForcibly().waitFor();
    }
  }

  private static LoadReport run(LoadSpec spec, Ed25519PrivateKey funder)
      throws InterruptedException {
    return start(spec, funder).report();
  }

  /** A run of {@code spec}, ended by itself, its report printed. */
  private static LoadRun start(LoadSpec spec, Ed25519PrivateKey funder)
      throws InterruptedException {
    LoadRun run = LoadGenerator.prepare(spec, funder).start();
    assertTrue(run.await(RUN_LIMIT), "the run ends by itself");
    System.out.println(run.report().toText());
    return run;
  }

  /** committed <= acknowledged <= offered, nothing acknowledged lost, no refusal unexplained. */
  private static void assertAddsUp(LoadReport report) {
    String text = report.toText();
    assertTrue(report.offered() > 0, text);
    assertTrue(report.acknowledged() <= report.offered(), text);
    assertTrue(report.committed() <= report.acknowledged(), text);
    assertEquals(List.of(), report.lost(), text);
    long rejected = report.rejectedByCode().values().stream().mapToLong(Long::longValue).sum();
    assertEquals(
        report.offered(), report.acknowledged() + rejected + report.transportErrors(), text);
    assertEquals(0, report.transportErrors(), text);
  }
}
