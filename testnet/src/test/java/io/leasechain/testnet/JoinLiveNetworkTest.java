package io.leasechain.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.client.rpc.Block;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.node.testnet.NodeHome;
import io.leasechain.node.testnet.NodePorts;
import io.leasechain.node.testnet.Testnet;
import io.leasechain.node.testnet.TestnetLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's path onto a live network (docs/operating.md "Joining a live network"), every step
 * a `leasechain` command: a fifth home is made from the genesis a running 4-validator testnet
 * serves, checked against the network's published hash (a wrong hash is refused and writes
 * nothing), peered, started and synced by block sync; the council adds it with its `tendermint
 * show-validator` key and its address then signs commits.
 */
class JoinLiveNetworkTest {

  private static final Duration CLI_TIMEOUT = Duration.ofMinutes(2);
  private static final String CHAIN_ID = "join-testnet";
  private final Binaries binaries = Binaries.fromSystemProperties();

  @Test
  void aFifthMachineJoinsSyncsAndBecomesASigningValidator(@TempDir Path temp) throws Exception {
    Path dir = temp.resolve("net");
    // Five blocks of ports: the fifth is the joining node's.
    int base = Ports.freeBlock(5 * NodePorts.STRIDE);
    ok(
        CliRun.testnetInit(4, dir, CHAIN_ID, "--base-port", Integer.toString(base))
            .toArray(String[]::new));
    TestnetLayout layout = TestnetLayout.read(dir);
    Path fifth = temp.resolve("fifth");
    Process joiner = null;
    try {
      ok("testnet", "start", dir.toString());
      String rpc0 = Testnet.rpcUri(layout.nodes().get(0)).toString();
      CometRpcClient network = new CometRpcClient(Testnet.rpcUri(layout.nodes().get(0)));
      network.waitForHeight(3, Duration.ofSeconds(90));

      // The network publishes its genesis hash; the home's file and the served document agree.
      String published = ok("genesis", "hash", "--node", rpc0).strip();
      assertEquals(
          published,
          ok("genesis", "hash", "--home", layout.nodes().get(0).home().toString()).strip());

      String wrong = (published.charAt(0) == '0' ? "1" : "0") + published.substring(1);
      CliRun refused =
          cli(
              "init",
              "--home",
              fifth.toString(),
              "--chain-id",
              CHAIN_ID,
              "--genesis-from",
              rpc0,
              "--genesis-sha256",
              wrong);
      assertEquals(1, refused.exit(), refused::toString);
      assertTrue(refused.err().contains("refused, nothing written"), refused.err());
      assertFalse(Files.exists(fifth), "a refused genesis leaves no home behind");

      List<String> peers = new ArrayList<>();
      for (TestnetLayout.Node node : layout.nodes()) {
        String id = ok("tendermint", "show-node-id", "--home", node.home().toString()).strip();
        peers.add(id + "@127.0.0.1:" + node.ports().p2p());
      }
      ok(
          "init",
          "--home",
          fifth.toString(),
          "--chain-id",
          CHAIN_ID,
          "--moniker",
          "fifth",
          "--genesis-from",
          rpc0,
          "--genesis-sha256",
          published,
          "--persistent-peers",
          String.join(",", peers));
      assertEquals(published, ok("genesis", "hash", "--home", fifth.toString()).strip());
      // Only because this "machine" shares loopback with the four others: its own ports.
      NodePorts ports = NodePorts.at(base, 4);
      NodeHome.configure(fifth, ports, binaries.cometbft().toString(), Duration.ofSeconds(1), true);

      joiner =
          new ProcessBuilder(
                  binaries.java().toString(),
                  "-Xmx512m",
                  "-jar",
                  binaries.leasechainJar().toString(),
                  "start",
                  "--home",
                  fifth.toString())
              .redirectErrorStream(true)
              .redirectOutput(fifth.resolve("node.log").toFile())
              .start();
      CometRpcClient joined =
          new CometRpcClient(java.net.URI.create("http://127.0.0.1:" + ports.rpc()));
      long target = network.status().latestBlockHeight() + 2;
      joined.waitForHeight(target, Duration.ofSeconds(90));
      assertEquals(
          HexFormat.of().formatHex(network.block(target).appHash()),
          HexFormat.of().formatHex(joined.block(target).appHash()),
          "the synced node agrees on the app hash");
      assertEquals(0, joined.status().validatorVotingPower(), "not a validator yet");

      String pubkey = ok("tendermint", "show-validator", "--home", fifth.toString()).strip();
      ok(
          "tx",
          "authority",
          "propose",
          "node0",
          "add-validator",
          "--pubkey",
          pubkey,
          "--power",
          "10",
          "--operator",
          "account0",
          "--co-signer",
          "node1",
          "--co-signer",
          "node2",
          "--home",
          dir.toString(),
          "--keyring-backend",
          "test",
          "--node",
          rpc0,
          "--yes");

      String address = joined.status().validatorAddress();
      Deadline.await(
          "the fifth node to have voting power",
          Duration.ofSeconds(60),
          () -> joined.status().validatorVotingPower() == 10);
      long from = joined.status().latestBlockHeight();
      Deadline.await(
          "a commit signed by the fifth node",
          Duration.ofSeconds(60),
          () -> signedBy(network, address, from));
    } finally {
      if (joiner != null) {
        joiner.destroy();
        if (!joiner.waitFor(30, TimeUnit.SECONDS)) {
          joiner.destroyForcibly().waitFor();
        }
      }
      ok("testnet", "stop", dir.toString());
    }
  }

  /** Whether a block after {@code from} carries a commit signature of {@code address}. */
  private static boolean signedBy(CometRpcClient rpc, String address, long from) {
    long latest = rpc.status().latestBlockHeight();
    for (long height = from + 1; height <= latest; height++) {
      Block block = rpc.block(height);
      for (Block.CommitSig signature : block.lastCommitSignatures()) {
        // Flag 2: BLOCK_ID_FLAG_COMMIT, a signature for the block (not absent, not nil).
        if (signature.validatorAddress().equalsIgnoreCase(address)
            && signature.blockIdFlag() == 2) {
          return true;
        }
      }
    }
    return false;
  }

  private String ok(String... args) throws Exception {
    CliRun run = cli(args);
    assertEquals(0, run.exit(), () -> String.join(" ", args) + ": " + run);
    return run.out();
  }

  private CliRun cli(String... args) throws Exception {
    return CliRun.process(binaries, List.of(args), CLI_TIMEOUT);
  }
}
