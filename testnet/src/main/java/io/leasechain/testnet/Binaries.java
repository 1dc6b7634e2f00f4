package io.leasechain.testnet;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the node's runnable jar and the project's cometbft are; the build passes both in. A node
 * "build" is the node jar plus {@code extraJars} on the classpath (e.g. an upgrade's migration).
 */
public record Binaries(Path leasechainJar, Path cometbft, Path java, List<Path> extraJars) {

  public Binaries(Path leasechainJar, Path cometbft, Path java) {
    this(leasechainJar, cometbft, java, List.of());
  }

  /** The same build with {@code jars} added to the node's classpath. */
  public Binaries withExtraJars(List<Path> jars) {
    List<Path> all = new ArrayList<>(extraJars);
    all.addAll(jars);
    return new Binaries(leasechainJar, cometbft, java, List.copyOf(all));
  }

  /** The java arguments that run the node's main class with this build's classpath. */
  List<String> nodeLauncher() {
    if (extraJars.isEmpty()) {
      return List.of("-jar", leasechainJar.toString());
    }
    List<String> classpath = new ArrayList<>(List.of(leasechainJar.toString()));
    extraJars.forEach(jar -> classpath.add(jar.toString()));
    return List.of(
        "-cp",
        String.join(File.pathSeparator, classpath),
        "io.leasechain.node.cli.LeasechainCommand");
  }

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
