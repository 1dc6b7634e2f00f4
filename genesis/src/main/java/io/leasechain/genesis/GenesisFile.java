package io.leasechain.genesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** CometBFT's genesis.json on disk, read and rewritten with its other fields left as they are. */
public final class GenesisFile {

  /** CometBFT's limit on a chain id (MaxChainIDLen), in bytes. */
  public static final int MAX_CHAIN_ID_BYTES = 50;

  private final Path path;
  private final ObjectNode root;

  private GenesisFile(Path path, ObjectNode root) {
    this.path = path;
    this.root = root;
  }

  public static GenesisFile read(Path path) throws IOException, GenesisException {
    JsonNode root = AppState.JSON.readTree(path.toFile());
    if (!(root instanceof ObjectNode)) {
      throw new GenesisException(List.of(path + ": not a JSON object"));
    }
    return new GenesisFile(path, (ObjectNode) root);
  }

  public String chainId() {
    return root.path("chain_id").asText();
  }

  /** Sets the chain id, checked by {@link #checkChainId}. */
  public void setChainId(String chainId) {
    checkChainId(chainId);
    root.put("chain_id", chainId);
  }

  /**
   * Refuses a chain id CometBFT would refuse (empty or over {@value #MAX_CHAIN_ID_BYTES} bytes of
   * UTF-8) before anything is written, rather than when the node starts.
   */
  public static void checkChainId(String chainId) {
    int bytes = chainId.getBytes(StandardCharsets.UTF_8).length;
    if (bytes == 0 || bytes > MAX_CHAIN_ID_BYTES) {
      throw new IllegalArgumentException(
          "chain id '"
              + chainId
              + "' must be non-empty and at most "
              + MAX_CHAIN_ID_BYTES
              + " bytes (CometBFT's limit)");
    }
  }

  /**
   * Writes CometBFT's initial_height 0 ("the default") as the 1 it means, as a node's /genesis
   * serves it, so that this file and the served document have one {@link #sha256()}.
   */
  public void completeInitialHeight() {
    if (root.path("initial_height").asText("0").equals("0")) {
      root.put("initial_height", "1");
    }
  }

  public void setAppState(ObjectNode appState) {
    root.set("app_state", appState);
  }

  /** The app_state object, created with defaults if the file has none yet. */
  public ObjectNode appState() {
    JsonNode appState = root.get("app_state");
    if (!(appState instanceof ObjectNode) || appState.isEmpty()) {
      ObjectNode defaults = AppState.defaults();
      root.set("app_state", defaults);
      return defaults;
    }
    return (ObjectNode) appState;
  }

  /** Replaces CometBFT's genesis validator set (which InitChain hands to the application). */
  public void setValidators(List<GenesisValidator> validators) {
    ArrayNode entries = root.putArray("validators");
    for (GenesisValidator validator : validators) {
      ObjectNode entry = entries.addObject();
      entry.put(
          "address", HexFormat.of().withUpperCase().formatHex(validator.key().address().bytes()));
      entry
          .putObject("pub_key")
          .put("type", "tendermint/PubKeyEd25519")
          .put("value", Base64.getEncoder().encodeToString(validator.key().bytes()));
      entry.put("power", Long.toString(validator.power()));
      entry.put("name", validator.name());
    }
  }

  /** The SHA-256 the network publishes for this genesis ({@link GenesisDigest}). */
  public String sha256() {
    return GenesisDigest.sha256(root);
  }

  public void write() throws IOException {
    Path temp = path.resolveSibling(path.getFileName() + ".tmp");
    AppState.JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), root);
    Files.move(
        temp,
        path,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
