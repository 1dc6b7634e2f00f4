package io.leasechain.testnet;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leasechain.client.LeasechainClient;
import io.leasechain.client.query.PageRequest;
import io.leasechain.client.query.ProviderFilter;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.crypto.Address;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.node.testnet.NodeHome;
import io.leasechain.node.testnet.NodePorts;
import io.leasechain.node.testnet.TestProviders;
import io.leasechain.node.testnet.TestnetLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `leasechain testnet init/start/status/stop` as an operator runs it, each command its own process
 * from the node jar: four validators come up peered, make blocks with one app hash, report
 * themselves as validators, and stop cleanly (no process left).
 */
class TestnetCommandTest {

  private static final Duration CLI_TIMEOUT = Duration.ofMinutes(2);
  private final Binaries binaries = Binaries.fromSystemProperties();

  @Test
  void fourValidatorsInitStartReportAndStop(@TempDir Path temp) throws Exception {
    Path dir = temp.resolve("net");
    int base = Ports.freeBlock(4 * NodePorts.STRIDE);
    CliRun init =
        cli(CliRun.testnetInit(4, dir, "testnet-cli", "--base-port", Integer.toString(base)));
    assertEquals(0, init.exit(), init::toString);
    assertTrue(init.out().contains("council (3 of 4)"), init.out());

    TestnetLayout layout = TestnetLayout.read(dir);
    JsonNode genesis = genesis(layout.nodes().get(0).home());
    TreeSet<Integer> ports = new TreeSet<>();
    List<String> consensusKeys = new ArrayList<>();
    for (TestnetLayout.Node node : layout.nodes()) {
      ports.addAll(node.ports().all());
      consensusKeys.add(
          java.util.Base64.getEncoder().encodeToString(NodeHome.consensusKey(node.home()).bytes()));
      assertEquals(genesis, genesis(node.home()), node.name() + " has the one genesis");
    }
    assertEquals(4 * 6, ports.size(), "every listener of every node has a port of its own");
    List<String> genesisKeys = new ArrayList<>();
    genesis
        .path("validators")
        .forEach(v -> genesisKeys.add(v.path("pub_key").path("value").asText()));
    assertEquals(consensusKeys, genesisKeys);
    assertEquals(4, genesis.path("app_state").path("council").path("members").size());
    assertEquals(3, genesis.path("app_state").path("council").path("threshold").asInt());
    assertEquals(8, genesis.path("app_state").path("accounts").size(), "4 operators, 2+2 keys");

    byte[] genesisBytes = Files.readAllBytes(dir.resolve("node0/config/genesis.json"));
    CliRun again = cli(CliRun.testnetInit(2, dir, "x"));
    assertEquals(1, again.exit(), again::toString);
    assertTrue(again.err().contains("already exists"), again.err());
    assertArrayEquals(genesisBytes, Files.readAllBytes(dir.resolve("node0/config/genesis.json")));

    try {
      CliRun start = cli("testnet", "start", dir.toString());
      assertEquals(0, start.exit(), start::toString);
      assertEquals(
          4, start.out().lines().filter(l -> l.contains(" started (pid ")).count(), start.out());
      for (TestnetLayout.Node node : layout.nodes()) {
        new CometRpcClient(io.leasechain.node.testnet.Testnet.rpcUri(node))
            .waitForHeight(3, Duration.ofSeconds(90));
      }
      Deadline.await(
          "every node to report 3 peers and a height >= 3",
          Duration.ofSeconds(60),
          () ->
              statusRows(dir).stream()
                  .allMatch(
                      r -> r[5].equals("3") && !r[4].equals("-") && Long.parseLong(r[4]) >= 3));
      List<String[]> rows = statusRows(dir);
      assertEquals(4, rows.size());
      assertAll(
          rows.stream()
              .map(
                  row ->
                      () -> {
                        assertEquals("running", row[1], String.join(" ", row));
                        assertEquals("yes", row[3], String.join(" ", row));
                        assertTrue(row[6].matches("[0-9A-F]{64}"), String.join(" ", row));
                      }));
      // The app hash after one height is the same on every node.
      long height = rows.stream().mapToLong(r -> Long.parseLong(r[4])).min().orElseThrow();
      TreeSet<String> hashes = new TreeSet<>();
      for (TestnetLayout.Node node : layout.nodes()) {
        CometRpcClient rpc = new CometRpcClient(io.leasechain.node.testnet.Testnet.rpcUri(node));
        // The node that was lowest may not have made the next block yet.
        rpc.waitForHeight(height + 1, Duration.ofSeconds(30));
        hashes.add(java.util.HexFormat.of().formatHex(rpc.block(height + 1).appHash()));
      }
      assertEquals(1, hashes.size(), "app hashes at height " + height + ": " + hashes);

      // The two provider keys are active providers, approved by the council at the first start.
      assertEquals(
          2,
          start.out().lines().filter(l -> l.matches("provider\\d +lease1\\S+ approved")).count(),
          start.out());
      LeasechainClient client =
          new LeasechainClient(
              new CometRpcClient(io.leasechain.node.testnet.Testnet.rpcUri(layout.nodes().get(1))));
      List<Provider> providers =
          client.providers(ProviderFilter.all(), PageRequest.first()).getProvidersList();
      assertEquals(2, providers.size(), providers::toString);
      assertAll(
          providers.stream()
              .map(
                  p ->
                      () -> {
                        assertEquals(
                            ProviderState.PROVIDER_STATE_ACTIVE, p.getState(), p::toString);
                        assertEquals(TestProviders.attributes(), p.getAttributes());
                      }));
      long providerHeight = providers.get(0).getRegisteredHeight();

      CliRun startAgain = cli("testnet", "start", dir.toString());
      assertEquals(0, startAgain.exit(), startAgain::toString);
      assertEquals(
          4,
          startAgain.out().lines().filter(l -> l.contains("already running")).count(),
          startAgain.out());
      assertEquals(
          2,
          startAgain.out().lines().filter(l -> l.endsWith(" already approved")).count(),
          startAgain.out());
      Address owner = Address.fromBech32(providers.get(0).getAddress());
      assertEquals(
          providerHeight, client.provider(owner).getRegisteredHeight(), "not registered again");
      assertEquals(1, client.account(owner).getSequence(), "one tx: its register");
    } finally {
      CliRun stop = cli("testnet", "stop", dir.toString());
      assertEquals(0, stop.exit(), stop::toString);
      assertEquals(4, stop.out().lines().filter(l -> l.endsWith(" stopped")).count(), stop.out());
    }
    assertTrue(statusRows(dir).stream().allMatch(r -> r[1].equals("stopped")));
    for (TestnetLayout.Node node : layout.nodes()) {
      assertFalse(Files.exists(node.home().resolve("leasechain.pid")), node.name());
      assertTrue(
          Files.readString(node.home().resolve("node.log")).contains("node stopped"),
          node.name() + " stopped gracefully");
    }
  }

  @Test
  void errorsAreOneClearLine(@TempDir Path temp) throws Exception {
    CliRun notATestnet = CliRun.of(List.of("testnet", "status", temp.toString()));
    assertEquals(1, notATestnet.exit());
    assertEquals(
        "Error: "
            + temp
            + " is not a testnet folder (no testnet.json; make one with `leasechain"
            + " testnet init`)",
        notATestnet.onlyErrorLine());
    CliRun noValidators =
        CliRun.of(
            CliRun.testnetInit(
                0, temp.resolve("none"), "c", "--cometbft", binaries.cometbft().toString()));
    assertEquals(1, noValidators.exit());
    assertEquals(
        "Error: a testnet needs --validators >= 1 and --full-nodes >= 0",
        noValidators.onlyErrorLine());
    assertFalse(Files.exists(temp.resolve("none")), "nothing made");
    CliRun portsTooHigh =
        CliRun.of(
            CliRun.testnetInit(
                4,
                temp.resolve("high"),
                "c",
                "--base-port",
                "65500",
                "--cometbft",
                binaries.cometbft().toString()));
    assertEquals(1, portsTooHigh.exit());
    assertEquals(
        "Error: --base-port 65500 leaves node3 outside the ports 1024..65535",
        portsTooHigh.onlyErrorLine());
  }

  /** `testnet status DIR`'s rows, split into columns (the header left out). */
  private List<String[]> statusRows(Path dir) {
    try {
      CliRun status = cli("testnet", "status", dir.toString());
      assertEquals(0, status.exit(), status::toString);
      return status.out().lines().skip(1).map(l -> l.trim().split("\\s+")).toList();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private CliRun cli(String... args) throws Exception {
    return cli(List.of(args));
  }

  private CliRun cli(List<String> args) throws Exception {
    return CliRun.process(binaries, args, CLI_TIMEOUT);
  }

  private static JsonNode genesis(Path home) throws Exception {
    return new ObjectMapper().readTree(home.resolve("config").resolve("genesis.json").toFile());
  }
}
