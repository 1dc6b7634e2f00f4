package io.leasechain.node.cli;

import io.leasechain.node.app.LeasechainApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** The `leasechain` program: one binary for validators, wallets and explorers. */
@Command(
    name = "leasechain",
    // INHERIT gives every subcommand -h/--help and -V/--version, so `tx bank send --help` prints
    // usage instead of complaining about the missing parameters.
    scope = ScopeType.INHERIT,
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
      ProofTxCommand.Tools.class,
      LoadCommand.class
    })
public final class LeasechainCommand implements Runnable {

  /** Where each command's example lives, keyed by {@link #exampleKey}. */
  static final String EXAMPLES = "examples.properties";

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
    GlobalOptions.install(commandLine);
    Properties examples = examples();
    for (CommandLine command : tree(commandLine)) {
      String example = examples.getProperty(exampleKey(command));
      if (example != null) {
        // The footer is a format string: a literal % must be doubled.
        command
            .getCommandSpec()
            .usageMessage()
            .footer("%nExample:", "  " + example.replace("%", "%%").replace("\n", "%n  "));
      }
    }
    commandLine.setExecutionStrategy(LeasechainCommand::execute);
    commandLine.setParameterExceptionHandler(UserErrors::usageError);
    commandLine.setExecutionExceptionHandler(UserErrors::executionError);
    return commandLine;
  }

  /** {@code command} and every command below it, parents first. */
  static Iterable<CommandLine> tree(CommandLine command) {
    Deque<CommandLine> pending = new ArrayDeque<>();
    pending.add(command);
    List<CommandLine> all = new ArrayList<>();
    while (!pending.isEmpty()) {
      CommandLine next = pending.removeFirst();
      all.add(next);
      pending.addAll(next.getSubcommands().values().stream().distinct().toList());
    }
    return all;
  }

  /** "tx.bank.send" for `leasechain tx bank send`; "leasechain" for the program itself. */
  static String exampleKey(CommandLine command) {
    String name = command.getCommandSpec().qualifiedName(".");
    String root = command.getCommandSpec().root().name();
    return name.equals(root) ? root : name.substring(root.length() + 1);
  }

  static Properties examples() {
    Properties examples = new Properties();
    try (InputStream in = LeasechainCommand.class.getResourceAsStream(EXAMPLES)) {
      examples.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return examples;
  }

  /**
   * Runs the last command named; a group such as `leasechain tx` named alone is a usage error that
   * lists its subcommands, not a crash.
   */
  private static int execute(CommandLine.ParseResult parseResult) {
    List<CommandLine> parsed = parseResult.asCommandLineList();
    CommandLine last = parsed.get(parsed.size() - 1);
    boolean helpAsked =
        parsed.stream().anyMatch(c -> c.isUsageHelpRequested() || c.isVersionHelpRequested());
    Object command = last.getCommand();
    if (!helpAsked && !(command instanceof Runnable) && !(command instanceof Callable<?>)) {
      throw new CommandLine.ParameterException(
          last,
          "missing a subcommand: one of "
              + String.join(
                  ", ",
                  last.getSubcommands().values().stream()
                      .distinct()
                      .map(CommandLine::getCommandName)
                      .toList()));
    }
    return new CommandLine.RunLast().execute(parseResult);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
