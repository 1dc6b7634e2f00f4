package io.leasechain.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leasechain.client.RecordedNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * --prove's usage rules and its trusted store over a recorded devnet; verification itself is tested
 * in client and on real networks.
 */
class ProveCliTest {

  // Nothing listens here: every case must fail before asking a node.
  private static final String NODE = "http://127.0.0.1:9";
  private static final String ADDRESS = "lease15tsggzzpv3t40vrvrmfdzqtwlxfhztx6rfr4z4";

  @TempDir Path home;

  private record Result(int exit, String out, String err) {}

  private Result run(String... args) {
    return runAt(NODE, args);
  }

  private Result runAt(String node, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LeasechainCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--node";
    all[args.length + 1] = node;
    all[args.length + 2] = "--home";
    all[args.length + 3] = home.toString();
    int exit = cli.execute(all);
    return new Result(exit, out.toString(), err.toString());
  }

  private static void assertOneLine(Result result, int exit, String fragment) {
    assertEquals(exit, result.exit(), result.err());
    assertTrue(result.err().startsWith("Error: "), result.err());
    assertTrue(result.err().contains(fragment), result.err());
    assertEquals(1, result.err().lines().count(), result.err());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"orders", "bids", "leases", "providers", "auditors", "proposals", "validators"})
  void listQueries_refuseProve(String list) {
    assertOneLine(run("query", list, "--prove"), 2, "--prove covers single-record queries");
  }

  @Test
  void trustOptions_needProve() {
    assertOneLine(
        run("query", "account", ADDRESS, "--trust-height", "5", "--trust-hash", "00".repeat(32)),
        2,
        "need --prove");
  }

  @Test
  void trustHeightAndHash_goTogether() {
    assertOneLine(
        run("query", "account", ADDRESS, "--prove", "--trust-height", "5"), 2, "go together");
  }

  @Test
  void aTrustHash_isThirtyTwoHexBytes() {
    assertOneLine(
        run("query", "supply", "--prove", "--trust-height", "5", "--trust-hash", "abcd"),
        2,
        "not a 32-byte hex header hash");
  }

  @Test
  void genesisAndTrustedHash_exclude() {
    assertOneLine(
        run(
            "query",
            "params",
            "--prove",
            "--genesis",
            "g.json",
            "--trust-height",
            "5",
            "--trust-hash",
            "00".repeat(32)),
        2,
        "not both");
  }

  @Test
  void theSecondProveCall_startsFromTheHeaderTheFirstStored() throws IOException {
    try (RecordedNode node = new RecordedNode()) {
      Files.createDirectories(home.resolve("config"));
      Files.writeString(
          home.resolve("config/genesis.json"), node.recording().get("genesis").toString());
      String account = node.recording().get("account").asText();
      // A century keeps the recorded chain trusted whatever today's date.
      String[] query = {"query", "account", account, "--prove", "--trusting-period", "36500d"};
      Path stored = home.resolve("light/leasechain-devnet.json");

      // Trust expired and nothing fresher stored: one line saying how to bring a new root.
      String[] expired = {"query", "account", account, "--prove", "--trusting-period", "1s"};
      assertOneLine(runAt(node.uri().toString(), expired), 1, "--trust-height H --trust-hash");
      assertFalse(Files.exists(stored));

      Result first = runAt(node.uri().toString(), query);
      assertEquals(0, first.exit(), first.err());
      assertEquals("31", new ObjectMapper().readTree(stored.toFile()).get("height").asText());

      // The node forgets the genesis block: only the stored header can root the second call.
      ((ObjectNode) node.recording().get("commits")).remove("1");
      Result second = runAt(node.uri().toString(), query);
      assertEquals(0, second.exit(), second.err());
    }
  }

  @Test
  void aHeight_isTheOneTheAnswerMustDescribe() throws IOException {
    try (RecordedNode node = new RecordedNode()) {
      Files.createDirectories(home.resolve("config"));
      Files.writeString(
          home.resolve("config/genesis.json"), node.recording().get("genesis").toString());
      String account = node.recording().get("account").asText();
      String[] base = {"query", "account", account, "--prove", "--trusting-period", "36500d"};

      // The recorded node answers from height 30 whatever it is asked.
      Result asked30 = runAt(node.uri().toString(), concat(base, "--height", "30"));
      assertEquals(0, asked30.exit(), asked30.err());
      assertTrue(asked30.out().contains("verified at height 30"), asked30.out());

      assertOneLine(
          runAt(node.uri().toString(), concat(base, "--height", "25")), 1, "WRONG_HEIGHT");
    }
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }

  @Test
  void aTrustingPeriod_isADuration() {
    assertOneLine(
        run("query", "supply", "--prove", "--trusting-period", "2weeks"),
        2,
        "not a duration like 14d");
  }

  @Test
  void aMissingGenesis_failsClearly() {
    assertOneLine(run("query", "account", ADDRESS, "--prove"), 1, "cannot read genesis");
  }
}
