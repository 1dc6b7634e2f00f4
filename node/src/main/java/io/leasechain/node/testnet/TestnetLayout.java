package io.leasechain.node.testnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What `testnet init` made under DIR, recorded in DIR/testnet.json so that start, stop and status
 * find every node: validators are node0..node(N-1), full nodes follow.
 */
public record TestnetLayout(Path dir, String chainId, int basePort, int validators, int fullNodes) {

  /** The manifest's name in DIR. */
  public static final String MANIFEST = "testnet.json";

  /** One node of the testnet: its home DIR/NAME, its ports and whether genesis made it validate. */
  public record Node(String name, Path home, NodePorts ports, boolean validator) {}

  public TestnetLayout {
    if (validators < 1 || fullNodes < 0) {
      throw new IllegalArgumentException("a testnet needs --validators >= 1 and --full-nodes >= 0");
    }
    NodePorts.at(basePort, validators + fullNodes - 1);
  }

  public List<Node> nodes() {
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < validators + fullNodes; i++) {
      String name = "node" + i;
      nodes.add(new Node(name, dir.resolve(name), NodePorts.at(basePort, i), i < validators));
    }
    return nodes;
  }

  void write() throws IOException {
    ObjectNode json = new ObjectMapper().createObjectNode();
    json.put("chain_id", chainId);
    json.put("base_port", basePort);
    json.put("validators", validators);
    json.put("full_nodes", fullNodes);
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(manifest(dir).toFile(), json);
  }

  /** Reads DIR's manifest; a folder `testnet init` did not make is refused by name. */
  public static TestnetLayout read(Path dir) throws IOException {
    Path manifest = manifest(dir);
    if (!Files.isRegularFile(manifest)) {
      throw new IllegalArgumentException(
          dir
              + " is not a testnet folder (no "
              + MANIFEST
              + "; make one with `leasechain testnet"
              + " init`)");
    }
    JsonNode json = new ObjectMapper().readTree(manifest.toFile());
    return new TestnetLayout(
        dir,
        json.path("chain_id").asText(),
        json.path("base_port").asInt(),
        json.path("validators").asInt(),
        json.path("full_nodes").asInt());
  }

  private static Path manifest(Path dir) {
    return dir.resolve(MANIFEST);
  }
}
