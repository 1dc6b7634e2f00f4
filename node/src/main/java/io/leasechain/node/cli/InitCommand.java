package io.leasechain.node.cli;

import io.leasechain.genesis.AppState;
import io.leasechain.genesis.GenesisFile;
import io.leasechain.node.config.AppConfig;
import io.leasechain.node.config.CometBinary;
import io.leasechain.node.config.CometConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `leasechain init`: creates a node home with CometBFT's config and keys and our app_state. */
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

  @Override
  public Integer call() throws Exception {
    Path root = home.home();
    if (Files.exists(home.genesisFile()) && !overwrite) {
      throw new IllegalStateException(
          home.genesisFile() + " exists; use --overwrite to replace it");
    }
    Files.deleteIfExists(home.genesisFile());
    Path binary = CometBinary.locate(cometbft);
    Processes.run(List.of(binary.toString(), "init", "--home", root.toString()));

    GenesisFile genesis = GenesisFile.read(home.genesisFile());
    genesis.setChainId(chainId);
    genesis.setAppState(AppState.defaults());
    genesis.write();

    AppConfig app = AppConfig.defaults();
    app.write(root);
    CometConfig.read(root.resolve("config").resolve("config.toml"))
        .setString("", "moniker", moniker)
        .setString("", "proxy_app", app.abciAddress())
        // CometBFT's own metrics (height, peers, mempool) on loopback: docs/operating.md.
        .setBoolean("instrumentation", "prometheus", true)
        .setString("instrumentation", "prometheus_listen_addr", "127.0.0.1:26660")
        .write();

    spec.commandLine()
        .getOut()
        .printf("Initialized %s in %s (chain id %s)%n", moniker, root, chainId);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
