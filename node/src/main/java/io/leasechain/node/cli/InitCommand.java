package io.leasechain.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.genesis.AppState;
import io.leasechain.genesis.GenesisDigest;
import io.leasechain.genesis.GenesisFile;
import io.leasechain.node.config.CometBinary;
import io.leasechain.node.config.CometConfig;
import io.leasechain.node.testnet.NodeHome;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `leasechain init`: creates a node home with CometBFT's config and keys and our app_state; to join
 * a live network, with the genesis fetched from a peer and checked against its published hash.
 */
@Command(
    name = "init",
    description = "Create a node home: CometBFT config and keys, genesis, app.toml.")
final class InitCommand implements Callable<Integer> {

  @Mixin HomeOptions home;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--chain-id", required = true, description = "Chain id written into genesis.json")
  String chainId;

  @Option(
      names = "--moniker",
      defaultValue = "leasechain-node",
      description = "Human-readable node name")
  String moniker;

  @Option(names = "--cometbft", description = "Path to the cometbft binary")
  String cometbft;

  @Option(names = "--overwrite", description = "Replace an existing genesis.json")
  boolean overwrite;

  @Option(
      names = "--genesis-from",
      paramLabel = "URL",
      description =
          "Join a live network: take genesis.json from this node's CometBFT RPC (its /genesis);"
              + " needs --genesis-sha256")
  URI genesisFrom;

  @Option(
      names = "--genesis-sha256",
      paramLabel = "HEX",
      description =
          "The network's published genesis hash (`leasechain genesis hash`); a genesis with"
              + " another is refused and nothing is written")
  String genesisSha256;

  @Option(
      names = "--persistent-peers",
      paramLabel = "ID@HOST:PORT,...",
      description = "CometBFT persistent_peers: nodes to stay connected to")
  String persistentPeers;

  @Option(
      names = "--seeds",
      paramLabel = "ID@HOST:PORT,...",
      description = "CometBFT seeds: nodes asked for more peers")
  String seeds;

  @Override
  public Integer call() throws Exception {
    GenesisFile.checkChainId(chainId);
    Path root = home.home();
    if (Files.exists(home.genesisFile()) && !overwrite) {
      throw new IllegalStateException(
          home.genesisFile() + " exists; use --overwrite to replace it");
    }
    // Fetched and checked before anything is written: a refused genesis leaves no half-made home.
    JsonNode genesis = genesisFrom == null && genesisSha256 == null ? null : fetchGenesis();
    Files.deleteIfExists(home.genesisFile());
    NodeHome.init(root, chainId, moniker, CometBinary.locate(cometbft));
    if (genesis != null) {
      new ObjectMapper()
          .writerWithDefaultPrettyPrinter()
          .writeValue(home.genesisFile().toFile(), genesis);
    }
    CometConfig config = CometConfig.read(root.resolve("config").resolve("config.toml"));
    if (persistentPeers != null) {
      config.setString("p2p", "persistent_peers", persistentPeers);
    }
    if (seeds != null) {
      config.setString("p2p", "seeds", seeds);
    }
    config.write();

    spec.commandLine()
        .getOut()
        .printf("Initialized %s in %s (chain id %s)%n", moniker, root, chainId);
    if (genesis != null) {
      spec.commandLine()
          .getOut()
          .printf(
              "genesis from %s, sha256 %s (as expected)%n",
              CometRpcClient.withoutSecrets(genesisFrom), genesisSha256);
    }
    spec.commandLine().getOut().flush();
    return 0;
  }

  /**
   * The genesis the peer serves, if it has the expected hash and chain id and a valid app_state.
   */
  private JsonNode fetchGenesis() throws Exception {
    if (genesisFrom == null || genesisSha256 == null) {
      throw new IllegalArgumentException(
          "--genesis-from and --genesis-sha256 go together: a genesis is only taken from a peer"
              + " when its hash is the network's published one");
    }
    String expected = genesisSha256.strip().toLowerCase(Locale.ROOT);
    if (!expected.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "--genesis-sha256 '" + genesisSha256 + "' is not 64 hex digits");
    }
    JsonNode genesis = new CometRpcClient(genesisFrom, Duration.ofSeconds(30)).genesis();
    URI shown = CometRpcClient.withoutSecrets(genesisFrom);
    if (!genesis.isObject()) {
      throw new IllegalStateException(shown + " served no genesis document");
    }
    String actual = GenesisDigest.sha256(genesis);
    if (!actual.equals(expected)) {
      throw new IllegalStateException(
          "the genesis served by "
              + shown
              + " has sha256 "
              + actual
              + ", not the "
              + expected
              + " given by --genesis-sha256: refused, nothing written");
    }
    String served = genesis.path("chain_id").asText();
    if (!served.equals(chainId)) {
      throw new IllegalStateException(
          "the genesis served by "
              + shown
              + " is for chain '"
              + served
              + "', not --chain-id '"
              + chainId
              + "': refused, nothing written");
    }
    AppState.parse(genesis.path("app_state"));
    return genesis;
  }
}
