package io.leasechain.node.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The --home option every command shares; defaults to $LEASECHAIN_HOME, then ~/.leasechain. */
final class HomeOptions {

  @Option(
      names = "--home",
      description = "Node home folder (default: $LEASECHAIN_HOME or ~/.leasechain)")
  Path home;

  // The keyring lives in the home, and any command given a home may resolve a key name.
  @Mixin KeyringOptions keyring;

  Path home() {
    if (home != null) {
      return home.toAbsolutePath();
    }
    String fromEnvironment = System.getenv("LEASECHAIN_HOME");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return Path.of(fromEnvironment).toAbsolutePath();
    }
    return Path.of(System.getProperty("user.home"), ".leasechain");
  }

  Path genesisFile() {
    return home().resolve("config").resolve("genesis.json");
  }
}
