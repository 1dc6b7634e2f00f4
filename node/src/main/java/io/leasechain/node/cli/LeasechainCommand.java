package io.leasechain.node.cli;

import io.leasechain.node.app.LeasechainApp;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `leasechain` program: one binary for validators, wallets and explorers. */
@Command(
    name = "leasechain",
    mixinStandardHelpOptions = true,
    version = "leasechain " + LeasechainApp.VERSION,
    description = "leasechain: a permissioned CometBFT chain for leasing GPU compute.",
    subcommands = {
      InitCommand.class,
      StartCommand.class,
      KeysCommand.class,
      GenesisCommand.class,
      TxCommand.class,
      QueryCommand.class,
      ProofTxCommand.Tools.class
    })
public final class LeasechainCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests run commands in-process through it. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new LeasechainCommand());
    Converters.registerProtoEnums(commandLine);
    // "@path" arguments are read by the commands that take them (tx broadcast, --json): picocli's
    // own expansion would split the file into words, breaking JSON, and any value starting with @.
    commandLine.setExpandAtFiles(false);
    commandLine.setExecutionExceptionHandler(
        (exception, cli, parseResult) -> {
          cli.getErr().println("Error: " + exception.getMessage());
          cli.getErr().flush();
          return 1;
        });
    return commandLine;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
