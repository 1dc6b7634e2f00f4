package io.leasechain.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.node.abci.AbciAddress;
import io.leasechain.node.abci.AbciServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** app.toml: what {@link AppConfig#write} writes, {@link AppConfig#read} reads back. */
class AppConfigTest {

  @TempDir Path home;

  @Test
  void writeThenReadRoundTrips() throws Exception {
    AppConfig config = new AppConfig("tcp://127.0.0.1:36658", "/opt/leasechain/bin/cometbft", true);
    config.write(home);
    assertTrue(Files.exists(home.resolve("config").resolve("app.toml")));
    assertEquals(AppConfig.file(home), home.resolve("config").resolve("app.toml"));
    assertEquals(config, AppConfig.read(home));
    assertEquals(AbciAddress.tcp("127.0.0.1", 36658), AppConfig.read(home).abci());

    AppConfig defaults = AppConfig.defaults();
    defaults.write(home); // overwrites
    assertEquals(defaults, AppConfig.read(home));
    assertEquals(26658, defaults.abci().port());
    assertEquals(AbciServer.DEFAULT_MAX_FRAME_BYTES, defaults.maxFrameBytes());
    assertEquals(AbciServer.DEFAULT_MAX_CONNECTIONS, defaults.maxConnections());

    AppConfig unix =
        new AppConfig(
            "unix:///run/leasechain/app.sock",
            "",
            false,
            1 << 20,
            7,
            "tcp://127.0.0.1:41317",
            "127.0.0.1:49464",
            new AppConfig.StateConfig(0, 50, 3, 17, 33, 9));
    unix.write(home);
    assertEquals(unix, AppConfig.read(home));
    assertEquals(AbciAddress.unix(Path.of("/run/leasechain/app.sock")), unix.abci());
    assertTrue(Files.readString(AppConfig.file(home)).contains("# "), "the file explains itself");
  }

  @Test
  void aMissingFileOrMissingKeysMeanDefaults() throws Exception {
    assertEquals(AppConfig.defaults(), AppConfig.read(home));
    Files.createDirectories(AppConfig.file(home).getParent());
    Files.writeString(AppConfig.file(home), "[invariants]\ncheck_every_block = true\n");
    AppConfig partial = AppConfig.read(home);
    assertEquals(new AppConfig(AppConfig.DEFAULT_ABCI_ADDRESS, "", true), partial);
  }

  @Test
  void tooFewAbciConnectionsOrNoFrameBytesAreRefusedNamingTheKey() throws Exception {
    Files.createDirectories(AppConfig.file(home).getParent());
    // CometBFT opens 4 connections: under a cap of 3 it could never start.
    for (String setting :
        new String[] {
          "max_connections = 3",
          "max_connections = 0",
          "max_connections = -4",
          "max_frame_bytes = 0"
        }) {
      Files.writeString(AppConfig.file(home), "[abci]\n" + setting + "\n");
      IllegalArgumentException error =
          assertThrows(IllegalArgumentException.class, () -> AppConfig.read(home), setting);
      String key = setting.substring(0, setting.indexOf(' '));
      String value = setting.substring(setting.lastIndexOf(' ') + 1);
      assertTrue(error.getMessage().contains("[abci]: " + key), error.getMessage());
      assertTrue(error.getMessage().contains(value), error.getMessage());
    }
  }

  @Test
  void aNumberThatIsNotAnIntegerOfItsSizeIsRefusedRatherThanRounded() throws Exception {
    Files.createDirectories(AppConfig.file(home).getParent());
    String[][] keys = {
      {"abci", "max_connections"},
      {"abci", "max_frame_bytes"},
      {"state", "snapshot_keep_recent"},
      {"state", "tree_cache_mb"},
      {"state", "block_cache_mb"},
      {"state", "state_cache_mb"},
      {"state", "keep_recent"},
      {"state", "snapshot_interval"}
    };
    for (String[] key : keys) {
      boolean isLong = key[0].equals("state") && key[1].matches("keep_recent|snapshot_interval");
      // Read leniently these became the default, 1, 16, 16 and 16 (4294967312 is 2^32 + 16;
      // 18446744073709551632 is 2^64 + 16, too big for a long).
      String tooBig = isLong ? "18446744073709551632" : "4294967312";
      for (String value : new String[] {"\"sixteen\"", "true", "1.9", "16.0", tooBig}) {
        Files.writeString(
            AppConfig.file(home), "[" + key[0] + "]\n" + key[1] + " = " + value + "\n");
        String setting = "[" + key[0] + "] " + key[1] + " = " + value;
        IllegalArgumentException error =
            assertThrows(IllegalArgumentException.class, () -> AppConfig.read(home), setting);
        assertTrue(error.getMessage().contains("[" + key[0] + "]: " + key[1]), error.getMessage());
        // 16.0 is shown as the parser holds it, 16, with its type beside it.
        assertTrue(error.getMessage().contains(value.replace(".0", "")), error.getMessage());
      }
    }
  }

  @Test
  void aTreeCacheBeyondWhatItsSlabsAddressIsRefused() throws Exception {
    Files.createDirectories(AppConfig.file(home).getParent());
    Files.writeString(AppConfig.file(home), "[state]\ntree_cache_mb = 5462\n");
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> AppConfig.read(home));
    assertTrue(
        error.getMessage().contains("tree_cache_mb must be at most 5461"), error.getMessage());
    Files.writeString(AppConfig.file(home), "[state]\ntree_cache_mb = 5461\n");
    assertEquals(5461, AppConfig.read(home).state().treeCacheMb());
  }

  @Test
  void aSwitchThatIsNotTrueOrFalseIsRefusedRatherThanReadAsFalse() throws Exception {
    Files.createDirectories(AppConfig.file(home).getParent());
    for (String value : new String[] {"\"yes\"", "1", "\"true\""}) {
      Files.writeString(AppConfig.file(home), "[invariants]\ncheck_every_block = " + value + "\n");
      IllegalArgumentException error =
          assertThrows(IllegalArgumentException.class, () -> AppConfig.read(home), value);
      assertTrue(
          error.getMessage().contains("[invariants]: check_every_block must be true or false"),
          error.getMessage());
    }
    Files.writeString(AppConfig.file(home), "[invariants]\ncheck_every_block = true\n");
    assertTrue(AppConfig.read(home).checkInvariants());
  }

  @Test
  void anAbciAddressThatIsNeitherTcpHostPortNorUnixPathIsRefusedClearly() {
    for (String address :
        new String[] {"unix://", "127.0.0.1:26658", "tcp://127.0.0.1", "tcp://127.0.0.1:1/x"}) {
      AppConfig config = new AppConfig(address, "", false);
      IllegalArgumentException error =
          assertThrows(IllegalArgumentException.class, config::abci, address);
      assertTrue(error.getMessage().contains(address), error.getMessage());
    }
  }

  @Test
  void pathsWithQuotesOrBackslashesRoundTrip() throws Exception {
    // A Windows-style path or one with a quote must survive write/read (TOML basic strings need
    // escaping).
    AppConfig config =
        new AppConfig("tcp://127.0.0.1:26658", "C:\\tools\\cometbft \"v0.38\".exe", false);
    config.write(home);
    assertEquals(config, AppConfig.read(home));
  }
}
