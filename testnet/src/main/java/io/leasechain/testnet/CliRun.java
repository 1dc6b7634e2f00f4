package io.leasechain.testnet;

import io.leasechain.node.cli.LeasechainCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** One in-process run of the `leasechain` CLI, with what it printed on stdout and stderr. */
public record CliRun(int exit, String out, String err) {

  /** Runs `leasechain ARGS…` in this JVM, capturing both streams. */
  public static CliRun of(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LeasechainCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return new CliRun(cli.execute(args.toArray(String[]::new)), out.toString(), err.toString());
  }

  /**
   * Runs `leasechain ARGS…` as its own process from the node jar, as an operator's shell would (for
   * commands that start processes of their own, which must not depend on this JVM).
   */
  public static CliRun process(Binaries binaries, List<String> args, Duration timeout)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                binaries.java().toString(),
                "-Dleasechain.cometbft=" + binaries.cometbft(),
                "-jar",
                binaries.leasechainJar().toString()));
    command.addAll(args);
    Path err = Files.createTempFile("leasechain-cli", ".err");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.to(err.toFile()))
              .start();
      process.getOutputStream().close();
      // stdout is read to its end (the command's exit closes it) before waiting on the exit.
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("leasechain " + args + " did not finish within " + timeout);
      }
      return new CliRun(process.exitValue(), out, Files.readString(err));
    } finally {
      Files.deleteIfExists(err);
    }
  }

  /**
   * The arguments of `leasechain testnet init` for {@code validators} in {@code output}, then MORE.
   */
  public static List<String> testnetInit(
      int validators, Path output, String chainId, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "testnet",
                "init",
                "--validators",
                Integer.toString(validators),
                "--output",
                output.toString(),
                "--chain-id",
                chainId));
    args.addAll(List.of(more));
    return args;
  }

  /** The single line printed on stderr, failing if there were none or several. */
  public String onlyErrorLine() {
    List<String> lines = err.lines().toList();
    if (lines.size() != 1) {
      throw new AssertionError("expected one line on stderr, got: " + this);
    }
    return lines.get(0);
  }
}
