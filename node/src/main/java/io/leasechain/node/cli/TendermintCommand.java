package io.leasechain.node.cli;

import io.leasechain.node.testnet.NodeHome;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** `leasechain tendermint`: the node's CometBFT identities, for peers and the council. */
@Command(
    name = "tendermint",
    description = "Show the node's CometBFT keys: consensus key and p2p id.",
    subcommands = {TendermintCommand.ShowValidator.class, TendermintCommand.ShowNodeId.class})
final class TendermintCommand {

  @Command(
      name = "show-validator",
      description =
          "Print the node's consensus public key (base64), as the council's add-validator --pubkey"
              + " takes it.")
  static final class ShowValidator implements Callable<Integer> {
    @Mixin HomeOptions home;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      spec.commandLine()
          .getOut()
          .println(Base64.getEncoder().encodeToString(NodeHome.consensusKey(home.home()).bytes()));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(
      name = "show-node-id",
      description = "Print the node's p2p id, the ID of ID@HOST:PORT in other nodes' peer lists.")
  static final class ShowNodeId implements Callable<Integer> {
    @Mixin HomeOptions home;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      spec.commandLine().getOut().println(NodeHome.nodeId(home.home()));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
