package io.leasechain.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.sun.net.httpserver.HttpServer;
import io.leasechain.client.rpc.CometRpcException;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.crypto.Hex;
import io.leasechain.genesis.AppState;
import io.leasechain.ledger.bank.proto.MsgSend;
import io.leasechain.ledger.tx.Gas;
import io.leasechain.ledger.tx.SignDocs;
import io.leasechain.ledger.tx.TxParamsRules;
import io.leasechain.ledger.tx.proto.AuthInfo;
import io.leasechain.ledger.tx.proto.Tx;
import io.leasechain.ledger.tx.proto.TxBody;
import io.leasechain.node.config.AppConfig;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The `leasechain` command line run in-process: keys, genesis, offline tx signing, init. */
class CliTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SEED_HEX =
      "0101010101010101010101010101010101010101010101010101010101010101";

  @TempDir Path home;

  record Result(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LeasechainCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  /** `leasechain ARGS… --home HOME --keyring-backend test`. */
  private Result runHome(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--home");
    all.add(home.toString());
    all.add("--keyring-backend");
    all.add("test");
    return run(all.toArray(String[]::new));
  }

  private static void assertSuccess(Result result) {
    assertEquals(
        0,
        result.exit(),
        () -> "exit " + result.exit() + "\nout: " + result.out() + "\nerr: " + result.err());
  }

  private static void assertFailure(Result result, String errorFragment) {
    assertNotEquals(0, result.exit(), () -> "expected a failure; out: " + result.out());
    assertTrue(
        result.err().contains(errorFragment),
        () -> "stderr lacks '" + errorFragment + "': " + result.err());
  }

  private static Address seedAddress() {
    return Ed25519PrivateKey.fromSeed(Hex.decode(SEED_HEX)).publicKey().address();
  }

  // ---------------------------------------------------------------- keys

  @Test
  void keysAddListShowInTextAndJson() throws Exception {
    Result alice = runHome("keys", "add", "alice");
    assertSuccess(alice);
    assertTrue(alice.out().contains("name: alice"), alice.out());
    String aliceAddress =
        alice
            .out()
            .lines()
            .filter(line -> line.startsWith("address: "))
            .findFirst()
            .orElseThrow()
            .substring("address: ".length());
    Address.fromBech32(aliceAddress); // a valid lease1… address
    assertTrue(aliceAddress.startsWith("lease1"));

    Result bob = runHome("keys", "add", "bob", "--seed", SEED_HEX, "-o", "json");
    assertSuccess(bob);
    JsonNode bobJson = bob.json();
    assertEquals("bob", bobJson.path("name").asText());
    assertEquals(seedAddress().toBech32(), bobJson.path("address").asText());
    assertEquals(
        Hex.encode(Ed25519PrivateKey.fromSeed(Hex.decode(SEED_HEX)).publicKey().bytes()),
        bobJson.path("public_key").asText());
    assertFalse(bobJson.has("seed"), "the seed is never printed");

    Path keyFile = home.resolve("keyring-test").resolve("bob.json");
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));

    Result listJson = runHome("keys", "list", "-o", "json");
    assertSuccess(listJson);
    JsonNode keys = listJson.json().path("keys");
    assertEquals(2, keys.size());
    assertEquals("alice", keys.get(0).path("name").asText());
    assertEquals(aliceAddress, keys.get(0).path("address").asText());
    assertEquals("bob", keys.get(1).path("name").asText());

    Result listText = runHome("keys", "list");
    assertSuccess(listText);
    assertEquals(
        List.of("alice\t" + aliceAddress, "bob\t" + seedAddress()),
        listText.out().lines().toList());

    Result showAddress = runHome("keys", "show", "bob", "-a");
    assertSuccess(showAddress);
    assertEquals(seedAddress().toBech32(), showAddress.out().trim());

    Result showJson = runHome("keys", "show", "alice", "-o", "json");
    assertSuccess(showJson);
    assertEquals(aliceAddress, showJson.json().path("address").asText());
    assertEquals("alice", showJson.json().path("name").asText());

    Result showText = runHome("keys", "show", "alice");
    assertSuccess(showText);
    assertTrue(showText.out().contains("address: " + aliceAddress), showText.out());
  }

  @Test
  void keysErrors() throws Exception {
    assertSuccess(runHome("keys", "add", "alice", "--seed", SEED_HEX));
    Result duplicate = runHome("keys", "add", "alice");
    assertFailure(duplicate, "already exists");
    // The first key is still the one stored.
    assertEquals(seedAddress().toBech32(), runHome("keys", "show", "alice", "-a").out().trim());

    assertFailure(runHome("keys", "show", "nobody"), "no key named 'nobody'");
    assertFailure(runHome("keys", "add", "bad name!"), "key name");
    assertNotEquals(0, runHome("keys", "list", "-o", "yaml").exit(), "unknown output format");

    // An empty keyring lists nothing (and does not fail).
    Path empty = home.resolve("empty-home");
    Result list = run("keys", "list", "-o", "json", "--home", empty.toString());
    assertSuccess(list);
    assertEquals(0, list.json().path("keys").size());
  }

  // ---------------------------------------------------------------- genesis

  private Path writeGenesis(ObjectNode appState) throws Exception {
    ObjectNode genesis = JSON.createObjectNode();
    genesis.put("genesis_time", "2026-01-01T00:00:00Z");
    genesis.put("chain_id", "fixture-chain");
    genesis.put("initial_height", "1");
    genesis
        .putObject("consensus_params")
        .putObject("block")
        .put("max_bytes", "22020096")
        .put("max_gas", "-1");
    genesis.putArray("validators");
    genesis.put("app_hash", "");
    genesis.set("app_state", appState);
    Path file = home.resolve("config").resolve("genesis.json");
    Files.createDirectories(file.getParent());
    JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), genesis);
    return file;
  }

  @Test
  void genesisAddAccountByAddressAndByKeyName() throws Exception {
    Path file = writeGenesis(AppState.defaults());
    JsonNode before = JSON.readTree(file.toFile());
    Address stranger = Ed25519PrivateKey.fromSeed(new byte[32]).publicKey().address();

    Result byAddress = runHome("genesis", "add-account", stranger.toBech32(), "1000000ulease");
    assertSuccess(byAddress);
    assertTrue(byAddress.out().contains(stranger.toBech32()), byAddress.out());

    assertSuccess(runHome("keys", "add", "alice", "--seed", SEED_HEX));
    assertSuccess(runHome("genesis", "add-account", "alice", "1.5lease"));
    Address third = Ed25519PrivateKey.fromSeed(Hex.decode("03".repeat(32))).publicKey().address();
    assertSuccess(runHome("genesis", "add-account", third.toBech32(), "7ulease"));
    JsonNode after = JSON.readTree(file.toFile());
    JsonNode accounts = after.path("app_state").path("accounts");
    assertEquals(3, accounts.size(), after.toPrettyString());
    assertEquals(stranger.toBech32(), accounts.get(0).path("address").asText());
    assertEquals("1000000", accounts.get(0).path("balance").asText());
    assertEquals(seedAddress().toBech32(), accounts.get(1).path("address").asText());
    assertEquals("1500000", accounts.get(1).path("balance").asText());
    assertEquals(third.toBech32(), accounts.get(2).path("address").asText());
    assertEquals("7", accounts.get(2).path("balance").asText());

    // Everything outside app_state.accounts is as it was.
    for (String field :
        List.of(
            "genesis_time",
            "chain_id",
            "initial_height",
            "consensus_params",
            "validators",
            "app_hash")) {
      assertEquals(before.path(field), after.path(field), field);
    }
    assertEquals(before.path("app_state").path("params"), after.path("app_state").path("params"));
    assertSuccess(runHome("genesis", "validate"));
  }

  @Test
  void genesisAddAccountErrors() throws Exception {
    writeGenesis(AppState.defaults());
    Address stranger = Ed25519PrivateKey.fromSeed(new byte[32]).publicKey().address();
    assertSuccess(runHome("genesis", "add-account", stranger.toBech32(), "5ulease"));
    assertFailure(
        runHome("genesis", "add-account", stranger.toBech32(), "6ulease"), "already in genesis");
    assertFailure(runHome("genesis", "add-account", "nobody", "6ulease"), "neither a lease1");
    assertFailure(runHome("genesis", "add-account", "lease1invalid", "6ulease"), "lease1invalid");
    assertFailure(
        runHome("genesis", "add-account", seedAddress().toBech32(), "12abc"),
        "amount 12abc has an unknown unit 'abc'");
    assertFailure(
        runHome("genesis", "add-account", seedAddress().toBech32(), "0.0000001lease"),
        "more than 6 decimals");
    assertFailure(
        runHome("genesis", "add-account", seedAddress().toBech32(), "9223372036854775808ulease"),
        "too large");
    assertFailure(runHome("genesis", "add-account", seedAddress().toBech32(), "6"), "needs a unit");
    // Failed commands left the file as the first one wrote it.
    JsonNode accounts =
        JSON.readTree(home.resolve("config").resolve("genesis.json").toFile())
            .path("app_state")
            .path("accounts");
    assertEquals(1, accounts.size());
    assertEquals("5", accounts.get(0).path("balance").asText());
  }

  @Test
  void genesisWithAnEmptyAppStateGetsDefaultsOnFirstEdit() throws Exception {
    Path file = writeGenesis(JSON.createObjectNode());
    assertSuccess(runHome("genesis", "add-account", seedAddress().toBech32(), "42ulease"));
    JsonNode appState = JSON.readTree(file.toFile()).path("app_state");
    assertEquals(AppState.defaults().path("params"), appState.path("params"));
    assertEquals("42", appState.path("accounts").get(0).path("balance").asText());
    Result validate = runHome("genesis", "validate");
    assertSuccess(validate);
    assertTrue(validate.out().contains("is valid"), validate.out());
  }

  @Test
  void genesisValidateNamesTheBrokenField() throws Exception {
    ObjectNode appState = AppState.defaults();
    appState
        .withArray("accounts")
        .addObject()
        .put("address", seedAddress().toBech32())
        .put("balance", "-5");
    writeGenesis(appState);
    assertFailure(runHome("genesis", "validate"), "app_state.accounts[0].balance");
  }

  // ---------------------------------------------------------------- tx (offline signing, amounts)

  @Test
  void offlineSendSignsExactlyWhatTheFlagsSay() throws Exception {
    writeGenesis(AppState.defaults());
    assertSuccess(runHome("keys", "add", "alice", "--seed", SEED_HEX));
    Address bob = Ed25519PrivateKey.fromSeed(new byte[32]).publicKey().address();

    Result signed =
        runHome(
            "tx",
            "bank",
            "send",
            "alice",
            bob.toBech32(),
            "2.5lease",
            "--offline",
            "--chain-id",
            "offline-chain",
            "--sequence",
            "3",
            "--fees",
            "500ulease",
            "--gas",
            "100000",
            "--memo",
            "rent",
            "--timeout-height",
            "99",
            "-o",
            "json");
    assertSuccess(signed);
    Tx tx = Tx.parseFrom(Hex.decode(signed.json().path("tx").asText()));
    TxBody body = TxBody.parseFrom(tx.getBody());
    AuthInfo authInfo = AuthInfo.parseFrom(tx.getAuthInfo());
    MsgSend send = body.getMessages(0).getSend();
    assertEquals(seedAddress().toBech32(), send.getFrom());
    assertEquals(bob.toBech32(), send.getTo());
    assertEquals(2_500_000, send.getAmount());
    assertEquals("rent", body.getMemo());
    assertEquals(99, body.getTimeoutHeight());
    assertEquals(500, authInfo.getFee().getAmount());
    assertEquals(100_000, authInfo.getFee().getGasLimit());
    assertEquals(3, authInfo.getSigners(0).getSequence());
    Ed25519PublicKey signer =
        Ed25519PublicKey.of(authInfo.getSigners(0).getPublicKey().toByteArray());
    assertEquals(seedAddress(), signer.address());
    assertTrue(
        signer.verify(
            SignDocs.bytes(tx.getBody(), tx.getAuthInfo(), "offline-chain"),
            tx.getSignatures(0).toByteArray()));
    assertFalse(
        signer.verify(
            SignDocs.bytes(tx.getBody(), tx.getAuthInfo(), "fixture-chain"),
            tx.getSignatures(0).toByteArray()));

    // Defaults: the chain id from genesis.json, the minimum fee for the default gas; the recipient
    // by key name.
    assertSuccess(runHome("keys", "add", "bob", "--seed", "02".repeat(32)));
    Result defaults =
        runHome(
            "tx",
            "bank",
            "send",
            "alice",
            "bob",
            "1000ulease",
            "--offline",
            "--sequence",
            "0",
            "-o",
            "json");
    assertSuccess(defaults);
    Tx tx2 = Tx.parseFrom(Hex.decode(defaults.json().path("tx").asText()));
    AuthInfo auth2 = AuthInfo.parseFrom(tx2.getAuthInfo());
    assertEquals(200_000, auth2.getFee().getGasLimit());
    assertEquals(Gas.minimumFee(TxParamsRules.DEFAULTS, 200_000), auth2.getFee().getAmount());
    Address bobKey = Ed25519PrivateKey.fromSeed(Hex.decode("02".repeat(32))).publicKey().address();
    assertEquals(
        bobKey.toBech32(), TxBody.parseFrom(tx2.getBody()).getMessages(0).getSend().getTo());
    assertTrue(
        signer.verify(
            SignDocs.bytes(tx2.getBody(), tx2.getAuthInfo(), "fixture-chain"),
            tx2.getSignatures(0).toByteArray()));

    Result text =
        runHome("tx", "bank", "send", "alice", "bob", "1000ulease", "--offline", "--sequence", "0");
    assertSuccess(text);
    assertTrue(text.out().startsWith("tx: "), text.out());
    assertArrayEquals(
        Hex.decode(defaults.json().path("tx").asText()),
        Hex.decode(text.out().trim().substring(4)),
        "Ed25519 signing is deterministic: same flags, same bytes");
  }

  @Test
  void offlineSendRefusesWhatItCannotSign() throws Exception {
    writeGenesis(AppState.defaults());
    assertSuccess(runHome("keys", "add", "alice", "--seed", SEED_HEX));
    String to = seedAddress().toBech32();
    assertFailure(runHome("tx", "bank", "send", "alice", to, "1ulease", "--offline"), "--sequence");
    assertFailure(
        runHome(
            "tx", "bank", "send", "alice", to, "1.0000001lease", "--offline", "--sequence", "0"),
        "more than 6 decimals");
    assertFailure(
        runHome("tx", "bank", "send", "alice", to, "-5lease", "--offline", "--sequence", "0"),
        "amount -5lease is negative");
    assertFailure(
        runHome(
            "tx",
            "bank",
            "send",
            "alice",
            to,
            "1ulease",
            "--fees",
            "1.5",
            "--offline",
            "--sequence",
            "0"),
        "Invalid value for option '--fees': amount 1.5 needs a unit");
    assertFailure(
        runHome("tx", "bank", "send", "nobody", to, "1ulease", "--offline", "--sequence", "0"),
        "no key named");
  }

  // ---------------------------------------------------------------- init (needs the cometbft
  // binary)

  @Test
  void initCreatesAHomeWithGenesisAppTomlAndConfig() throws Exception {
    Path binary =
        Path.of(System.getProperty("cometbft.bin", "../.tools/bin/cometbft")).toAbsolutePath();
    assumeTrue(Files.isExecutable(binary), "no cometbft binary at " + binary);
    Path node = home.resolve("node");
    Result init =
        run(
            "init",
            "--home",
            node.toString(),
            "--chain-id",
            "cli-chain",
            "--moniker",
            "cli-node",
            "--cometbft",
            binary.toString());
    assertSuccess(init);
    assertTrue(init.out().contains("cli-chain"), init.out());

    JsonNode genesis = JSON.readTree(node.resolve("config").resolve("genesis.json").toFile());
    assertEquals("cli-chain", genesis.path("chain_id").asText());
    assertEquals(AppState.defaults(), genesis.path("app_state"));
    assertEquals(1, genesis.path("validators").size(), "cometbft's own validator is kept");
    assertEquals(AppConfig.defaults(), AppConfig.read(node));
    JsonNode config =
        new TomlMapper().readTree(node.resolve("config").resolve("config.toml").toFile());
    assertEquals("cli-node", config.path("moniker").asText());
    assertEquals(AppConfig.DEFAULT_ABCI_ADDRESS, config.path("proxy_app").asText());
    JsonNode instrumentation = config.path("instrumentation");
    assertTrue(instrumentation.path("prometheus").asBoolean(), "CometBFT metrics are on");
    assertEquals("127.0.0.1:26660", instrumentation.path("prometheus_listen_addr").asText());

    assertFailure(
        run(
            "init",
            "--home",
            node.toString(),
            "--chain-id",
            "again",
            "--cometbft",
            binary.toString()),
        "--overwrite");
    assertEquals(
        "cli-chain",
        JSON.readTree(node.resolve("config").resolve("genesis.json").toFile())
            .path("chain_id")
            .asText());
  }

  @Test
  void initRefusesAChainIdCometBftRefusesAndKeepsTheGenesis() throws Exception {
    Path binary =
        Path.of(System.getProperty("cometbft.bin", "../.tools/bin/cometbft")).toAbsolutePath();
    assumeTrue(Files.isExecutable(binary), "no cometbft binary at " + binary);
    Path node = home.resolve("node");
    assertSuccess(
        run("init", "--home", node.toString(), "--chain-id", "kept", "--cometbft", "" + binary));

    // CometBFT starts no node whose chain id is over 50 bytes: refused before anything changes.
    assertFailure(
        run(
            "init",
            "--home",
            node.toString(),
            "--overwrite",
            "--chain-id",
            "x".repeat(51),
            "--cometbft",
            binary.toString()),
        "at most 50 bytes");
    assertEquals(
        "kept",
        JSON.readTree(node.resolve("config").resolve("genesis.json").toFile())
            .path("chain_id")
            .asText());
  }

  @Test
  void testnetInitPrintsCommandsThatWorkForAFolderWithASpace() throws Exception {
    Path binary =
        Path.of(System.getProperty("cometbft.bin", "../.tools/bin/cometbft")).toAbsolutePath();
    assumeTrue(Files.isExecutable(binary), "no cometbft binary at " + binary);
    Path dir = home.resolve("my net").toAbsolutePath();
    Result init =
        run(
            "testnet",
            "init",
            "--validators",
            "1",
            "--output",
            dir.toString(),
            "--chain-id",
            "spaces",
            "--base-port",
            "27900",
            "--cometbft",
            binary.toString());
    assertSuccess(init);
    // The operator pastes these lines into a shell.
    assertTrue(init.out().contains("testnet start '" + dir + "'"), init.out());
    assertTrue(init.out().contains("--home '" + dir + "' --keyring-backend test"), init.out());
  }

  @Test
  void initFromAPeerNeverPrintsTheTokenInItsUrl() throws Exception {
    HttpServer peer =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    peer.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          byte[] body =
              "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"genesis\":{\"chain_id\":\"c\"}}}"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    peer.start();
    try {
      // A hosted RPC's API key rides in the URL; the joiner's terminal and CI logs must not show
      // it.
      String url =
          "http://user:pw-SECRET@127.0.0.1:" + peer.getAddress().getPort() + "/?apikey=SECRET";
      Result init =
          run(
              "init",
              "--home",
              home.resolve("joiner").toString(),
              "--chain-id",
              "c",
              "--genesis-from",
              url,
              "--genesis-sha256",
              "0".repeat(64));
      assertFailure(init, "refused, nothing written");
      assertFalse((init.out() + init.err()).contains("SECRET"), init.err());
    } finally {
      peer.stop(0);
    }
  }

  // A node (or whoever sits between it and the user on http://) chooses the error text it sends.
  @Test
  void errorLinesCarryNoTerminalControls() {
    String message =
        UserErrors.message(
            new CometRpcException(
                URI.create("http://127.0.0.1:26657"),
                "broadcast_tx_sync",
                -32603,
                "Internal error",
                "boom \u001b]0;pwned\u0007\u001b[1A\u009b2K\rOK",
                500));
    assertEquals(
        "the node refused the request: boom \\u001b]0;pwned\\u0007\\u001b[1A\\u009b2K; OK",
        message);
  }

  // Errors go to terminals, CI logs and bug reports: the password or API key a --node URL carries
  // must not go with them.
  @Test
  void nodeErrorsDoNotRepeatTheCredentialsInTheUrl() {
    for (String url :
        List.of("http://alice:s3cret@127.0.0.1:1", "http://127.0.0.1:1/rpc?apikey=s3cret")) {
      Result result = runHome("query", "account", seedAddress().toBech32(), "--node", url);
      assertFailure(result, "node at http://127.0.0.1:1");
      assertFalse(result.err().contains("s3cret"), result.err());
    }
  }
}
