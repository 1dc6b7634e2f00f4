package io.leasechain.node.cli;

import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.crypto.Address;
import io.leasechain.genesis.AppState;
import io.leasechain.genesis.GenesisDigest;
import io.leasechain.genesis.GenesisFile;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `leasechain genesis`: edits the app_state of the home's genesis.json before the chain starts. */
@Command(
    name = "genesis",
    description = "Edit genesis.json before the chain starts.",
    subcommands = {
      GenesisCommand.AddAccount.class,
      GenesisCommand.SetCouncil.class,
      GenesisCommand.Validate.class,
      GenesisCommand.Hash.class
    })
final class GenesisCommand {

  @Command(name = "add-account", description = "Fund an account (address or key name) at genesis.")
  static final class AddAccount implements Callable<Integer> {
    @Mixin HomeOptions home;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "lease1… address or the name of a key in the keyring")
    String account;

    @Parameters(
        index = "1",
        paramLabel = "AMOUNT",
        converter = Converters.Ulease.class,
        description = "Amount with its unit, e.g. 1000lease or 1000000000ulease")
    long amount;

    @Override
    public Integer call() throws Exception {
      Address address = Accounts.resolve(home, account);
      GenesisFile genesis = GenesisFile.read(home.genesisFile());
      AppState.addAccount(genesis.appState(), address, amount);
      genesis.write();
      spec.commandLine().getOut().printf("added %s with %dulease%n", address, amount);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(
      name = "set-council",
      description = "Set the k-of-n council that runs the permissioned parts.")
  static final class SetCouncil implements Callable<Integer> {
    @Mixin HomeOptions home;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--member",
        required = true,
        description = "Council member: address or key name (repeat for each)")
    List<String> members;

    @Option(names = "--threshold", required = true, description = "Approvals needed to act (k)")
    int threshold;

    @Override
    public Integer call() throws Exception {
      List<Address> addresses =
          members.stream().map(member -> Accounts.resolve(home, member)).toList();
      GenesisFile genesis = GenesisFile.read(home.genesisFile());
      AppState.setCouncil(genesis.appState(), addresses, threshold);
      genesis.write();
      spec.commandLine().getOut().printf("council: %d of %s%n", threshold, addresses);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(
      name = "validate",
      description = "Check genesis.json's app_state; exit 1 with every problem.")
  static final class Validate implements Callable<Integer> {
    @Mixin HomeOptions home;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      GenesisFile genesis = GenesisFile.read(home.genesisFile());
      AppState.parse(genesis.appState());
      spec.commandLine().getOut().println(home.genesisFile() + " is valid");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(
      name = "hash",
      description =
          "Print the genesis SHA-256 a network publishes for joiners (`init --genesis-sha256`):"
              + " of the home's genesis.json, or of the one a node serves.")
  static final class Hash implements Callable<Integer> {
    @Mixin HomeOptions home;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--node",
        paramLabel = "URL",
        description = "Hash the genesis this node's CometBFT RPC serves instead of the home's")
    URI node;

    @Override
    public Integer call() throws Exception {
      String sha256 =
          node == null
              ? GenesisFile.read(home.genesisFile()).sha256()
              : GenesisDigest.sha256(new CometRpcClient(node, Duration.ofSeconds(30)).genesis());
      spec.commandLine().getOut().println(sha256);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
