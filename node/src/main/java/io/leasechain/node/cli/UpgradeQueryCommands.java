package io.leasechain.node.cli;

import com.google.protobuf.MessageOrBuilder;
import io.leasechain.client.LeasechainClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `leasechain query upgrade plan|applied`. */
@Command(
    name = "upgrade",
    description = "Software upgrades: the pending plan, the ones applied.",
    synopsisSubcommandLabel = "plan|applied",
    subcommands = {UpgradeQueryCommands.Plan.class, UpgradeQueryCommands.Applied.class})
final class UpgradeQueryCommands implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing what to show: plan or applied");
  }

  @Command(
      name = "plan",
      description = "The upgrade the council scheduled: name, height, info (none: not found).")
  static final class Plan extends ProtoQueryCommand {
    @Override
    MessageOrBuilder fetch(LeasechainClient client) {
      return client.upgradePlan();
    }
  }

  @Command(name = "applied", description = "The upgrades the chain has applied, oldest first.")
  static final class Applied extends ProtoQueryCommand {
    @Override
    boolean lists() {
      return true;
    }

    @Override
    MessageOrBuilder fetch(LeasechainClient client) {
      return client.appliedUpgrades();
    }
  }
}
