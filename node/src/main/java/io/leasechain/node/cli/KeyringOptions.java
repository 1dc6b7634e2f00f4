package io.leasechain.node.cli;

import io.leasechain.client.keys.FileKeyring;
import io.leasechain.client.keys.Keyring;
import io.leasechain.client.keys.TestKeyring;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Which keyring backend a command opens and where its passphrase comes from. A mixin of {@link
 * HomeOptions}, so every command that can resolve a key name takes these options.
 */
final class KeyringOptions {

  static final String BACKEND_ENVIRONMENT = "LEASECHAIN_KEYRING_BACKEND";

  @Option(
      names = "--keyring-backend",
      paramLabel = "file|test",
      description =
          "Keyring backend: file (encrypted, the default) or test (unencrypted, for devnets);"
              + " default $"
              + BACKEND_ENVIRONMENT
              + " or file")
  String backend;

  @Option(
      names = "--passphrase-file",
      paramLabel = "FILE",
      description = "Read the keyring passphrase from the first line of FILE, not the terminal")
  Path passphraseFile;

  // One keyring per command run, so a passphrase is asked at most once however often keys are read.
  private Keyring opened;

  Keyring open(HomeOptions home) {
    if (opened == null) {
      opened = openBackend(home);
    }
    return opened;
  }

  /** The backend named by the option, else by the environment variable, else "file". */
  static String backendName(String option, String environment) {
    if (option != null) {
      return option;
    }
    return environment == null || environment.isBlank() ? "file" : environment.strip();
  }

  private Keyring openBackend(HomeOptions home) {
    String chosen = backendName(backend, System.getenv(BACKEND_ENVIRONMENT));
    return switch (chosen) {
      case "file" -> new FileKeyring(home.home(), Passphrases.keyring(passphraseFile));
      case "test" -> new TestKeyring(home.home());
      default ->
          throw new IllegalArgumentException(
              "--keyring-backend must be file or test, not '" + chosen + "'");
    };
  }
}
