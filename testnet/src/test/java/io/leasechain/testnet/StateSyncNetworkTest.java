package io.leasechain.testnet;

import static io.leasechain.testnet.MarketMsgs.accept;
import static io.leasechain.testnet.MarketMsgs.approve;
import static io.leasechain.testnet.MarketMsgs.bid;
import static io.leasechain.testnet.MarketMsgs.commit;
import static io.leasechain.testnet.MarketMsgs.order;
import static io.leasechain.testnet.MarketMsgs.register;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.client.rpc.AbciQueryResult;
import io.leasechain.client.rpc.BroadcastResult;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.crypto.Address;
import io.leasechain.node.config.AppConfig;
import io.leasechain.node.snapshot.SnapshotDirectory;
import io.leasechain.node.snapshot.StateSync;
import io.leasechain.node.store.CrashPoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State sync on real processes. Three validators run a few hundred blocks with market activity (a
 * lease charged every block, transfers every block) and snapshot every {@value #INTERVAL} heights.
 * Node 1 serves corrupted chunks; node 2 is killed while writing its first snapshot and restarts. A
 * new node, killed once in the middle of its restore, state-syncs on restart from the newest
 * snapshot, refusing node 1's chunks, and then follows the chain with the validators' app hash at
 * every height; a second new node replays from genesis for comparison.
 */
class StateSyncNetworkTest {

  private static final String CHAIN_ID = "leasechain-statesync-test";
  private static final long INTERVAL = 50;
  private static final long JOIN_AT = 4 * INTERVAL + 5;
  private static final long FOLLOW = 15;
  private static final Duration WAIT = Duration.ofSeconds(120);

  private static final long FEE = 1_000;
  private static final long FUNDS = 10_000_000_000L;
  private static final long BOND = 1_000_000_000L;
  private static final long BID_DEPOSIT = 1_000_000L;
  private static final long DEPOSIT = 500_000_000L;
  private static final long MICRO = 1_000_000L;
  private static final int COUNCIL = 0, PROVIDER = 1, TENANT = 2, FIRST_SENDER = 3, ACCOUNTS = 12;

  /**
   * Small chunks, so that a snapshot has dozens and every peer serves some: with 2 KiB the state
   * here made 5 chunks, and CometBFT, picking a peer of three at random for each, fetched none from
   * the corrupt one about once in eight runs.
   */
  private static final Map<String, String> SMALL_CHUNKS =
      Map.of(SnapshotDirectory.CHUNK_BYTES_VARIABLE, "512");

  @Test
  void aNewNodeRestoresASnapshotDespiteACorruptPeerAndFollowsWithTheSameAppHash(@TempDir Path temp)
      throws Exception {
    TestWallet wallet = new TestWallet(CHAIN_ID, ACCOUNTS, 91);
    try (LocalNetwork net =
        LocalNetwork.init(
            Binaries.fromSystemProperties(),
            temp,
            CHAIN_ID,
            // Node 2 can be down without stopping the chain: 20 of 21 is more than 2/3.
            List.of(10L, 10L, 1L),
            Duration.ofMillis(100),
            first -> {
              first.addGenesisAccounts(wallet, FUNDS);
              first.setCouncil(List.of(wallet.address(COUNCIL)), 1);
            })) {
      for (LocalNode node : net.validators()) {
        node.setState(new AppConfig.StateConfig(0, INTERVAL, 2));
      }
      LocalNode honest = net.node(0);
      LocalNode corrupt = net.node(1);
      LocalNode crashy = net.node(2);
      honest.start(SMALL_CHUNKS);
      corrupt.start(with(StateSync.CORRUPT_CHUNKS, "true"));
      crashy.start(with(CrashPoints.VARIABLE, "snapshot-chunk@2"));
      honest.awaitHeight(1, WAIT);
      marketStory(honest.rpc(), wallet);

      AtomicReference<Throwable> activityFailed = new AtomicReference<>();
      Thread activity = transfers(honest, wallet, activityFailed);
      activity.start();
      long snapshotHeight;
      long end;
      double stateSyncSeconds;
      LocalNode synced;
      try {
        assertEquals(CrashPoints.EXIT_STATUS, crashy.awaitAppExit(WAIT));
        assertTrue(hasTemporary(crashy), "the crash left a half-written snapshot");
        crashy.start(SMALL_CHUNKS);
        assertTrue(crashy.appLog().contains("deleting incomplete snapshot"), crashy.appLog());
        assertFalse(hasTemporary(crashy));

        honest.awaitHeight(JOIN_AT, WAIT);
        long trustHeight = JOIN_AT - 10;
        synced = net.initFollower("synced");
        synced.enableStateSync(
            List.of(honest.rpcUri(), crashy.rpcUri()),
            trustHeight,
            honest.rpc().block(trustHeight).hash());
        synced.start(with(CrashPoints.VARIABLE, "restore-chunk@3"));
        assertEquals(CrashPoints.EXIT_STATUS, synced.awaitAppExit(WAIT));
        assertTrue(synced.appLog().contains("OfferSnapshot: restoring height"), synced.appLog());

        long target = honest.height();
        long started = System.nanoTime();
        synced.start();
        synced.awaitHeight(target, WAIT);
        stateSyncSeconds = (System.nanoTime() - started) / 1e9;
        String log = synced.appLog();
        assertTrue(log.contains("wiping the state-sync restore a crash interrupted"), log);
        Matcher restored = Pattern.compile("state sync: restored height (\\d+)").matcher(log);
        assertTrue(restored.find(), log);
        snapshotHeight = Long.parseLong(restored.group(1));
        assertEquals(0, snapshotHeight % INTERVAL);
        assertTrue(
            snapshotHeight > trustHeight - INTERVAL, "the newest snapshot: " + snapshotHeight);
        assertTrue(
            log.contains("refusing chunk") && log.contains("refetching it from another peer"),
            "node 1's corrupted chunk is refused: " + log);
        // No block below the snapshot was ever executed or stored here.
        assertTrue(synced.rpc().status().earliestBlockHeight() >= snapshotHeight);
        end = synced.awaitHeight(target + FOLLOW, WAIT);
      } finally {
        activity.interrupt();
        activity.join();
      }
      assertNull(activityFailed.get());

      for (long height = snapshotHeight; height < end; height++) {
        AbciQueryResult expected = appHash(honest, height);
        AbciQueryResult actual = appHash(synced, height);
        assertTrue(expected.isOk() && actual.isOk(), "app hash at " + height + ": " + actual.log());
        assertArrayEquals(expected.value(), actual.value(), "app hash at height " + height);
      }

      LocalNode replay = net.initFollower("replay");
      long started = System.nanoTime();
      replay.start();
      replay.awaitHeight(end, WAIT);
      System.out.printf(
          "state sync: %.1f s to height %d; replay from genesis: %.1f s%n",
          stateSyncSeconds, end, (System.nanoTime() - started) / 1e9);

      // After its crash node 2 went on taking snapshots, the same as node 0's.
      long newest = (honest.height() / INTERVAL) * INTERVAL;
      honest.awaitHeight(newest + 5, WAIT);
      Path metadata = Path.of(Long.toString(newest - INTERVAL), "metadata");
      assertArrayEquals(
          Files.readAllBytes(snapshots(honest).resolve(metadata)),
          Files.readAllBytes(snapshots(crashy).resolve(metadata)));
      assertFalse(hasTemporary(crashy));
      assertNull(net.brokenInvariants());
    }
  }

  /**
   * A provider registers and is approved, a tenant orders a GPU and accepts the provider's bid: the
   * lease it opens is charged every block from then on.
   */
  private static void marketStory(CometRpcClient rpc, TestWallet wallet) {
    Address council = wallet.address(COUNCIL);
    Address provider = wallet.address(PROVIDER);
    Address tenant = wallet.address(TENANT);
    commit(rpc, wallet.sign(PROVIDER, List.of(register(provider, BOND)), FEE));
    commit(rpc, wallet.sign(COUNCIL, List.of(approve(council, provider)), FEE));
    commit(
        rpc,
        wallet.sign(
            TENANT, List.of(order(tenant, 1, 24, false, 1_000 * MICRO, 500, 0, DEPOSIT)), FEE));
    commit(rpc, wallet.sign(PROVIDER, List.of(bid(provider, 1, 1, 900 * MICRO, BID_DEPOSIT)), FEE));
    commit(rpc, wallet.sign(TENANT, List.of(accept(tenant, 1, 1L)), FEE));
  }

  /** A thread sending two transfers each block between the spare accounts until interrupted. */
  private static Thread transfers(
      LocalNode node, TestWallet wallet, AtomicReference<Throwable> failed) {
    return new Thread(
        () -> {
          CometRpcClient rpc = node.rpc();
          int spare = ACCOUNTS - FIRST_SENDER;
          try {
            long height = node.height();
            for (int round = 0; !Thread.currentThread().isInterrupted(); round++) {
              for (int k = 0; k < 2; k++) {
                int from = FIRST_SENDER + (2 * round + k) % spare;
                Address to = wallet.address(FIRST_SENDER + (2 * round + k + 1) % spare);
                BroadcastResult result = rpc.broadcastTxSync(wallet.send(from, to, 1_000, FEE));
                if (!result.isOk()) {
                  wallet.resync(node.client());
                }
              }
              height = node.awaitHeight(height + 1, WAIT);
            }
          } catch (RuntimeException e) {
            if (!Thread.currentThread().isInterrupted()) {
              failed.set(e);
            }
          }
        },
        "transfers");
  }

  private static AbciQueryResult appHash(LocalNode node, long height) {
    return node.rpc().abciQuery("/app_hash/" + height, new byte[0], 0, false);
  }

  private static Path snapshots(LocalNode node) {
    return node.home().resolve("data").resolve("snapshots");
  }

  private static boolean hasTemporary(LocalNode node) throws IOException {
    try (Stream<Path> entries = Files.list(snapshots(node))) {
      return entries.anyMatch(entry -> entry.getFileName().toString().startsWith(".tmp-"));
    }
  }

  private static Map<String, String> with(String variable, String value) {
    Map<String, String> environment = new HashMap<>(SMALL_CHUNKS);
    environment.put(variable, value);
    return environment;
  }
}
