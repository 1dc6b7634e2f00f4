package io.leasechain.client.rpc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs a real single-validator CometBFT node with its built-in kvstore app on loopback ports and
 * drives it through the client. The binary comes from system property {@code cometbft.bin}; the
 * test is skipped when it is absent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CometRpcClientIntegrationTest {

  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final byte[] TX = "leasechain=rpc-it".getBytes(UTF_8);

  private Path home;
  private Process node;
  private Path nodeLog;
  private CometRpcClient client;
  private CommitResult committed;

  @BeforeAll
  void startNode() throws Exception {
    Path bin =
        Path.of(System.getProperty("cometbft.bin", "../.tools/bin/cometbft")).toAbsolutePath();
    Assumptions.assumeTrue(Files.isExecutable(bin), "no cometbft binary at " + bin);

    home = Files.createTempDirectory("cometbft-rpc-it");
    run(bin, "init", "--home", home.toString());

    int rpcPort = freePort();
    int p2pPort = freePort();
    Path config = home.resolve("config/config.toml");
    String toml = Files.readString(config);
    toml = setToml(toml, "", "proxy_app", "\"kvstore\"");
    toml = setToml(toml, "rpc", "laddr", "\"tcp://127.0.0.1:" + rpcPort + "\"");
    toml = setToml(toml, "p2p", "laddr", "\"tcp://127.0.0.1:" + p2pPort + "\"");
    toml = setToml(toml, "consensus", "timeout_commit", "\"100ms\"");
    Files.writeString(config, toml);

    // Kept outside the temp home, which is deleted, so a failed run can still be diagnosed.
    Path target = Path.of("target");
    nodeLog = (Files.isDirectory(target) ? target : home).resolve("cometbft-rpc-it.log");
    node =
        new ProcessBuilder(bin.toString(), "start", "--home", home.toString())
            .redirectErrorStream(true)
            .redirectOutput(nodeLog.toFile())
            .start();

    client = new CometRpcClient(URI.create("http://127.0.0.1:" + rpcPort), Duration.ofSeconds(15));
    client.waitForHeight(2, STARTUP);
    committed = client.broadcastTxCommit(TX);
  }

  @AfterAll
  void stopNode() throws IOException, InterruptedException {
    try {
      if (node != null) {
        node.destroyForcibly();
        node.waitFor(10, TimeUnit.SECONDS);
      }
    } finally {
      if (home != null) {
        deleteRecursively(home);
      }
    }
  }

  @Test
  void broadcastTxCommitLandsInABlock() {
    assertTrue(committed.isOk(), committed.toString());
    assertTrue(committed.height() > 0);
    assertEquals(64, committed.hash().length());
    assertEquals(committed.hash().toUpperCase(), committed.hash());
  }

  @Test
  void abciQueryReturnsCommittedValue() {
    AbciQueryResult r = client.abciQuery("", "leasechain".getBytes(UTF_8), 0, false);

    assertTrue(r.isOk(), r.log());
    assertArrayEquals("leasechain".getBytes(UTF_8), r.key());
    assertArrayEquals("rpc-it".getBytes(UTF_8), r.value());
    assertTrue(r.height() >= committed.height());
  }

  @Test
  void txFindsCommittedTx() {
    TxResult r = client.tx(HexFormat.of().parseHex(committed.hash()));

    assertEquals(committed.hash(), r.hash());
    assertEquals(committed.height(), r.height());
    assertArrayEquals(TX, r.tx());
    assertTrue(r.result().isOk());
    assertFalse(r.result().events().isEmpty());
  }

  @Test
  void txSearchFindsCommittedTx() {
    TxSearchResult r =
        client.txSearch("tx.height=" + committed.height() + " AND app.key='leasechain'", 1, 10);

    assertEquals(1, r.totalCount());
    assertEquals(committed.hash(), r.txs().get(0).hash());
  }

  @Test
  void blockContainsTx() {
    Block b = client.block(committed.height());
    Status s = client.status();

    assertEquals(committed.height(), b.height());
    assertEquals(s.network(), b.chainId());
    assertEquals(1, b.txs().size());
    assertArrayEquals(TX, b.txs().get(0));
    assertEquals(32, b.dataHash().length);
    assertEquals(s.validatorAddress(), b.proposerAddress());
    assertTrue(
        b.lastCommitSignatures().stream()
            .anyMatch(
                sig -> sig.committed() && sig.validatorAddress().equals(s.validatorAddress())));

    Block latest = client.block(0);
    assertTrue(latest.height() >= committed.height());
  }

  @Test
  void blockResultsHoldTxOutcome() {
    BlockResults r = client.blockResults(committed.height());

    assertEquals(committed.height(), r.height());
    assertEquals(1, r.txResults().size());
    assertEquals(committed.txResult().events(), r.txResults().get(0).events());
  }

  @Test
  void statusAndValidators() {
    Status s = client.status();
    Validators v = client.validators(0);

    assertFalse(s.nodeId().isEmpty());
    assertTrue(s.latestBlockHeight() >= committed.height());
    assertFalse(s.catchingUp());
    assertNotNull(s.latestBlockTime());
    assertEquals(1, v.validators().size());
    assertEquals(s.validatorAddress(), v.validators().get(0).address());
    assertEquals(s.validatorVotingPower(), v.totalVotingPower());
  }

  @Test
  void checkTxRejectionIsAResultNotAnException() {
    BroadcastResult r = client.broadcastTxSync("no-separator".getBytes(UTF_8));

    assertFalse(r.isOk());
    assertEquals(64, r.hash().length());
  }

  @Test
  void invalidCallThrows() {
    CometRpcException e = assertThrows(CometRpcException.class, () -> client.block(1_000_000_000L));

    assertTrue(e.isRpcError());
    assertEquals(-32603, e.code());
    assertTrue(
        e.data().contains("must be less than or equal to the current blockchain height"), e.data());
  }

  @Test
  void waitForHeightTimesOut() {
    CometRpcException e =
        assertThrows(
            CometRpcException.class,
            () -> client.waitForHeight(Long.MAX_VALUE, Duration.ofMillis(200)));

    assertTrue(e.getMessage().contains("last seen height"), e.getMessage());
  }

  /**
   * Sets {@code key} inside {@code [section]} ("" = top level), failing loudly if the default
   * layout changed.
   */
  private static String setToml(String toml, String section, String key, String value) {
    List<String> out = new ArrayList<>();
    String current = "";
    boolean replaced = false;
    for (String line : toml.split("\n", -1)) {
      String t = line.strip();
      if (t.startsWith("[") && t.endsWith("]")) {
        current = t.substring(1, t.length() - 1);
      } else if (current.equals(section) && t.startsWith(key + " ") && t.contains("=")) {
        line = key + " = " + value;
        replaced = true;
      }
      out.add(line);
    }
    if (!replaced) {
      throw new IllegalStateException("no " + key + " in [" + section + "] of config.toml");
    }
    return String.join("\n", out);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void run(Path bin, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(bin.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      String output = new String(p.getInputStream().readAllBytes(), UTF_8);
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "cometbft " + args[0] + " hung");
      assertEquals(0, p.exitValue(), "cometbft " + String.join(" ", args) + " failed:\n" + output);
    } finally {
      p.destroyForcibly();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
