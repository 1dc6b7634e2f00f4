package io.leasechain.node.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs a short helper program (such as `cometbft init`) and fails with its output if it fails. */
final class Processes {

  private Processes() {}

  static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    if (exit != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed (exit " + exit + "):\n" + output);
    }
    return output;
  }
}
