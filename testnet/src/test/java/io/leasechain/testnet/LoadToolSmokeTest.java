package io.leasechain.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.client.load.LoadGenerator;
import io.leasechain.client.load.LoadMix;
import io.leasechain.client.load.LoadReport;
import io.leasechain.client.load.LoadRun;
import io.leasechain.client.load.LoadSpec;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.proof.ProofParamsRules;
import io.leasechain.node.config.CometConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load tool end to end, a few seconds per mix, against a devnet-like node (one funded key that
 * is the 1-of-1 council) and against CometBFT's kvstore: the run's accounting must add up and the
 * funds check pass. Nothing here is about speed.
 */
class LoadToolSmokeTest {

  private static final String CHAIN_ID = "leasechain-load-smoke";
  private static final Duration RUN_LIMIT = Duration.ofSeconds(60);

  @Test
  void transfersAndMarketAddUpOnLeasechain(@TempDir Path temp) throws Exception {
    TestWallet wallet = new TestWallet(CHAIN_ID, 1, 11);
    try (LocalNode node =
        LocalNode.init(
            Binaries.fromSystemProperties(),
            temp.resolve("node"),
            CHAIN_ID,
            "load",
            Duration.ofMillis(300))) {
      node.addGenesisAccounts(wallet, 1_000_000_000_000L);
      node.setCouncil(List.of(wallet.address(0)), 1);
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

      LoadReport market =
          run(
              LoadSpec.of(node.rpcUri(), 40, Duration.ofSeconds(6), LoadMix.MARKET)
                  .withAccounts(8)
                  .withDrain(Duration.ofSeconds(20)),
              funder);
      assertAddsUp(market);
      assertTrue(
          market.committed() >= 4 * 5,
          "each of 4 stories got through its steps: " + market.toText());
      assertTrue(market.funds().ok(), market.funds().toText());
      // The accounting also holds at a later height, as the fault suite checks it.
      node.awaitHeight(node.height() + 2, RUN_LIMIT);
    }
  }

  @Test
  void kvstoreTakesTheSameLoad(@TempDir Path temp) throws Exception {
    Binaries binaries = Binaries.fromSystemProperties();
    Path home = temp.resolve("kvstore");
    int rpcPort = Ports.free();
    Process init =
        new ProcessBuilder(binaries.cometbft().toString(), "init", "--home", home.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertEquals(0, init.waitFor());
    CometConfig.read(home.resolve("config").resolve("config.toml"))
        .setString("rpc", "laddr", "tcp://127.0.0.1:" + rpcPort)
        .setString("p2p", "laddr", "tcp://127.0.0.1:" + Ports.free())
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
      throws InterruptedException, IOException {
    LoadRun run = LoadGenerator.prepare(spec, funder).start();
    assertTrue(run.await(RUN_LIMIT), "the run ends by itself");
    LoadReport report = run.report();
    System.out.println(report.toText());
    return report;
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
