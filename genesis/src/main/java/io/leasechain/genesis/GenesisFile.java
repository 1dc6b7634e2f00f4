package io.leasechain.genesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** CometBFT's genesis.json on disk, read and rewritten with its other fields left as they are. */
public final class GenesisFile {

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

  public void setChainId(String chainId) {
    root.put("chain_id", chainId);
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
