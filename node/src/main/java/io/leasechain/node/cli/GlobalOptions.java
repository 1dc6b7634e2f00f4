package io.leasechain.node.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Lets --home, --node, -o/--output and the keyring options be given in any position: before the
 * subcommand names (`leasechain --home H query account A`, `leasechain query --node U account A`)
 * as well as after.
 *
 * <p>Every command that does not declare one of these options gets a carrier option that only
 * records the value; a command that declares it takes the recorded value as its default. Picocli's
 * inherited options cannot do this here: a subcommand that declares its own --home (through {@link
 * HomeOptions}) would clash with the inherited one.
 */
final class GlobalOptions {

  private record Global(String[] names, String label, String description) {}

  private static final List<Global> GLOBALS =
      List.of(
          new Global(new String[] {"--home"}, "PATH", "Node home folder"),
          new Global(new String[] {"--node"}, "URL", "CometBFT RPC endpoint"),
          new Global(new String[] {"-o", "--output"}, "text|json", "Output format"),
          new Global(new String[] {"--keyring-backend"}, "file|test", "Keyring backend"),
          new Global(new String[] {"--passphrase-file"}, "FILE", "Keyring passphrase file"));

  private GlobalOptions() {}

  static void install(CommandLine root) {
    Map<String, String> given = new TreeMap<>();
    for (CommandLine command : LeasechainCommand.tree(root)) {
      CommandSpec spec = command.getCommandSpec();
      for (Global global : GLOBALS) {
        // A command may use one of the names for something else (testnet init's --output DIR):
        // the carrier then takes only the names left free.
        String[] free =
            Arrays.stream(global.names())
                .filter(name -> spec.findOption(name) == null)
                .toArray(String[]::new);
        if (free.length > 0) {
          // Shown where it helps (the program and its groups), hidden on commands that ignore it.
          spec.addOption(carrier(global, free, given, !spec.subcommands().isEmpty()));
        }
      }
    }
    root.setDefaultValueProvider(
        argument ->
            argument instanceof OptionSpec option && isGlobal(option)
                ? given.get(option.longestName())
                : null);
  }

  /** Whether {@code option} is a global one: it has all the names of one of them. */
  private static boolean isGlobal(OptionSpec option) {
    List<String> names = Arrays.asList(option.names());
    return GLOBALS.stream().anyMatch(global -> names.containsAll(Arrays.asList(global.names())));
  }

  private static OptionSpec carrier(
      Global global, String[] names, Map<String, String> given, boolean shown) {
    String key = global.names()[global.names().length - 1];
    return OptionSpec.builder(names)
        .paramLabel(global.label())
        .description(global.description() + ", here or after the subcommand")
        .type(String.class)
        .hidden(!shown)
        .setter(
            new ISetter() {
              @Override
              public <T> T set(T value) {
                if (value != null) {
                  given.put(key, (String) value);
                }
                return null;
              }
            })
        .build();
  }
}
