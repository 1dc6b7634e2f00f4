package io.leasechain.testnet;

import io.leasechain.node.cli.LeasechainCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
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

  /** The single line printed on stderr, failing if there were none or several. */
  public String onlyErrorLine() {
    List<String> lines = err.lines().toList();
    if (lines.size() != 1) {
      throw new AssertionError("expected one line on stderr, got: " + this);
    }
    return lines.get(0);
  }
}
