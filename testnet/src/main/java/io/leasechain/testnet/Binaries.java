package io.leasechain.testnet;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the node's runnable jar and the project's cometbft are; the build passes both in. */
public record Binaries(Path leasechainJar, Path cometbft, Path java) {

  public static Binaries fromSystemProperties() {
    Path jar = existing("leasechain.jar", "the node jar; build with ./scripts/build.sh");
    Path cometbft =
        existing("cometbft.bin", "cometbft; install with ./scripts/install-cometbft.sh");
    return new Binaries(jar, cometbft, Path.of(System.getProperty("java.home"), "bin", "java"));
  }

  private static Path existing(String property, String hint) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalStateException("system property " + property + " is not set (" + hint + ")");
    }
    Path path = Path.of(value).toAbsolutePath().normalize();
    if (!Files.exists(path)) {
      throw new IllegalStateException(path + " does not exist: " + hint);
    }
    return path;
  }
}
