package io.leasechain.node.testnet;

import io.leasechain.client.keys.KeyInfo;
import io.leasechain.client.keys.TestKeyring;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.CometRpcException;
import io.leasechain.client.rpc.Status;
import io.leasechain.crypto.Address;
import io.leasechain.genesis.AppState;
import io.leasechain.genesis.GenesisException;
import io.leasechain.genesis.GenesisFile;
import io.leasechain.genesis.GenesisValidator;
import io.leasechain.node.snapshot.SnapshotDirectory;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A network of several nodes on this machine, all under one folder: made by {@link #init}, run as
 * one background `leasechain start` per node by {@link #start}, stopped by {@link #stop}. There is
 * no restart policy: a node that exits stays down (status shows it, its node.log says why) until
 * the next {@link #start}, which starts only the nodes that are not running.
 */
public final class Testnet {

  /** The voting power every genesis validator gets. */
  public static final long VALIDATOR_POWER = 10;

  /** What each funded key holds at genesis: 1,000,000 LEASE. */
  public static final long BALANCE = 1_000_000_000_000L;

  private static final String PID_FILE = "leasechain.pid";
  private static final String LOG_FILE = "node.log";
  private static final Duration RPC_TIMEOUT = Duration.ofSeconds(3);

  private Testnet() {}

  /** What `testnet init` is asked to make. */
  public record Spec(
      Path dir,
      String chainId,
      int validators,
      int fullNodes,
      int basePort,
      int accounts,
      int providers,
      Path cometbft,
      Duration blockTime) {}

  /** The keys `testnet init` put in DIR's test keyring, by role. */
  public record Keys(List<KeyInfo> operators, List<KeyInfo> accounts, List<KeyInfo> providers) {}

  /**
   * Makes the homes DIR/node0.. with distinct loopback ports, one genesis (validators: the first
   * {@code validators} nodes; council: their operator keys, a majority threshold; every key funded)
   * and every node peered to all the others. Refuses a DIR that exists and is not empty; a failure
   * part-way removes what it wrote.
   */
  public static Keys init(Spec spec) throws IOException, InterruptedException {
    Path dir = spec.dir().toAbsolutePath();
    if (Files.exists(dir) && !isEmptyFolder(dir)) {
      throw new IllegalArgumentException(
          dir + " already exists; testnet init makes a new folder (remove it or choose another)");
    }
    TestnetLayout layout =
        new TestnetLayout(
            dir, spec.chainId(), spec.basePort(), spec.validators(), spec.fullNodes());
    if (spec.accounts() < 0 || spec.providers() < 0) {
      throw new IllegalArgumentException("--accounts and --providers must be >= 0");
    }
    GenesisFile.checkChainId(spec.chainId());
    boolean existed = Files.exists(dir);
    Files.createDirectories(dir);
    try {
      return make(spec, layout);
    } catch (IOException | InterruptedException | RuntimeException e) {
      // Half a testnet is worse than none: the next init would refuse the folder it left.
      SnapshotDirectory.deleteTree(dir);
      if (existed) {
        Files.createDirectories(dir);
      }
      throw e;
    }
  }

  private static Keys make(Spec spec, TestnetLayout layout)
      throws IOException, InterruptedException {
    Path dir = layout.dir();
    for (TestnetLayout.Node node : layout.nodes()) {
      NodeHome.init(node.home(), spec.chainId(), node.name(), spec.cometbft());
      // Invariant checks on every block: a testnet is where a broken one should show.
      NodeHome.configure(
          node.home(), node.ports(), spec.cometbft().toString(), spec.blockTime(), true);
    }

    TestKeyring keyring = new TestKeyring(dir);
    Keys keys =
        new Keys(
            createKeys(keyring, "node", spec.validators()),
            createKeys(keyring, "account", spec.accounts()),
            createKeys(keyring, "provider", spec.providers()));
    List<TestnetLayout.Node> nodes = layout.nodes();
    Path genesisFile = genesisFile(nodes.get(0).home());
    try {
      GenesisFile genesis = GenesisFile.read(genesisFile);
      for (KeyInfo key :
          Stream.of(keys.operators(), keys.accounts(), keys.providers())
              .flatMap(List::stream)
              .toList()) {
        AppState.addAccount(genesis.appState(), key.address(), BALANCE);
      }
      List<Address> council = keys.operators().stream().map(KeyInfo::address).toList();
      AppState.setCouncil(genesis.appState(), council, council.size() / 2 + 1);
      List<GenesisValidator> validators = new ArrayList<>();
      for (TestnetLayout.Node node : nodes.subList(0, spec.validators())) {
        validators.add(
            new GenesisValidator(NodeHome.consensusKey(node.home()), VALIDATOR_POWER, node.name()));
      }
      genesis.setValidators(validators);
      genesis.write();
    } catch (GenesisException e) {
      throw new IllegalStateException(String.join("; ", e.problems()), e);
    }

    List<String> peers = new ArrayList<>();
    for (TestnetLayout.Node node : nodes) {
      peers.add(NodeHome.peerAddress(node.home(), node.ports()));
    }
    for (int i = 0; i < nodes.size(); i++) {
      Path home = nodes.get(i).home();
      if (i > 0) {
        Files.copy(genesisFile, genesisFile(home), StandardCopyOption.REPLACE_EXISTING);
      }
      List<String> others = new ArrayList<>(peers);
      others.remove(i);
      NodeHome.setPersistentPeers(home, others);
    }
    layout.write();
    return keys;
  }

  /** A node `testnet start` launched (or found running), with its process id. */
  public record Started(TestnetLayout.Node node, long pid, boolean alreadyRunning) {}

  /**
   * Starts every node of {@code layout} that is not running, each as {@code launcher} followed by
   * {@code start --home HOME} in its own session (so that the terminal's Ctrl-C and hang-up do not
   * reach it), logging to HOME/node.log, its pid in HOME/leasechain.pid. Returns once every node's
   * RPC answers; a node that exits first fails the start with the end of its log.
   */
  public static List<Started> start(TestnetLayout layout, List<String> launcher, Duration timeout)
      throws IOException, InterruptedException {
    List<Started> started = new ArrayList<>();
    List<TestnetLayout.Node> toStart = new ArrayList<>();
    for (TestnetLayout.Node node : layout.nodes()) {
      Optional<ProcessHandle> running = running(node);
      if (running.isPresent()) {
        started.add(new Started(node, running.get().pid(), true));
      } else {
        checkPortsFree(node);
        toStart.add(node);
      }
    }
    List<Process> processes = new ArrayList<>();
    for (TestnetLayout.Node node : toStart) {
      List<String> command = new ArrayList<>(sessionLeader());
      command.addAll(launcher);
      command.addAll(nodeArguments(node));
      Process process =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log(node).toFile()))
              .start();
      Files.writeString(pidFile(node), Long.toString(process.pid()) + "\n");
      processes.add(process);
      started.add(new Started(node, process.pid(), false));
    }
    long end = System.nanoTime() + timeout.toNanos();
    for (int i = 0; i < toStart.size(); i++) {
      TestnetLayout.Node node = toStart.get(i);
      Process process = processes.get(i);
      CometRpcClient rpc = new CometRpcClient(rpcUri(node), RPC_TIMEOUT);
      while (!answers(rpc)) {
        if (!process.isAlive()) {
          Files.deleteIfExists(pidFile(node));
          throw new IllegalStateException(
              node.name() + " exited with code " + process.exitValue() + "; " + logTail(node));
        }
        if (System.nanoTime() > end) {
          throw new IllegalStateException(
              node.name()
                  + "'s RPC did not answer within "
                  + timeout.toSeconds()
                  + " s; "
                  + logTail(node));
        }
        Thread.sleep(200);
      }
    }
    return started;
  }

  /** A node `testnet stop` dealt with: stopped (gracefully or, after the grace period, killed). */
  public record Stopped(TestnetLayout.Node node, boolean wasRunning, boolean killed) {}

  /**
   * Sends every running node SIGTERM (`leasechain start` stops its cometbft, then the application,
   * then closes the database), waits up to {@code grace} for all, then kills what is left with its
   * children.
   */
  public static List<Stopped> stop(TestnetLayout layout, Duration grace)
      throws IOException, InterruptedException {
    List<TestnetLayout.Node> nodes = layout.nodes();
    List<Optional<ProcessHandle>> handles = new ArrayList<>();
    for (TestnetLayout.Node node : nodes) {
      Optional<ProcessHandle> handle = running(node);
      handle.ifPresent(ProcessHandle::destroy);
      handles.add(handle);
    }
    long end = System.nanoTime() + grace.toNanos();
    List<Stopped> stopped = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      Optional<ProcessHandle> handle = handles.get(i);
      boolean killed = false;
      if (handle.isPresent()) {
        while (handle.get().isAlive() && System.nanoTime() < end) {
          Thread.sleep(100);
        }
        if (handle.get().isAlive()) {
          handle.get().descendants().forEach(ProcessHandle::destroyForcibly);
          handle.get().destroyForcibly();
          killed = true;
        }
      }
      Files.deleteIfExists(pidFile(nodes.get(i)));
      stopped.add(new Stopped(nodes.get(i), handle.isPresent(), killed));
    }
    return stopped;
  }

  /**
   * One node as `testnet status` shows it. {@code problem} is empty when its RPC answered; then
   * height, app hash (hex), peers and whether it has voting power come from that answer.
   */
  public record NodeStatus(
      TestnetLayout.Node node,
      boolean running,
      long height,
      String appHash,
      int peers,
      boolean validator,
      String problem) {}

  public static List<NodeStatus> status(TestnetLayout layout) throws IOException {
    List<NodeStatus> statuses = new ArrayList<>();
    for (TestnetLayout.Node node : layout.nodes()) {
      boolean running = running(node).isPresent();
      try {
        CometRpcClient rpc = new CometRpcClient(rpcUri(node), RPC_TIMEOUT);
        Status status = rpc.status();
        statuses.add(
            new NodeStatus(
                node,
                running,
                status.latestBlockHeight(),
                HexFormat.of().withUpperCase().formatHex(status.latestAppHash()),
                rpc.peerCount(),
                status.validatorVotingPower() > 0,
                ""));
      } catch (CometRpcException e) {
        statuses.add(
            new NodeStatus(node, running, -1, "", 0, false, running ? "no RPC" : "stopped"));
      }
    }
    return statuses;
  }

  /** Where node's CometBFT RPC listens. */
  public static URI rpcUri(TestnetLayout.Node node) {
    return URI.create("http://127.0.0.1:" + node.ports().rpc());
  }

  /** The node's log file (its `leasechain start` output, cometbft's included). */
  public static Path log(TestnetLayout.Node node) {
    return node.home().resolve(LOG_FILE);
  }

  /** The process recorded in the node's pid file, if it is alive and is that node's. */
  private static Optional<ProcessHandle> running(TestnetLayout.Node node) throws IOException {
    Path file = pidFile(node);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(file).strip());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    // A pid is reused once its process is gone: only the `start --home HOME` that start launched
    // counts; a process whose arguments cannot be read, or that merely names the home (`tail -f
    // HOME/node.log`), is not signalled.
    List<String> ours = nodeArguments(node);
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(
            h ->
                h.info()
                    .arguments()
                    .map(List::of)
                    .filter(args -> args.size() >= ours.size())
                    .map(args -> args.subList(args.size() - ours.size(), args.size()).equals(ours))
                    .orElse(false));
  }

  /** The arguments that end a node's command line: what {@link #start} adds to the launcher. */
  private static List<String> nodeArguments(TestnetLayout.Node node) {
    return List.of("start", "--home", node.home().toString());
  }

  private static void checkPortsFree(TestnetLayout.Node node) {
    for (int port : node.ports().all()) {
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        socket.setReuseAddress(true);
      } catch (IOException e) {
        throw new IllegalStateException(
            node.name()
                + "'s "
                + node.ports().nameOf(port)
                + " port 127.0.0.1:"
                + port
                + " is in use (another testnet or node?); stop it or init with another"
                + " --base-port");
      }
    }
  }

  // setsid gives the node a session of its own; without it the node still runs, in ours.
  private static List<String> sessionLeader() {
    for (String path : List.of("/usr/bin/setsid", "/bin/setsid")) {
      if (Files.isExecutable(Path.of(path))) {
        return List.of(path);
      }
    }
    return List.of();
  }

  private static boolean answers(CometRpcClient rpc) {
    try {
      rpc.status();
      return true;
    } catch (CometRpcException e) {
      return false;
    }
  }

  private static String logTail(TestnetLayout.Node node) {
    try {
      List<String> lines = Files.readAllLines(log(node), StandardCharsets.UTF_8);
      return "last lines of "
          + log(node)
          + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<KeyInfo> createKeys(TestKeyring keyring, String prefix, int count) {
    List<KeyInfo> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add(keyring.create(prefix + i));
    }
    return keys;
  }

  private static boolean isEmptyFolder(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  private static Path pidFile(TestnetLayout.Node node) {
    return node.home().resolve(PID_FILE);
  }

  private static Path genesisFile(Path home) {
    return home.resolve("config").resolve("genesis.json");
  }
}
