package io.leasechain.testnet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A Linux network namespace joined to the host by a veth pair (host 10.233.N.1, namespace
 * 10.233.N.2), so that a node run in it can be partitioned from the others by taking the link down.
 * Needs root and {@code ip}; {@link #create} says why not when the machine does not allow it.
 */
public final class NetworkNamespace implements AutoCloseable {

  private final String name;
  private final String hostLink;
  private final String innerAddress;

  private NetworkNamespace(String name, String hostLink, String innerAddress) {
    this.name = name;
    this.hostLink = hostLink;
    this.innerAddress = innerAddress;
  }

  /** Why this machine cannot make a namespace (not root, no {@code ip}, no permission). */
  public static final class UnavailableException extends Exception {
    UnavailableException(String reason) {
      super(reason);
    }
  }

  /**
   * Creates namespace {@code lc-PID-N} with its link up, or says why it cannot; {@code n} (0-255)
   * picks the subnet, so parallel suites use different ones.
   */
  public static NetworkNamespace create(int n) throws UnavailableException {
    String name = "lc-" + ProcessHandle.current().pid() + "-" + n;
    String hostLink = "lch" + (ProcessHandle.current().pid() % 100_000) + "x" + n;
    String innerLink = "lcn" + (ProcessHandle.current().pid() % 100_000) + "x" + n;
    String prefix = "10.233." + n + ".";
    List<List<String>> steps =
        List.of(
            List.of("ip", "netns", "add", name),
            List.of("ip", "link", "add", hostLink, "type", "veth", "peer", "name", innerLink),
            List.of("ip", "link", "set", innerLink, "netns", name),
            List.of("ip", "addr", "add", prefix + "1/30", "dev", hostLink),
            List.of("ip", "link", "set", hostLink, "up"),
            List.of("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up"),
            List.of(
                "ip",
                "netns",
                "exec",
                name,
                "ip",
                "addr",
                "add",
                prefix + "2/30",
                "dev",
                innerLink),
            List.of("ip", "netns", "exec", name, "ip", "link", "set", innerLink, "up"));
    NetworkNamespace namespace = new NetworkNamespace(name, hostLink, prefix + "2");
    for (List<String> step : steps) {
      Optional<String> failure = run(step);
      if (failure.isPresent()) {
        namespace.close();
        throw new UnavailableException(String.join(" ", step) + ": " + failure.get());
      }
    }
    return namespace;
  }

  /** The command prefix that runs a program inside the namespace. */
  public List<String> launcher() {
    return List.of("ip", "netns", "exec", name);
  }

  /** The namespace's own address, which the host reaches through the veth. */
  public String innerAddress() {
    return innerAddress;
  }

  /** Takes the link down: nothing passes between the namespace and the host. */
  public void cut() {
    run(List.of("ip", "link", "set", hostLink, "down"))
        .ifPresent(
            failure -> {
              throw new IllegalStateException("cannot cut " + name + ": " + failure);
            });
  }

  /** Brings the link back up. */
  public void heal() {
    run(List.of("ip", "link", "set", hostLink, "up"))
        .ifPresent(
            failure -> {
              throw new IllegalStateException("cannot heal " + name + ": " + failure);
            });
  }

  /** Deletes the namespace; its end of the veth goes with it, and the host's end with that. */
  @Override
  public void close() {
    run(List.of("ip", "link", "del", hostLink));
    run(List.of("ip", "netns", "del", name));
  }

  // Empty when the command succeeded, else what it printed.
  private static Optional<String> run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return process.waitFor() == 0
          ? Optional.empty()
          : Optional.of(output.isEmpty() ? "exit " + process.exitValue() : output);
    } catch (IOException e) {
      return Optional.of(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }
}
