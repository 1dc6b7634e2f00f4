package io.leasechain.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The node's own settings, {@code <home>/config/app.toml}, beside CometBFT's config.toml. */
public record AppConfig(String abciAddress, String cometbftBinary, boolean checkInvariants) {

  public static final String DEFAULT_ABCI_ADDRESS = "tcp://127.0.0.1:26658";

  public static AppConfig defaults() {
    return new AppConfig(DEFAULT_ABCI_ADDRESS, "", false);
  }

  public static Path file(Path home) {
    return home.resolve("config").resolve("app.toml");
  }

  public static AppConfig read(Path home) throws IOException {
    Path file = file(home);
    if (!Files.exists(file)) {
      return defaults();
    }
    JsonNode root = new TomlMapper().readTree(file.toFile());
    return new AppConfig(
        root.path("abci").path("address").asText(DEFAULT_ABCI_ADDRESS),
        root.path("cometbft").path("binary").asText(""),
        root.path("invariants").path("check_every_block").asBoolean(false));
  }

  public void write(Path home) throws IOException {
    String toml =
        "# leasechain application settings (CometBFT's own are in config.toml)\n\n"
            + "[abci]\n"
            + "# Where the ABCI server listens for CometBFT; keep it on loopback unless CometBFT runs elsewhere.\n"
            + "address = "
            + TomlStrings.quote(abciAddress)
            + "\n\n"
            + "[cometbft]\n"
            + "# The cometbft binary `leasechain start` runs; empty means $LEASECHAIN_COMETBFT, then the project's\n"
            + "# .tools/bin/cometbft, then cometbft on PATH.\n"
            + "binary = "
            + TomlStrings.quote(cometbftBinary)
            + "\n\n"
            + "[invariants]\n"
            + "# Check every ledger invariant after each Commit and halt the node if one breaks. Costs a\n"
            + "# full state scan per block: for tests and audits, not for production validators.\n"
            + "check_every_block = "
            + checkInvariants
            + "\n";
    Files.createDirectories(file(home).getParent());
    Files.writeString(file(home), toml, StandardCharsets.UTF_8);
  }

  /** The ABCI listen host; only tcp:// addresses are supported. */
  public String abciHost() {
    return abciUri().getHost();
  }

  public int abciPort() {
    return abciUri().getPort();
  }

  private URI abciUri() {
    URI uri = URI.create(abciAddress);
    if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
      throw new IllegalArgumentException(
          "abci.address '" + abciAddress + "': expected tcp://HOST:PORT");
    }
    return uri;
  }
}
