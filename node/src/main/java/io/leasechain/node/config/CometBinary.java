package io.leasechain.node.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the cometbft binary the node runs: explicit setting, environment, project build, PATH. */
public final class CometBinary {

  public static final String ENV = "LEASECHAIN_COMETBFT";

  /** Set by bin/leasechain to the project's .tools/bin/cometbft. */
  public static final String PROPERTY = "leasechain.cometbft";

  private CometBinary() {}

  public static Path locate(String configured) {
    for (String candidate :
        new String[] {configured, System.getenv(ENV), System.getProperty(PROPERTY)}) {
      if (candidate != null && !candidate.isBlank()) {
        Path path = Path.of(candidate);
        if (Files.isExecutable(path)) {
          return path;
        }
      }
    }
    String pathVariable = System.getenv("PATH");
    if (pathVariable != null) {
      for (String directory : pathVariable.split(java.io.File.pathSeparator)) {
        Path path = Path.of(directory, "cometbft");
        if (Files.isExecutable(path)) {
          return path;
        }
      }
    }
    throw new IllegalStateException(
        "no cometbft binary found: run ./scripts/install-cometbft.sh, or set "
            + ENV
            + " or [cometbft] binary in app.toml");
  }
}
