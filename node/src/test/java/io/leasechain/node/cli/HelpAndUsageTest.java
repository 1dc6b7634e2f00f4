package io.leasechain.node.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/** Every command answers --help and -h with its usage and an example; usage errors are one line. */
class HelpAndUsageTest {

  record Result(int exit, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LeasechainCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return new Result(cli.execute(args), out.toString(), err.toString());
  }

  private static List<CommandLine> commands() {
    List<CommandLine> all = new ArrayList<>();
    LeasechainCommand.tree(LeasechainCommand.commandLine()).forEach(all::add);
    return all;
  }

  /** The words that name {@code command}, with a placeholder for a parent's positional KEY. */
  private static List<String> words(CommandLine command) {
    List<String> words = new ArrayList<>();
    for (CommandLine c = command; c.getParent() != null; c = c.getParent()) {
      if (c != command && !c.getCommandSpec().positionalParameters().isEmpty()) {
        words.add(0, "KEY");
      }
      words.add(0, c.getCommandName());
    }
    return words;
  }

  @TestFactory
  Stream<DynamicTest> helpOnEveryCommandExitsZeroWithAnExample() {
    return commands().stream()
        .flatMap(
            command ->
                Stream.of("--help", "-h")
                    .map(
                        flag -> {
                          List<String> args = new ArrayList<>(words(command));
                          args.add(flag);
                          return DynamicTest.dynamicTest(
                              String.join(" ", args),
                              () -> {
                                Result result = run(args.toArray(String[]::new));
                                assertEquals(0, result.exit(), result::err);
                                assertTrue(result.out().contains("Usage:"), result::out);
                                assertTrue(result.out().contains("Example:"), result::out);
                                assertEquals("", result.err());
                              });
                        }));
  }

  @Test
  void everyCommandHasExactlyItsExampleAndNoStaleOnes() {
    Properties examples = LeasechainCommand.examples();
    List<String> keys = commands().stream().map(LeasechainCommand::exampleKey).toList();
    assertAll(
        keys.stream()
            .map(
                key ->
                    () ->
                        assertTrue(
                            examples.getProperty(key, "").startsWith("leasechain "),
                            "examples.properties has no line for " + key)));
    List<String> stale =
        examples.stringPropertyNames().stream().filter(key -> !keys.contains(key)).toList();
    assertEquals(List.of(), stale, "examples of commands that do not exist");
  }

  @Test
  void helpAfterMissingParametersStillHelps() {
    Result result = run("tx", "bank", "send", "--help");
    assertEquals(0, result.exit(), result.err());
    assertTrue(result.out().contains("leasechain tx bank send dev lease1"), result.out());
  }

  @Test
  void aGroupAloneIsAUsageErrorListingItsSubcommands() {
    Result result = run("tx", "bank");
    assertEquals(2, result.exit());
    assertEquals(
        "Error: missing a subcommand: one of send (see: leasechain tx bank --help)\n",
        result.err());
  }

  @Test
  void usageErrorsAreOneLineWithAHintAndExitTwo() {
    Result missing = run("tx", "bank", "send", "dev");
    assertEquals(2, missing.exit());
    assertEquals(1, missing.err().lines().count(), missing.err());
    assertTrue(missing.err().startsWith("Error: Missing required parameter"), missing.err());
    assertTrue(missing.err().contains("(see: leasechain tx bank send --help)"), missing.err());

    Result unknown = run("query", "acount", "dev");
    assertEquals(2, unknown.exit());
    assertEquals(1, unknown.err().lines().count(), unknown.err());

    Result badAmount =
        run("tx", "bank", "send", "dev", "lease1yf46wv2gxj5s5236qswkjx0c96wtmxu58spkuf", "100");
    assertEquals(2, badAmount.exit());
    assertEquals(
        "Error: Invalid value for AMOUNT: amount 100 needs a unit: 100ulease or 100lease"
            + " (see: leasechain tx bank send --help)\n",
        badAmount.err());
  }
}
