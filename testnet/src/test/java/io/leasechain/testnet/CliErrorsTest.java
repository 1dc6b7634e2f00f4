package io.leasechain.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hex;
import io.leasechain.node.cli.LeasechainCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every error a user of the `leasechain` CLI can run into, against a real single-validator chain
 * (and a closed port for a node that is down): each is one line "Error: …" on stderr in the user's
 * words, with no Java class name, and a non-zero exit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class CliErrorsTest {

  private static final String CHAIN_ID = "leasechain-cli-errors";
  // A Java class name such as java.net.ConnectException, or any exception's name.
  private static final Pattern JAVA_NAME =
      Pattern.compile("\\b[a-z]+\\.[a-z]+\\.[A-Z]\\w+|Exception|\\tat ");

  private final Binaries binaries = Binaries.fromSystemProperties();
  private LocalNode node;
  private Path home;
  private String rich;
  private String poor;
  private String deadNode;

  record Result(int exit, String out, String err) {}

  @BeforeAll
  void startChain(@TempDir Path temp) throws Exception {
    node = LocalNode.init(binaries, temp.resolve("node"), CHAIN_ID, "node", Duration.ofMillis(200));
    home = node.home();
    rich = addKey("rich", 0x11);
    poor = addKey("poor", 0x22);
    node.addGenesisAccount(Address.fromBech32(rich), 1_000_000_000L);
    node.addGenesisAccount(Address.fromBech32(poor), 1_000_000L);
    node.start();
    node.awaitHeight(2, Duration.ofSeconds(60));
    deadNode = "http://127.0.0.1:" + Ports.unused();
  }

  @AfterAll
  void stopChain() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  private String addKey(String name, int seedByte) {
    String seed = String.format("%02x", seedByte).repeat(32);
    assertEquals(0, run("keys", "add", name, "--seed", seed).exit());
    return Ed25519PrivateKey.fromSeed(Hex.decode(seed)).publicKey().address().toBech32();
  }

  /** `leasechain ARGS… --home HOME --node NODE` in-process; a later --node overrides this one. */
  private Result run(String... args) {
    List<String> all =
        new ArrayList<>(List.of("--home", home.toString(), "--keyring-backend", "test"));
    if (node != null) {
      all.addAll(List.of("--node", node.rpcUri().toString()));
    }
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LeasechainCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return new Result(cli.execute(all.toArray(String[]::new)), out.toString(), err.toString());
  }

  /**
   * Fails unless the command failed with exactly one clear line on stderr containing {@code words}.
   */
  private void assertOneClearLine(String words, String... args) {
    Result result = run(args);
    String what =
        String.join(" ", args) + "\nstdout: " + result.out() + "\nstderr: " + result.err();
    assertNotEquals(0, result.exit(), what);
    List<String> lines = result.err().lines().toList();
    assertEquals(1, lines.size(), what);
    assertTrue(lines.get(0).startsWith("Error: "), what);
    assertTrue(lines.get(0).contains(words), "expected '" + words + "' in: " + what);
    assertFalse(JAVA_NAME.matcher(result.err()).find(), "a Java name in: " + what);
  }

  @Test
  void noSuchKey() {
    assertOneClearLine(
        "no key named 'nobody'", "tx", "bank", "send", "nobody", rich, "1lease", "--yes");
    assertOneClearLine("neither a lease1… address nor a key name", "query", "account", "nobody");
  }

  @Test
  void nodeDown() {
    assertOneClearLine(
        "node at " + deadNode + " is not reachable (is it running?)",
        "query",
        "account",
        rich,
        "--node",
        deadNode);
    assertOneClearLine(
        "node at " + deadNode + " is not reachable (is it running?)",
        "tx",
        "bank",
        "send",
        "rich",
        poor,
        "1lease",
        "--yes",
        "--node",
        deadNode);
    String tcp = deadNode.replace("http://", "tcp://");
    assertOneClearLine(
        "node at " + deadNode + " is not reachable (is it running?)",
        "query",
        "supply",
        "--node",
        tcp);
  }

  @Test
  void unknownUrlScheme() {
    assertOneClearLine(
        "unknown URL scheme 'ftp' in --node: use http://, https:// or tcp://",
        "query",
        "account",
        rich,
        "--node",
        "ftp://127.0.0.1:26657");
  }

  @Test
  void badAmountOfEachKind() {
    assertOneClearLine(
        "amount 100 needs a unit: 100ulease or 100lease",
        "tx",
        "bank",
        "send",
        "rich",
        poor,
        "100",
        "--yes");
    assertOneClearLine(
        "amount -5lease is negative", "tx", "bank", "send", "rich", poor, "-5lease", "--yes");
    assertOneClearLine(
        "has more than 6 decimals", "tx", "bank", "send", "rich", poor, "1.0000001lease", "--yes");
    assertOneClearLine("unknown unit 'atom'", "tx", "bank", "send", "rich", poor, "5atom", "--yes");
    assertOneClearLine(
        "is too large", "tx", "bank", "send", "rich", poor, "9223372036854775808ulease", "--yes");
    assertOneClearLine(
        "needs a unit", "tx", "bank", "send", "rich", poor, "1lease", "--fees", "500", "--yes");
    assertOneClearLine("needs a unit", "genesis", "add-account", poor, "7");
  }

  @Test
  void badAddress() {
    String corrupted = rich.substring(0, rich.length() - 1) + (rich.endsWith("q") ? "p" : "q");
    assertOneClearLine("invalid checksum", "query", "account", corrupted);
    assertOneClearLine(
        "invalid address", "tx", "bank", "send", "rich", corrupted, "1lease", "--yes");
  }

  @Test
  void insufficientFunds() {
    assertOneClearLine(
        "tx rejected (code bank/", "tx", "bank", "send", "poor", rich, "5lease", "--yes");
  }

  @Test
  void missingFile() {
    Path missing = home.resolve("no-such-tx.hex");
    assertOneClearLine("no such file: " + missing, "tx", "broadcast", "@" + missing);
    Path nowhere = home.resolve("nowhere");
    assertOneClearLine(
        "no such file: " + nowhere.resolve("config").resolve("genesis.json"),
        "genesis",
        "validate",
        "--home",
        nowhere.toString());
  }

  @Test
  void txAlreadyInTheMempool() {
    Result signed =
        run(
            "tx",
            "bank",
            "send",
            "rich",
            poor,
            "1ulease",
            "--offline",
            "--chain-id",
            CHAIN_ID,
            "--sequence",
            "0",
            "-o",
            "json");
    assertEquals(0, signed.exit(), signed.err());
    String tx = signed.out().replaceAll("(?s).*\"tx\"\\s*:\\s*\"([0-9a-f]+)\".*", "$1");
    Result first = run("tx", "broadcast", tx, "--broadcast-mode", "sync");
    assertEquals(0, first.exit(), first.err());
    // CometBFT keeps the tx in its cache after committing it too, so the answer is the same
    // whether or not the block has been made meanwhile.
    assertOneClearLine(
        "tx already in the mempool", "tx", "broadcast", tx, "--broadcast-mode", "sync");
  }

  @Test
  void badJson() {
    assertOneClearLine(
        "--json: bad params JSON",
        "tx",
        "authority",
        "propose",
        "rich",
        "set-params",
        "--json",
        "{\"market\": {",
        "--yes");
  }

  @Test
  void badHex() {
    assertOneClearLine("", "tx", "broadcast", "zz-not-hex");
  }
}
