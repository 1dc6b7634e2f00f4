package io.leasechain.node.cli;

import io.leasechain.client.ProtoEnums;
import io.leasechain.client.keys.KeyInfo;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.node.config.CometBinary;
import io.leasechain.node.testnet.TestProviders;
import io.leasechain.node.testnet.Testnet;
import io.leasechain.node.testnet.TestnetLayout;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `leasechain testnet`: several nodes on this machine under one folder (docs/operating.md). */
@Command(
    name = "testnet",
    description = "Make and run a local multi-node network under one folder.",
    subcommands = {
      TestnetCommand.Init.class,
      TestnetCommand.Start.class,
      TestnetCommand.Stop.class,
      TestnetCommand.StatusCommand.class
    })
final class TestnetCommand {

  private static final String STATUS_LINE = "%-6s %-8s %-6s %-9s %-7s %-5s %s%n";

  @Command(
      name = "init",
      description =
          "Make DIR/node0.. (validators first, then full nodes) with distinct loopback ports, one"
              + " genesis and every node peered to the others; keys in DIR's test keyring.")
  static final class Init implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--validators", required = true, description = "Genesis validators (N >= 1)")
    int validators;

    @Option(
        names = "--full-nodes",
        defaultValue = "0",
        description = "Non-validating nodes after the validators (default 0)")
    int fullNodes;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "A new folder")
    Path output;

    @Option(names = "--chain-id", required = true, description = "Chain id of the network")
    String chainId;

    @Option(
        names = "--base-port",
        defaultValue = "26700",
        paramLabel = "P",
        description =
            "node i listens on P+10i (p2p), +1 (rpc), +2 (abci), +3 (gateway), +4 (metrics),"
                + " +5 (cometbft metrics); default 26700")
    int basePort;

    @Option(
        names = "--accounts",
        defaultValue = "2",
        description = "Funded keys account0.. (default 2)")
    int accounts;

    @Option(
        names = "--providers",
        defaultValue = "2",
        description =
            "Funded keys provider0.., registered and approved as test providers by testnet start"
                + " (default 2)")
    int providers;

    @Option(
        names = "--block-time",
        defaultValue = "1s",
        converter = Converters.Period.class,
        description = "CometBFT's timeout_commit (default 1s)")
    Duration blockTime;

    @Option(names = "--cometbft", description = "Path to the cometbft binary")
    String cometbft;

    @Override
    public Integer call() throws Exception {
      Path dir = output.toAbsolutePath().normalize();
      Testnet.Keys keys =
          Testnet.init(
              new Testnet.Spec(
                  dir,
                  chainId,
                  validators,
                  fullNodes,
                  basePort,
                  accounts,
                  providers,
                  CometBinary.locate(cometbft).toAbsolutePath(),
                  blockTime));
      PrintWriter out = spec.commandLine().getOut();
      TestnetLayout layout = TestnetLayout.read(dir);
      out.printf("Initialized testnet %s in %s%n%n", chainId, dir);
      out.printf(
          "%-6s %-10s %-6s %-6s %-6s %-8s %-8s %s%n",
          "NODE", "ROLE", "P2P", "RPC", "ABCI", "GATEWAY", "METRICS", "COMETBFT METRICS");
      for (TestnetLayout.Node node : layout.nodes()) {
        out.printf(
            "%-6s %-10s %-6d %-6d %-6d %-8d %-8d %d%n",
            node.name(),
            node.validator() ? "validator" : "full node",
            node.ports().p2p(),
            node.ports().rpc(),
            node.ports().abci(),
            node.ports().gateway(),
            node.ports().metrics(),
            node.ports().cometMetrics());
      }
      out.printf(
          "%nKeys in the test keyring of %s (use --home %s --keyring-backend test),"
              + " each funded with 1000000lease:%n",
          dir, shellWord(dir));
      printKeys(
          out, "council (" + (validators / 2 + 1) + " of " + validators + ")", keys.operators());
      printKeys(out, "accounts", keys.accounts());
      printKeys(out, "providers", keys.providers());
      out.printf("%nStart it with: leasechain testnet start %s%n", shellWord(dir));
      out.flush();
      return 0;
    }

    /** {@code path} as one word of a shell command line, quoted only when it must be. */
    private static String shellWord(Path path) {
      String text = path.toString();
      return text.matches("[A-Za-z0-9_./:=@+,-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
    }

    private static void printKeys(PrintWriter out, String role, List<KeyInfo> keys) {
      for (KeyInfo key : keys) {
        out.printf("  %-10s %s  %s%n", key.name(), key.address(), role);
      }
    }
  }

  @Command(
      name = "start",
      description =
          "Start every node of DIR that is not running, in the background (log: DIR/nodeI/node.log,"
              + " pid: DIR/nodeI/leasechain.pid); returns once each node's RPC answers, then registers every providerI key that is not an"
              + " active provider and has the council approve it. A node that exits is not"
              + " restarted: run start again.")
  static final class Start implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin TestnetDir dir;

    @Option(
        names = "--timeout",
        defaultValue = "90s",
        converter = Converters.Period.class,
        description = "How long to wait for the nodes' RPC (default 90s)")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
      TestnetLayout layout = dir.layout();
      PrintWriter out = spec.commandLine().getOut();
      for (Testnet.Started started : Testnet.start(layout, launcher(), timeout)) {
        out.printf(
            "%-6s %s (pid %d), rpc %s, log %s%n",
            started.node().name(),
            started.alreadyRunning() ? "already running" : "started",
            started.pid(),
            Testnet.rpcUri(started.node()),
            Testnet.log(started.node()));
      }
      out.flush();
      for (TestProviders.Result provider : TestProviders.ensure(layout, timeout)) {
        out.printf(
            "%-9s %s %s%n",
            provider.name(),
            provider.owner().toBech32(),
            provider.approvedNow()
                ? "approved"
                : provider.before() == ProviderState.PROVIDER_STATE_ACTIVE
                    ? "already approved"
                    : ProtoEnums.name(provider.before()) + ", left as it is");
      }
      out.flush();
      return 0;
    }

    /** This JVM's java and class path running the CLI's main class: `leasechain` itself. */
    private static List<String> launcher() {
      List<String> classPath = new ArrayList<>();
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        classPath.add(Path.of(entry).toAbsolutePath().toString());
      }
      return List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          // Several nodes share the machine: the JVM's default heap (a quarter of memory) each
          // would be too much.
          "-Xmx512m",
          "-cp",
          String.join(File.pathSeparator, classPath),
          LeasechainCommand.class.getName());
    }
  }

  @Command(
      name = "stop",
      description =
          "Stop every node of DIR gracefully (SIGTERM; killed after --grace if still running).")
  static final class Stop implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin TestnetDir dir;

    @Option(
        names = "--grace",
        defaultValue = "30s",
        converter = Converters.Period.class,
        description = "How long the nodes get to stop before they are killed (default 30s)")
    Duration grace;

    @Override
    public Integer call() throws Exception {
      TestnetLayout layout = dir.layout();
      PrintWriter out = spec.commandLine().getOut();
      for (Testnet.Stopped stopped : Testnet.stop(layout, grace)) {
        out.printf(
            "%-6s %s%n",
            stopped.node().name(),
            !stopped.wasRunning()
                ? "was not running"
                : stopped.killed()
                    ? "killed (did not stop within " + Converters.Period.format(grace) + ")"
                    : "stopped");
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "status",
      description =
          "Each node of DIR from its RPC: height, app hash, peers, and whether it validates.")
  static final class StatusCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin TestnetDir dir;

    @Override
    public Integer call() throws Exception {
      TestnetLayout layout = dir.layout();
      PrintWriter out = spec.commandLine().getOut();
      out.printf(STATUS_LINE, "NODE", "STATE", "RPC", "VALIDATOR", "HEIGHT", "PEERS", "APP HASH");
      for (Testnet.NodeStatus status : Testnet.status(layout)) {
        boolean answered = status.problem().isEmpty();
        out.printf(
            STATUS_LINE,
            status.node().name(),
            answered ? "running" : status.problem(),
            status.node().ports().rpc(),
            answered ? (status.validator() ? "yes" : "no") : "-",
            answered ? Long.toString(status.height()) : "-",
            answered ? Integer.toString(status.peers()) : "-",
            answered ? status.appHash() : "-");
      }
      out.flush();
      return 0;
    }
  }

  /** The DIR of start, stop and status: a folder testnet init made. */
  static final class TestnetDir {
    @Parameters(index = "0", paramLabel = "DIR", description = "A folder made by testnet init")
    Path dir;

    TestnetLayout layout() throws IOException {
      return TestnetLayout.read(dir.toAbsolutePath().normalize());
    }
  }
}
