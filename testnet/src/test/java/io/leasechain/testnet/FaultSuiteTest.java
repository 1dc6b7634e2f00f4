package io.leasechain.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.client.rpc.Block;
import io.leasechain.crypto.Hex;
import io.leasechain.node.store.CrashPoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault suite: one network of four validators (node3 in a network namespace where the machine
 * allows); each scenario runs the load tool's market mix against node0, which no scenario touches,
 * damages nodes 1-3 (kill -9, crash points, SIGSTOP, long stops, losing quorum, a byzantine
 * proposer, a partition), brings them back, and ends with {@link FaultChecks}. Each prints one
 * report line and appends it to target/fault-reports.jsonl, from which docs/reliability.md's table
 * is filled. With {@code -Dfault.soak=true} or {@code LEASECHAIN_SOAK=1} every fault lasts longer
 * and the kills repeat.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(600)
class FaultSuiteTest {

  private static final boolean SOAK =
      Boolean.getBoolean("fault.soak") || "1".equals(System.getenv("LEASECHAIN_SOAK"));
  private static final int ROUNDS = SOAK ? 5 : 1;
  private static final Duration PAUSE = Duration.ofSeconds(SOAK ? 120 : 20);
  private static final int BLOCKSYNC_GAP = SOAK ? 400 : 40;
  private static final Duration HALT_WINDOW = Duration.ofSeconds(SOAK ? 30 : 6);
  private static final int PARTITION_BLOCKS = SOAK ? 200 : 15;
  private static final String CHAIN_ID = "leasechain-fault";
  private static final long FUNDER_BALANCE = 1_000_000_000_000_000L;
  private static final long RATE = 20;
  private static final int LOAD_ACCOUNTS = 16;
  private static final Duration WAIT = Duration.ofSeconds(180);
  private static final int PARTITIONED = 3;

  private final Binaries binaries = Binaries.fromSystemProperties();
  private LocalNetwork net;
  private NetworkNamespace namespace;
  private String noNamespace;
  private FaultChecks checks;

  @BeforeAll
  void startNetworkUnderLoad(@TempDir Path dir) throws Exception {
    // The market mix's funder: it pays for the load's accounts and, alone the council, approves
    // their providers.
    TestWallet funder = new TestWallet(CHAIN_ID, 1, 1_111);
    net =
        LocalNetwork.init(
            binaries,
            dir,
            CHAIN_ID,
            List.of(10L, 10L, 10L, 10L),
            Duration.ofMillis(300),
            first -> {
              first.addGenesisAccounts(funder, FUNDER_BALANCE);
              first.setCouncil(funder.addresses(), 1);
            });
    try {
      namespace = NetworkNamespace.create((int) (ProcessHandle.current().pid() % 250));
      net.isolate(PARTITIONED, namespace);
    } catch (NetworkNamespace.UnavailableException e) {
      noNamespace = e.getMessage();
    }
    net.start();
    for (LocalNode node : net.validators()) {
      node.awaitHeight(2, WAIT);
    }
    Path report = Path.of(System.getProperty("fault.report", "target/fault-reports.jsonl"));
    Files.deleteIfExists(report);
    checks = new FaultChecks(net, funder.key(0), RATE, LOAD_ACCOUNTS, report);
    FaultChecks.Scenario baseline = checks.begin("baseline (no fault)");
    progress(10);
    checks.finish(baseline, Duration.ZERO, SOAK ? "soak mode" : "");
  }

  @AfterAll
  void stopEverything() throws Exception {
    try {
      if (checks != null) {
        checks.sweep();
      }
    } finally {
      if (net != null) {
        net.close();
      }
      if (namespace != null) {
        namespace.close();
      }
    }
  }

  @Test
  @Order(1)
  void killApplication() throws Exception {
    FaultChecks.Scenario scenario = checks.begin("kill -9 app");
    LocalNode node = net.node(1);
    double total = 0;
    for (int round = 0; round < ROUNDS; round++) {
      progress(3);
      node.killApp();
      node.start();
      total += catchUp(node).toMillis();
    }
    checks.finish(scenario, average(total), "node1, " + ROUNDS + "x");
  }

  @Test
  @Order(2)
  void killCometbft() throws Exception {
    FaultChecks.Scenario scenario = checks.begin("kill -9 cometbft");
    LocalNode node = net.node(1);
    double total = 0;
    for (int round = 0; round < ROUNDS; round++) {
      progress(3);
      node.killComet();
      node.startComet();
      total += catchUp(node).toMillis();
    }
    checks.finish(scenario, average(total), "node1, app kept running, " + ROUNDS + "x");
  }

  @Test
  @Order(3)
  void killBoth() throws Exception {
    FaultChecks.Scenario scenario = checks.begin("kill -9 app + cometbft");
    LocalNode node = net.node(2);
    double total = 0;
    for (int round = 0; round < ROUNDS; round++) {
      progress(3);
      node.killBoth();
      node.start();
      total += catchUp(node).toMillis();
    }
    checks.finish(scenario, average(total), "node2, " + ROUNDS + "x");
  }

  @Test
  @Order(4)
  void crashAtEachCrashPoint() throws Exception {
    LocalNode node = net.node(1);
    for (String point : List.of("finalize-block", "before-commit", "rocks-write", "after-commit")) {
      FaultChecks.Scenario scenario = checks.begin("crash point " + point);
      progress(3);
      node.killBoth();
      node.start(Map.of(CrashPoints.VARIABLE, point + "@3"));
      assertEquals(CrashPoints.EXIT_STATUS, node.awaitAppExit(WAIT), point);
      assertTrue(
          node.appLog().contains(CrashPoints.VARIABLE + "=" + point + ": crashing"),
          "node1 crashed at " + point);
      node.start();
      checks.finish(scenario, catchUp(node), "node1, the 3rd time it is reached");
    }
  }

  @Test
  @Order(5)
  void pauseAValidator() throws Exception {
    FaultChecks.Scenario scenario = checks.begin("SIGSTOP " + PAUSE.toSeconds() + " s, SIGCONT");
    progress(3);
    LocalNode node = net.node(2);
    long before = net.node(0).height();
    long start = System.nanoTime();
    node.pause();
    try {
      Deadline.await(
          "the pause to last " + PAUSE + " while the others commit",
          PAUSE.plus(WAIT),
          () -> System.nanoTime() - start >= PAUSE.toNanos() && net.node(0).height() >= before + 5);
    } finally {
      node.resume();
    }
    checks.finish(
        scenario,
        catchUp(node),
        "node2; chain went " + before + " -> " + net.node(0).height() + " meanwhile");
  }

  @Test
  @Order(6)
  void catchUpByBlockSync() throws Exception {
    FaultChecks.Scenario scenario =
        checks.begin("stopped " + BLOCKSYNC_GAP + " blocks, block sync");
    progress(3);
    LocalNode node = net.node(1);
    node.stop();
    long stoppedAt = net.node(0).height();
    net.node(0).awaitHeight(stoppedAt + BLOCKSYNC_GAP, WAIT.multipliedBy(SOAK ? 5 : 1));
    int logBefore = node.cometLog().length();
    node.start();
    Duration recovery = catchUp(node);
    Deadline.await(
        "node1 to switch from block sync to consensus",
        WAIT,
        () -> node.cometLog().substring(logBefore).contains("Time to switch to consensus"));
    checks.finish(scenario, recovery, "node1 from height " + stoppedAt);
  }

  @Test
  @Order(7)
  void newFullNodeSyncsFromGenesis() throws Exception {
    FaultChecks.Scenario scenario = checks.begin("new full node from genesis");
    progress(3);
    LocalNode fresh = net.addFollower("fresh");
    checks.finish(scenario, catchUp(fresh), "replayed every block from genesis");
  }

  @Test
  @Order(8)
  void loseAndRegainQuorum() throws Exception {
    FaultChecks.Scenario scenario = checks.begin("1 down, 2 down, 1 back");
    progress(3);
    LocalNode node0 = net.node(0);
    net.stop(3);
    long oneDown = node0.height();
    node0.awaitHeight(oneDown + 3, WAIT);

    net.stop(2);
    // Half the power is gone: at most the block already voted on commits, then nothing.
    long halted = node0.height() + 1;
    long end = System.nanoTime() + HALT_WINDOW.toNanos();
    while (System.nanoTime() < end) {
      for (LocalNode node : List.of(node0, net.node(1))) {
        long height = node.height();
        assertTrue(height <= halted, node.home() + " made block " + height + " without quorum");
      }
      // The sampling interval of an observation window (nothing to wait for: nothing must happen).
      Thread.sleep(200);
    }
    halted = node0.height();
    long restart = System.nanoTime();
    net.restart(2);
    node0.awaitHeight(halted + 2, WAIT);
    Duration resumed = Duration.ofNanos(System.nanoTime() - restart);
    net.restart(3);
    catchUp(net.node(3));
    checks.finish(
        scenario,
        resumed,
        "3 of 4 went on from " + oneDown + "; halted at " + halted + "; resumed");
  }

  @Test
  @Order(9)
  void byzantineProposer() throws Exception {
    LocalNode byzantine = net.node(3);
    String validator = Hex.encode(byzantine.validatorKey().address().bytes());
    for (String mode : List.of("bad-signatures", "wrong-sequences", "oversized", "drop-mempool")) {
      FaultChecks.Scenario scenario = checks.begin("byzantine proposer: " + mode);
      progress(3);
      byzantine.stop();
      int logBefore = byzantine.appLog().length();
      long[] refusalsBefore = refusals();
      long from = net.node(0).height() + 1;
      byzantine.start(Map.of("LEASECHAIN_FAILPOINT_BYZANTINE_PROPOSER", mode));
      // A proposal reaching the others after their propose timeout (or before they have
      // reconnected to the restarted node) is not even looked at: wait for one they examined and
      // refused, or, for drop-mempool, for one of node3's censoring blocks to commit.
      long[] committedByNode3 = {from, 0};
      Deadline.await(
          "node3 to propose 2 blocks as " + mode + ", one refused or committed",
          WAIT,
          () ->
              byzantine
                          .appLog()
                          .substring(logBefore)
                          .lines()
                          .filter(line -> line.contains("BYZANTINE_PROPOSER: proposing"))
                          .count()
                      >= 2
                  && (mode.equals("drop-mempool")
                      ? proposedBy(validator, committedByNode3)
                      : refused(refusalsBefore) >= 1));
      String note;
      if (mode.equals("drop-mempool")) {
        long to = net.node(0).height();
        int censored = 0;
        for (long h = from; h <= to; h++) {
          Block block = net.node(0).rpc().block(h);
          if (block.proposerAddress().equalsIgnoreCase(validator)) {
            assertEquals(0, block.txs().size(), "node3's block " + h + " carries no tx");
            censored++;
          }
        }
        note = censored + " empty blocks from node3 committed; the others' carried the load";
      } else {
        note = refused(refusalsBefore) + " refusals of node3's blocks by the honest validators";
      }
      byzantine.stop();
      byzantine.start();
      checks.finish(scenario, catchUp(byzantine), note);
    }
  }

  @Test
  @Order(10)
  void partitionAValidator() throws Exception {
    Assumptions.assumeTrue(
        namespace != null, () -> "no network namespace on this machine: " + noNamespace);
    FaultChecks.Scenario scenario = checks.begin("partition " + PARTITION_BLOCKS + " blocks, heal");
    progress(3);
    LocalNode node = net.node(PARTITIONED);
    namespace.cut();
    long cutAt = net.node(0).height();
    try {
      net.node(0).awaitHeight(cutAt + PARTITION_BLOCKS, WAIT);
    } finally {
      namespace.heal();
    }
    checks.finish(scenario, catchUp(node), "node3 in its namespace, link down from " + cutAt);
  }

  // Lets the load run for a few blocks between faults.
  private void progress(int blocks) {
    net.node(0).awaitHeight(net.node(0).height() + blocks, WAIT);
  }

  /** How long {@code node} takes to reach the height the others had when it came back. */
  private Duration catchUp(LocalNode node) {
    long start = System.nanoTime();
    long target = net.node(0).height();
    node.awaitHeight(target, WAIT.multipliedBy(SOAK ? 5 : 1));
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static Duration average(double totalMillis) {
    return Duration.ofMillis((long) (totalMillis / ROUNDS));
  }

  // Whether a committed block since scan[0] was proposed by {@code validator}; moves scan[0] on.
  private boolean proposedBy(String validator, long[] scan) {
    long committed = net.node(0).height() - 1;
    for (; scan[0] <= committed; scan[0]++) {
      if (net.node(0).rpc().block(scan[0]).proposerAddress().equalsIgnoreCase(validator)) {
        scan[1]++;
      }
    }
    return scan[1] > 0;
  }

  private long refused(long[] before) {
    long[] after = refusals();
    long refused = 0;
    for (int i = 0; i < after.length; i++) {
      refused += after[i] - before[i];
    }
    return refused;
  }

  private long[] refusals() {
    long[] counts = new long[PARTITIONED];
    for (int i = 0; i < counts.length; i++) {
      counts[i] =
          net.node(i)
              .appLog()
              .lines()
              .filter(line -> line.contains("ProcessProposal: rejecting block"))
              .count();
    }
    return counts;
  }
}
