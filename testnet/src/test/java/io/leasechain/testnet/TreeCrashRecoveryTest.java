package io.leasechain.testnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.client.LeasechainClient;
import io.leasechain.client.rpc.AbciQueryResult;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.crypto.Address;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.node.config.AppConfig.StateConfig;
import io.leasechain.node.store.CrashPoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state tree and its pruning survive a crash inside their writes: on a two-validator network
 * (node0 with 3 of the 4 power keeps the chain going alone, archive), node1 runs with a crash point
 * that halts it inside the write of a commit, before the tree write behind it, or right after a
 * prune batch, while transfers are committed. Restarted, CometBFT replays what node1 lacks and it
 * must follow again, with the same app hash as node0 at every height it keeps, and (pruning) keep
 * exactly its window.
 */
@Timeout(300)
class TreeCrashRecoveryTest {

  private static final String CHAIN_ID = "leasechain-tree-crash-test";
  private static final long FUNDS = 1_000_000_000L;
  private static final long FEE = 250;
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final StateConfig ARCHIVE = new StateConfig(0, 0, 1);
  private static final long KEEP_RECENT = 8;
  private static final Pattern KEPT = Pattern.compile("keeps heights (\\d+)\\.\\.(\\d+)");

  private final TestWallet wallet = new TestWallet(CHAIN_ID, 4, 31);
  private final Address receiver = new TestWallet(CHAIN_ID, 1, 32).address(0);

  @Test
  void crashInsideTheTreeWriteOfACommit(@TempDir Path temp) throws Exception {
    try (LocalNetwork net = network(temp)) {
      LocalNode crashy = crashAndRestart(net, "tree-commit@6", ARCHIVE);
      assertSameAppHashes(net.node(0), crashy, 1);
    }
  }

  @Test
  void crashBeforeTheTreeWriteBehindACommit(@TempDir Path temp) throws Exception {
    try (LocalNetwork net = network(temp)) {
      // Pruning: the rebuilt version's stale entries must let the pruner go on past it.
      LocalNode crashy = crashAndRestart(net, "tree-behind@6", new StateConfig(KEEP_RECENT, 0, 1));
      assertTrue(
          crashy.appLog().contains("rebuilt the state tree of height"),
          "node1 rebuilt from its journal the tree version its crash left unwritten");
      crashy.awaitHeight(6 + KEEP_RECENT + 4, WAIT);
      long from = crashy.height() - KEEP_RECENT + 4;
      assertSameAppHashes(net.node(0), crashy, from);
      assertSameProvenReads(net.node(0), crashy, from);
    }
  }

  @Test
  void crashAfterAPruneBatch(@TempDir Path temp) throws Exception {
    try (LocalNetwork net = network(temp)) {
      LocalNode crashy = crashAndRestart(net, "prune@3", new StateConfig(KEEP_RECENT, 0, 1));
      CometRpcClient rpc = crashy.rpc();
      // Pruning catches up after the restart: height 1 is refused, and the window it reports is
      // the configured one.
      long[] window = new long[2];
      Deadline.await(
          "node1 to prune below its window",
          WAIT,
          () -> {
            AbciQueryResult result = rpc.abciQuery("/app_hash/1", new byte[0], 0, false);
            Matcher kept = KEPT.matcher(result.log());
            if (result.code() != 5 || !kept.find()) {
              return false;
            }
            window[0] = Long.parseLong(kept.group(1));
            window[1] = Long.parseLong(kept.group(2));
            return window[1] - window[0] <= KEEP_RECENT + 1;
          });
      assertEquals("query", rpc.abciQuery("/app_hash/1", new byte[0], 0, false).codespace());
      assertTrue(window[0] > 1, "node1 pruned: it keeps " + window[0] + ".." + window[1]);
      // The window moves on while the test reads it: start a few heights inside it.
      long from = crashy.height() - KEEP_RECENT + 3;
      assertSameAppHashes(net.node(0), crashy, from);
      assertSameProvenReads(net.node(0), crashy, from);
    }
  }

  /**
   * The receiver's account, proven, is the same on both nodes at three heights from {@code from}.
   */
  private void assertSameProvenReads(LocalNode healthy, LocalNode crashy, long from) {
    byte[] key = BankKeeper.accountKey(receiver);
    for (long height = from; height < from + 3; height++) {
      assertArrayEquals(
          StoreProofs.provenRead(healthy.rpc(), key, height),
          StoreProofs.provenRead(crashy.rpc(), key, height),
          "node1's proven account at kept height " + height);
    }
  }

  private LocalNetwork network(Path temp) throws Exception {
    return LocalNetwork.init(
        Binaries.fromSystemProperties(),
        temp,
        CHAIN_ID,
        List.of(3L, 1L),
        Duration.ofMillis(200),
        first -> first.addGenesisAccounts(wallet, FUNDS));
  }

  /**
   * Starts node0 (archive) and node1 with {@code crashPoint} and {@code state}, sends transfers
   * until node1 halts there, restarts it without the crash point and waits until it has caught up
   * with node0 and both went three blocks further.
   */
  private LocalNode crashAndRestart(LocalNetwork net, String crashPoint, StateConfig state)
      throws Exception {
    LocalNode healthy = net.node(0);
    LocalNode crashy = net.node(1);
    healthy.setState(ARCHIVE);
    crashy.setState(state);
    healthy.start();
    crashy.start(Map.of(CrashPoints.VARIABLE, crashPoint));
    try (TransferLoad load = new TransferLoad(healthy, wallet, receiver, 1_000, FEE)) {
      assertEquals(
          CrashPoints.EXIT_STATUS, crashy.awaitAppExit(WAIT), "node1 halted at " + crashPoint);
      String name = crashPoint.substring(0, crashPoint.indexOf('@'));
      assertTrue(
          crashy.appLog().contains(CrashPoints.VARIABLE + "=" + name + ": crashing"),
          "the crash point was reached");
      long crashedAt = healthy.height();
      crashy.start();
      Deadline.await(
          "node1 to catch up with node0",
          WAIT,
          () -> crashy.height() >= healthy.height() && healthy.height() > crashedAt + 2);
      assertTrue(load.count() > 0, "transfers were committed around the crash");
    }
    long top = healthy.awaitHeight(healthy.height() + 3, WAIT);
    crashy.awaitHeight(top, WAIT);
    assertTrue(crashy.isRunning() && healthy.isRunning(), "both nodes still run");
    return crashy;
  }

  /** node1's app hash at every height from {@code from} equals node0's and the next header's. */
  private static void assertSameAppHashes(LocalNode healthy, LocalNode crashy, long from) {
    LeasechainClient reference = healthy.client();
    LeasechainClient recovered = crashy.client();
    CometRpcClient rpc = healthy.rpc();
    long top = Math.min(healthy.height(), crashy.height());
    for (long height = from; height < top; height++) {
      byte[] header = rpc.block(height + 1).appHash();
      assertArrayEquals(header, reference.appHashAt(height), "node0's app hash at " + height);
      assertArrayEquals(header, recovered.appHashAt(height), "node1's app hash at " + height);
    }
    assertTrue(top - from >= 3, "compared heights " + from + ".." + top);
    assertNull(
        crashy
            .appLog()
            .lines()
            .filter(line -> line.contains("invariants broken"))
            .findFirst()
            .orElse(null),
        "no invariant broke on node1");
  }
}
