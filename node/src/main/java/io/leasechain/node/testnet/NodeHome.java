package io.leasechain.node.testnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.genesis.AppState;
import io.leasechain.genesis.GenesisException;
import io.leasechain.genesis.GenesisFile;
import io.leasechain.node.config.AppConfig;
import io.leasechain.node.config.CometConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A node home made by `leasechain init`, adjusted to share one machine with other nodes: every port
 * on loopback, peers allowed on the same IP, and the keys read back for genesis and peer lists.
 */
public final class NodeHome {

  private static final ObjectMapper JSON = new ObjectMapper();

  private NodeHome() {}

  /**
   * Creates a node home as `leasechain init` does: CometBFT's config and keys (by running {@code
   * cometbft init}), a genesis with {@code chainId} and a default app_state, and app.toml.
   */
  public static void init(Path home, String chainId, String moniker, Path cometbft)
      throws IOException, InterruptedException {
    run(List.of(cometbft.toString(), "init", "--home", home.toString()));
    Path genesisFile = home.resolve("config").resolve("genesis.json");
    try {
      GenesisFile genesis = GenesisFile.read(genesisFile);
      genesis.setChainId(chainId);
      genesis.completeInitialHeight();
      genesis.setAppState(AppState.defaults());
      genesis.write();
    } catch (GenesisException e) {
      throw new IllegalStateException(genesisFile + " written by cometbft init: " + e.getMessage());
    }
    AppConfig app = AppConfig.defaults();
    app.write(home);
    CometConfig.read(configToml(home))
        .setString("", "moniker", moniker)
        .setString("", "proxy_app", app.abciAddress())
        // CometBFT's own metrics (height, peers, mempool) on loopback: docs/operating.md.
        .setBoolean("instrumentation", "prometheus", true)
        .setString("instrumentation", "prometheus_listen_addr", "127.0.0.1:26660")
        .write();
  }

  /**
   * Points every listener of {@code home} at its port in {@code ports} on 127.0.0.1, writes
   * app.toml (with {@code cometbft} as the binary `leasechain start` runs) and makes blocks every
   * {@code blockTime}. Peer exchange is off: the peers are the persistent ones the caller sets.
   */
  public static void configure(
      Path home, NodePorts ports, String cometbft, Duration blockTime, boolean checkInvariants)
      throws IOException {
    new AppConfig("tcp://127.0.0.1:" + ports.abci(), cometbft, checkInvariants)
        .withGatewayAddress("tcp://127.0.0.1:" + ports.gateway())
        .withMetricsAddress("127.0.0.1:" + ports.metrics())
        .write(home);
    CometConfig.read(configToml(home))
        .setString("", "proxy_app", "tcp://127.0.0.1:" + ports.abci())
        .setString("rpc", "laddr", "tcp://127.0.0.1:" + ports.rpc())
        .setString("p2p", "laddr", "tcp://127.0.0.1:" + ports.p2p())
        .setString("instrumentation", "prometheus_listen_addr", "127.0.0.1:" + ports.cometMetrics())
        .setBoolean("p2p", "addr_book_strict", false)
        .setBoolean("p2p", "allow_duplicate_ip", true)
        .setBoolean("p2p", "pex", false)
        .setString("consensus", "timeout_commit", blockTime.toMillis() + "ms")
        .setString("consensus", "timeout_propose", "1s")
        .write();
  }

  /** Sets CometBFT's persistent_peers (each {@code id@host:port}); read at the next start. */
  public static void setPersistentPeers(Path home, List<String> peers) throws IOException {
    CometConfig.read(configToml(home))
        .setString("p2p", "persistent_peers", String.join(",", peers))
        .write();
  }

  /** The node's consensus public key, from priv_validator_key.json. */
  public static Ed25519PublicKey consensusKey(Path home) throws IOException {
    JsonNode key =
        JSON.readTree(home.resolve("config").resolve("priv_validator_key.json").toFile());
    return Ed25519PublicKey.of(
        Base64.getDecoder().decode(key.path("pub_key").path("value").asText()));
  }

  /**
   * The node's p2p id, as `cometbft show-node-id` prints it: the hex address of the public half of
   * node_key.json's Ed25519 key (an Ed25519 private key there is seed || public key).
   */
  public static String nodeId(Path home) throws IOException {
    JsonNode key = JSON.readTree(home.resolve("config").resolve("node_key.json").toFile());
    byte[] privateKey = Base64.getDecoder().decode(key.path("priv_key").path("value").asText());
    if (privateKey.length != 64) {
      throw new IllegalArgumentException(
          home.resolve("config").resolve("node_key.json") + ": not an Ed25519 node key");
    }
    Ed25519PublicKey publicKey = Ed25519PublicKey.of(Arrays.copyOfRange(privateKey, 32, 64));
    return HexFormat.of().formatHex(publicKey.address().bytes());
  }

  /** {@code id@127.0.0.1:port}, this node as an entry of another's persistent_peers. */
  public static String peerAddress(Path home, NodePorts ports) throws IOException {
    return nodeId(home) + "@127.0.0.1:" + ports.p2p();
  }

  /** Runs a short helper program and fails with its output if it fails. */
  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    if (exit != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed (exit " + exit + "):\n" + output);
    }
  }

  private static Path configToml(Path home) {
    return home.resolve("config").resolve("config.toml");
  }
}
