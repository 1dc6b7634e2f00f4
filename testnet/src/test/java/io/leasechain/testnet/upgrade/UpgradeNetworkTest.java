package io.leasechain.testnet.upgrade;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.client.LeasechainClient;
import io.leasechain.client.QueryException;
import io.leasechain.client.query.ProviderFilter;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Hex;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.authority.proto.ScheduleUpgrade;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.upgrade.proto.AppliedUpgrade;
import io.leasechain.ledger.upgrade.proto.UpgradePlan;
import io.leasechain.testnet.Binaries;
import io.leasechain.testnet.Deadline;
import io.leasechain.testnet.LocalNetwork;
import io.leasechain.testnet.LocalNode;
import io.leasechain.testnet.MarketMsgs;
import io.leasechain.testnet.TestWallet;
import io.leasechain.testnet.TransferLoad;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A software upgrade on a real 4-validator network: under a transfer load the council schedules
 * {@link ProviderSchemaMigration#NAME} at height H; every node (the current build) that commits
 * block H halts there with "upgrade NAME needed at height H" and exit status 78, its state at H-1
 * (any left at H-1 by the others' halt is stopped by its operator); all restart with the new build
 * (the node jar plus {@link UpgradeBuild}'s jar), which runs the migration in block H; the chain
 * goes on under load. Then every provider record has the new field, every node computed the same
 * app hash at every height, every transfer the load saw committed is in the receiver's balance, and
 * a node restarted with the old build refuses to run.
 */
class UpgradeNetworkTest {

  private static final String CHAIN_ID = "leasechain-upgrade-test";
  private static final Duration BLOCK_TIME = Duration.ofMillis(300);
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final long FUNDS = 100_000_000_000L;
  private static final long BOND = 1_000_000_000L;
  private static final long FEE = 1_000;
  private static final long AMOUNT = 7;
  private static final int C1 = 0, C2 = 1, C3 = 2, P0 = 3, P1 = 4;
  private static final int UPGRADE_EXIT = 78;

  private final TestWallet wallet = new TestWallet(CHAIN_ID, 5, 21);
  private final TestWallet load = new TestWallet(CHAIN_ID, 4, 22);
  private final Address receiver = new TestWallet(CHAIN_ID, 1, 23).address(0);

  @Test
  void theCouncilUpgradesTheNetworkToABuildWithAMigration(@TempDir Path temp) throws Exception {
    Binaries current = Binaries.fromSystemProperties();
    Binaries next =
        current.withExtraJars(
            List.of(UpgradeBuild.jar(Files.createDirectory(temp.resolve("build")))));
    try (LocalNetwork net =
        LocalNetwork.init(
            current,
            temp.resolve("net"),
            CHAIN_ID,
            List.of(10L, 10L, 10L, 10L),
            BLOCK_TIME,
            first -> {
              first.addGenesisAccounts(wallet, FUNDS);
              first.addGenesisAccounts(load, FUNDS);
              first.setCouncil(
                  List.of(wallet.address(C1), wallet.address(C2), wallet.address(C3)), 2);
            })) {
      net.start();
      CometRpcClient rpc = net.node(1).rpc();
      net.node(1).awaitHeight(2, WAIT);
      MarketMsgs.commit(
          rpc, wallet.sign(P0, List.of(MarketMsgs.register(wallet.address(P0), BOND)), FEE));
      MarketMsgs.commit(
          rpc, wallet.sign(P1, List.of(MarketMsgs.register(wallet.address(P1), BOND)), FEE));

      TransferLoad before = new TransferLoad(net.node(0), load, receiver, AMOUNT, FEE);
      long scheduled = net.node(1).height();
      long height = scheduled + 15;
      CouncilAction action =
          CouncilAction.newBuilder()
              .setScheduleUpgrade(
                  ScheduleUpgrade.newBuilder()
                      .setName(ProviderSchemaMigration.NAME)
                      .setHeight(height)
                      .setInfo("node jar + v2-provider-schema.jar"))
              .build();
      long proposed =
          MarketMsgs.commit(
              rpc,
              wallet.sign(
                  List.of(C1, C2),
                  List.of(
                      MarketMsgs.council(wallet.address(C1), List.of(wallet.address(C2)), action)),
                  FEE));
      // Node 3 may trail the node that saw the tx committed; it has committed that block in its
      // application once it holds the next one (/status counts blocks stored, not committed).
      net.node(3).awaitHeight(proposed + 1, WAIT);
      UpgradePlan plan = net.node(3).client().upgradePlan();
      assertEquals(height, plan.getHeight());

      // Txs still in the mempools when every node halts are dropped with them (CometBFT keeps no
      // mempool on disk): the load stops a few blocks early so that each one it saw acknowledged
      // is committed; after the upgrade it runs again.
      net.node(0).awaitHeight(height - 4, WAIT);
      before.close();
      // A validator halts once it has committed block H. One still missing the last votes for H
      // when the others halt can no longer get them once their cometbft has exited, and the
      // validators left hold too little power to commit anything, so it stays at H-1. So it would
      // in a real network, where its operator swaps the build too, and it then fetches block H
      // from the restarted validators and runs the migration in it like the others.
      // (A validator two blocks behind or more would fail this wait: it is not covered here.)
      awaitHaltedOrStranded(net, height);
      // Each halted node's cometbft exits before the next look (awaitAppExit waits for it), so
      // whatever it had sent has arrived then: the others either halt too or stay where they are.
      List<LocalNode> halted = new ArrayList<>();
      for (boolean more = true; more; ) {
        more = false;
        for (LocalNode node : net.validators()) {
          if (!halted.contains(node) && !node.isRunning()) {
            assertHaltedForUpgrade(node, height);
            halted.add(node);
            more = true;
          }
        }
        awaitHaltedOrStranded(net, height);
      }
      List<LocalNode> left = new ArrayList<>();
      for (LocalNode node : net.validators()) {
        if (halted.contains(node)) {
          continue;
        }
        long committed;
        try {
          committed = node.rpc().committedHeight();
        } catch (RuntimeException e) {
          if (node.isRunning()) {
            throw e;
          }
          // It halted after all, between the last look and this call.
          assertHaltedForUpgrade(node, height);
          halted.add(node);
          continue;
        }
        assertEquals(height - 1, committed, node.home() + " left behind");
        node.stop();
        left.add(node);
      }
      assertTrue(left.size() < net.validators().size(), "a validator committed block H and halted");

      for (LocalNode node : net.validators()) {
        node.useBuild(next);
      }
      net.start();
      net.node(0).awaitHeight(height, WAIT);
      TransferLoad after = new TransferLoad(net.node(0), load, receiver, AMOUNT, FEE);
      for (LocalNode node : net.validators()) {
        node.awaitHeight(height + 8, WAIT);
      }
      after.close();
      assertTrue(after.count() > 0 && before.count() > 0, "the load ran before and after");

      LeasechainClient client = net.node(2).client();
      assertEquals(
          List.of(
              AppliedUpgrade.newBuilder()
                  .setName(ProviderSchemaMigration.NAME)
                  .setHeight(height)
                  .setInfo("node jar + v2-provider-schema.jar")
                  .build()),
          client.appliedUpgrades().getUpgradesList(),
          "the migration ran in block H: the nodes had stopped before executing it");
      assertThrows(QueryException.class, client::upgradePlan);
      List<Provider> providers = client.allProviders(ProviderFilter.all()).toList();
      assertEquals(2, providers.size());
      for (Provider provider : providers) {
        assertEquals(ProviderSchemaMigration.SCHEMA_VERSION, provider.getSchemaVersion());
      }

      // Every transfer a node reported committed is in the receiver's balance. Node 0 reported
      // them; node 2 may trail it, and has committed the last one's block once it holds the next.
      net.node(2).awaitHeight(after.lastHeight() + 1, WAIT);
      assertEquals(
          before.receivedBy(Long.MAX_VALUE) + after.receivedBy(Long.MAX_VALUE),
          client.account(receiver).getBalance());
      assertSameAppHashes(net);

      // The old build refuses a chain that has applied an upgrade it does not know.
      LocalNode old = net.node(3);
      old.stop();
      old.useBuild(current);
      old.start();
      assertEquals(UPGRADE_EXIT, old.awaitAppExit(WAIT));
      assertTrue(
          old.appLog()
              .contains(
                  "upgrade "
                      + ProviderSchemaMigration.NAME
                      + " was applied at height "
                      + height
                      + " and this build does not have it"),
          "the old build says why it stops");
      old.useBuild(next);
      old.start();
      old.awaitHeight(net.node(0).height() + 2, WAIT);
      assertTrue(net.brokenInvariants() == null, net.brokenInvariants());
    }
  }

  private static void assertHaltedForUpgrade(LocalNode node, long height) throws Exception {
    assertEquals(UPGRADE_EXIT, node.awaitAppExit(WAIT), node.home() + " exit status");
    assertTrue(
        node.appLog()
            .contains("upgrade " + ProviderSchemaMigration.NAME + " needed at height " + height),
        node.home() + " logs the upgrade it needs");
  }

  /** Waits until every validator has halted or is stranded at H-1 (see {@link #stranded}). */
  private static void awaitHaltedOrStranded(LocalNetwork net, long height) {
    Deadline.await(
        "every validator halted at " + height + " or left at " + (height - 1),
        WAIT,
        () ->
            net.validators().stream()
                .allMatch(node -> !node.isRunning() || stranded(net, node, height)));
  }

  /**
   * Whether {@code node} has neither stored nor executed a block after H-1, and the validators
   * still running (equal powers) are too few to commit one: that takes more than two thirds.
   */
  private static boolean stranded(LocalNetwork net, LocalNode node, long height) {
    long running = net.validators().stream().filter(LocalNode::isRunning).count();
    CometRpcClient rpc = node.rpc();
    return 3 * running <= 2L * net.validators().size()
        && rpc.status().latestBlockHeight() == height - 1
        && rpc.committedHeight() == height - 1;
  }

  /** Every node's app hash after each height matches the others' and the next header's. */
  private static void assertSameAppHashes(LocalNetwork net) {
    long top = net.validators().stream().mapToLong(LocalNode::height).min().orElseThrow();
    CometRpcClient rpc = net.node(0).rpc();
    for (long h = 1; h < top; h++) {
      byte[] header = rpc.block(h + 1).appHash();
      for (LocalNode node : net.validators()) {
        byte[] local = node.client().appHashAt(h);
        assertArrayEquals(
            header,
            local,
            node.home().getFileName() + " at height " + h + ": " + Hex.encode(local));
      }
    }
  }
}
