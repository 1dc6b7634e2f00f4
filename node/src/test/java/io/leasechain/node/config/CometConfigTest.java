package io.leasechain.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CometConfig} edits CometBFT's config.toml in place: on the file a real {@code cometbft
 * init} writes when the project's binary is there, otherwise on a fixture with the same shape.
 */
class CometConfigTest {

  /**
   * A trimmed CometBFT v0.38 config.toml: the same key in several sections, comments everywhere.
   */
  private static final String FIXTURE =
      """
      # This is a TOML config file.
      # For more information, see https://github.com/toml-lang/toml

      # NOTE: Any path below can be absolute (e.g. "/var/myawesomeapp/data") or
      # relative to the home directory (e.g. "data").
      version = "0.38.25"

      # TCP or UNIX socket address of the ABCI application,
      # or the name of an ABCI application compiled in with the CometBFT binary
      proxy_app = "tcp://127.0.0.1:26658"

      # A custom human readable name for this node
      moniker = "fixture"

      #######################################################
      ###       RPC Server Configuration Options          ###
      #######################################################
      [rpc]

      # TCP or UNIX socket address for the RPC server to listen on
      laddr = "tcp://127.0.0.1:26657"

      # laddr = "this commented-out line is not a key"
      max_body_bytes = 1000000

      #######################################################
      ###           P2P Configuration Options             ###
      #######################################################
      [p2p]

      # Address to listen for incoming connections
      laddr = "tcp://0.0.0.0:26656"

      # Set true for strict address routability rules
      addr_book_strict = true

      pex = true
      allow_duplicate_ip = false
      persistent_peers = ""

      [mempool]
      size = 5000

      [consensus]
      # How long we wait after committing a block, before starting on the new
      # height (this gives us a chance to receive some more precommits, even
      # though we already have +2/3).
      timeout_commit = "1s"
      timeout_propose = "3s"

      [instrumentation]
      prometheus = false
      """;

  @TempDir Path dir;

  private Path fixture() throws IOException {
    Path file = dir.resolve("fixture").resolve("config.toml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, FIXTURE, StandardCharsets.UTF_8);
    return file;
  }

  /** config.toml from `cometbft init` if the binary is available, otherwise the fixture. */
  private Path cometbftConfigOrFixture() throws Exception {
    Path binary =
        Path.of(System.getProperty("cometbft.bin", "../.tools/bin/cometbft")).toAbsolutePath();
    if (!Files.isExecutable(binary)) {
      return fixture();
    }
    Path home = dir.resolve("cometbft-home");
    Process init =
        new ProcessBuilder(binary.toString(), "init", "--home", home.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("init.log").toFile())
            .start();
    assertTrue(init.waitFor(60, TimeUnit.SECONDS), "cometbft init timed out");
    assertEquals(
        0, init.exitValue(), () -> "cometbft init failed: " + read(dir.resolve("init.log")));
    return home.resolve("config").resolve("config.toml");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static JsonNode parse(Path file) throws IOException {
    return new TomlMapper().readTree(file.toFile());
  }

  private static List<String> commentLines(List<String> lines) {
    List<String> comments = new ArrayList<>();
    for (String line : lines) {
      if (line.trim().startsWith("#") || line.isBlank() || line.trim().startsWith("[")) {
        comments.add(line);
      }
    }
    return comments;
  }

  @Test
  void setsKeysInTheirOwnSectionAndKeepsEverythingElse() throws Exception {
    Path file = cometbftConfigOrFixture();
    List<String> before = Files.readAllLines(file);
    JsonNode original = parse(file);

    CometConfig.read(file)
        .setString("", "proxy_app", "tcp://127.0.0.1:31001")
        .setString("", "moniker", "validator-7")
        .setString("rpc", "laddr", "tcp://127.0.0.1:31002")
        .setString("p2p", "laddr", "tcp://127.0.0.1:31003")
        .setBoolean("p2p", "pex", false)
        .setBoolean("p2p", "allow_duplicate_ip", true)
        .setString("consensus", "timeout_commit", "200ms")
        .setRaw("mempool", "size", "77")
        .write();

    List<String> after = Files.readAllLines(file);
    assertEquals(before.size(), after.size(), "edits are in place: no line added or removed");
    assertEquals(
        commentLines(before), commentLines(after), "comments, blank lines and headers are kept");
    int changed = 0;
    for (int i = 0; i < before.size(); i++) {
      if (!before.get(i).equals(after.get(i))) {
        changed++;
      }
    }
    assertTrue(changed <= 8, "only the set keys' lines change, got " + changed);

    JsonNode toml = parse(file);
    assertEquals("tcp://127.0.0.1:31001", toml.path("proxy_app").asText());
    assertEquals("validator-7", toml.path("moniker").asText());
    assertEquals("tcp://127.0.0.1:31002", toml.path("rpc").path("laddr").asText());
    assertEquals("tcp://127.0.0.1:31003", toml.path("p2p").path("laddr").asText());
    assertFalse(toml.path("p2p").path("pex").asBoolean(true));
    assertTrue(toml.path("p2p").path("allow_duplicate_ip").asBoolean(false));
    assertEquals("200ms", toml.path("consensus").path("timeout_commit").asText());
    assertEquals(77, toml.path("mempool").path("size").asInt());
    // Untouched keys keep their values, including same-named keys in other sections.
    assertEquals(
        original.path("consensus").path("timeout_propose"),
        toml.path("consensus").path("timeout_propose"));
    assertEquals(
        original.path("rpc").path("max_body_bytes"), toml.path("rpc").path("max_body_bytes"));
    assertEquals(
        original.path("p2p").path("persistent_peers"), toml.path("p2p").path("persistent_peers"));
    assertEquals(original.path("version"), toml.path("version"));
  }

  @Test
  void unknownKeysAndKeysOfAnotherSectionAreErrorsAndNothingIsWritten() throws Exception {
    Path file = cometbftConfigOrFixture();
    String before = Files.readString(file);
    CometConfig config = CometConfig.read(file);

    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class, () -> config.setString("rpc", "no_such_key", "x"));
    assertTrue(unknown.getMessage().contains("no_such_key"), unknown.getMessage());
    assertTrue(unknown.getMessage().contains("[rpc]"), unknown.getMessage());
    // pex exists, but in [p2p], not in [rpc]; timeout_commit is not top-level.
    assertThrows(IllegalArgumentException.class, () -> config.setBoolean("rpc", "pex", false));
    assertThrows(
        IllegalArgumentException.class, () -> config.setString("", "timeout_commit", "1s"));
    assertThrows(
        IllegalArgumentException.class, () -> config.setString("no_such_section", "laddr", "x"));
    // A key name that is a prefix of a real one is not that key.
    assertThrows(IllegalArgumentException.class, () -> config.setString("rpc", "ladd", "x"));
    assertEquals(before, Files.readString(file), "failed edits never reach the file");
  }

  @Test
  void commentedOutKeysAreNotEdited() throws Exception {
    Path file = fixture();
    CometConfig.read(file).setString("rpc", "laddr", "tcp://127.0.0.1:1").write();
    String text = Files.readString(file);
    assertTrue(text.contains("# laddr = \"this commented-out line is not a key\""), text);
    assertTrue(text.contains("\nladdr = \"tcp://127.0.0.1:1\"\n"), text);
    assertTrue(text.contains("laddr = \"tcp://0.0.0.0:26656\""), "[p2p] laddr untouched");
  }

  @Test
  void theLastSetOfAKeyWinsAndIndentationIsKept() throws Exception {
    Path file = dir.resolve("indented.toml");
    Files.writeString(file, "[consensus]\n  timeout_commit   =   \"1s\"  # trailing\n");
    CometConfig.read(file)
        .setString("consensus", "timeout_commit", "5s")
        .setString("consensus", "timeout_commit", "300ms")
        .write();
    List<String> lines = Files.readAllLines(file);
    assertEquals(2, lines.size());
    assertEquals("[consensus]", lines.get(0));
    assertTrue(lines.get(1).startsWith("  timeout_commit   =   \"300ms\""), lines.get(1));
    assertEquals("300ms", parse(file).path("consensus").path("timeout_commit").asText());
  }

  @Test
  void stringValuesWithQuotesAndBackslashesRoundTrip() throws Exception {
    Path file = fixture();
    String tricky = "node \"seven\" at C:\\chains\\lease";
    CometConfig.read(file).setString("", "moniker", tricky).write();
    assertEquals(tricky, parse(file).path("moniker").asText());
  }

  @Test
  void stringValuesWithControlCharactersStayValidToml() throws Exception {
    // A moniker typed with a tab or pasted with a newline must not break (or inject into) the file.
    Path file = fixture();
    String value = "first line\nproxy_app = \"tcp://10.0.0.1:1\"\tx";
    CometConfig.read(file).setString("", "moniker", value).write();
    JsonNode toml = parse(file);
    assertEquals(value, toml.path("moniker").asText());
    assertEquals("tcp://127.0.0.1:26658", toml.path("proxy_app").asText());
  }
}
