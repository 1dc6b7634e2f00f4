package io.leasechain.testnet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.util.JsonFormat;
import io.leasechain.client.LeasechainClient;
import io.leasechain.client.light.GenesisTrust;
import io.leasechain.client.light.LightJson;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.CometRpcException;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.genesis.AppState;
import io.leasechain.genesis.GenesisException;
import io.leasechain.genesis.GenesisFile;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.rewards.proto.RewardsParams;
import io.leasechain.node.cli.LeasechainCommand;
import io.leasechain.node.config.AppConfig;
import io.leasechain.node.config.CometConfig;
import io.leasechain.node.testnet.NodeHome;
import io.leasechain.node.testnet.NodePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One node on loopback: a home folder, the leasechain application as its own process (so a test can
 * kill -9 it) and its cometbft as another, each logging to a file in the home.
 */
public final class LocalNode implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final int TAIL_CHARS = 4000;
  // Enough of app.log for a thread dump of the application's few dozen threads.
  private static final int DUMP_CHARS = 60_000;

  private Binaries binaries;
  private final Path home;
  private final NodePorts ports;
  private Process app;
  private Process comet;
  // Set once the node is moved into a network namespace: how to run in it, where it is reached.
  private List<String> launcher = List.of();
  private String host = "127.0.0.1";

  private LocalNode(Binaries binaries, Path home, NodePorts ports) {
    this.binaries = binaries;
    this.home = home;
    this.ports = ports;
  }

  /** Initializes a home with `leasechain init` and points every port at a free loopback one. */
  public static LocalNode init(
      Binaries binaries, Path home, String chainId, String moniker, Duration blockTime)
      throws IOException {
    int exit =
        LeasechainCommand.commandLine()
            .execute(
                "init",
                "--home",
                home.toString(),
                "--chain-id",
                chainId,
                "--moniker",
                moniker,
                "--cometbft",
                binaries.cometbft().toString());
    if (exit != 0) {
      throw new IllegalStateException("leasechain init failed for " + home);
    }
    LocalNode node = new LocalNode(binaries, home, Ports.forNode());
    NodeHome.configure(home, node.ports, binaries.cometbft().toString(), blockTime, true);
    return node;
  }

  public Path home() {
    return home;
  }

  public Path genesisFile() {
    return home.resolve("config").resolve("genesis.json");
  }

  public URI rpcUri() {
    return URI.create("http://" + host + ":" + ports.rpc());
  }

  /**
   * The REST gateway of the application, http://127.0.0.1:PORT; it answers once start() returns.
   */
  public URI gatewayUri() {
    return URI.create("http://127.0.0.1:" + ports.gateway());
  }

  /** Where the application serves Prometheus text, at {@code /metrics}. */
  public URI metricsUri() {
    return URI.create("http://127.0.0.1:" + ports.metrics());
  }

  /** Where this node's cometbft serves its own Prometheus metrics, at {@code /metrics}. */
  public URI cometMetricsUri() {
    return URI.create("http://127.0.0.1:" + ports.cometMetrics());
  }

  /** The loopback TCP port the application serves ABCI on. */
  public int abciPort() {
    return ports.abci();
  }

  /** The application process's resident memory in bytes, from /proc (Linux). */
  public long appResidentBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(app.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS for the application process " + app.pid());
  }

  public CometRpcClient rpc() {
    return new CometRpcClient(rpcUri(), Duration.ofSeconds(30));
  }

  public LeasechainClient client() {
    return new LeasechainClient(rpc());
  }

  public void addGenesisAccount(Address address, long balance) throws IOException {
    try {
      GenesisFile genesis = GenesisFile.read(genesisFile());
      AppState.addAccount(genesis.appState(), address, balance);
      genesis.write();
    } catch (GenesisException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Funds every account of {@code wallet} with {@code balance} in genesis, in one write. */
  public void addGenesisAccounts(TestWallet wallet, long balance) throws IOException {
    try {
      GenesisFile genesis = GenesisFile.read(genesisFile());
      for (int i = 0; i < wallet.size(); i++) {
        AppState.addAccount(genesis.appState(), wallet.address(i), balance);
      }
      genesis.write();
    } catch (GenesisException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Replaces the genesis rewards params (emission schedule and how fees are split). */
  public void setRewards(RewardsParams params) throws IOException {
    setParams("rewards", params);
  }

  /** Replaces one module's genesis params, e.g. {@code setParams("proof", proofParams)}. */
  public void setParams(String module, com.google.protobuf.Message params) throws IOException {
    try {
      GenesisFile genesis = GenesisFile.read(genesisFile());
      ObjectNode json = (ObjectNode) genesis.appState().path("params");
      json.set(
          module,
          new ObjectMapper()
              .readTree(
                  JsonFormat.printer()
                      .preservingProtoFieldNames()
                      .includingDefaultValueFields()
                      .print(params)));
      genesis.write();
    } catch (GenesisException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * ulease the fees paid so far sit in: the fee collector until the next block hands them to this
   * node's validator operator (with {@link TestRewards#FEES_TO_VALIDATORS}).
   */
  public long feesHeld() throws IOException {
    LeasechainClient client = client();
    return client.account(ModuleAccount.FEE_COLLECTOR.address()).getBalance()
        + client.account(validatorKey().address()).getBalance();
  }

  /** This node's validator consensus public key (from priv_validator_key.json). */
  public Ed25519PublicKey validatorKey() throws IOException {
    return NodeHome.consensusKey(home);
  }

  /** Makes {@code members} the genesis council with threshold {@code threshold}. */
  public void setCouncil(List<Address> members, int threshold) throws IOException {
    try {
      GenesisFile genesis = GenesisFile.read(genesisFile());
      AppState.setCouncil(genesis.appState(), members, threshold);
      genesis.write();
    } catch (GenesisException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** What a light client trusts when it trusts this node's genesis validators. */
  public GenesisTrust genesisTrust() throws IOException {
    return LightJson.genesis(new ObjectMapper().readTree(genesisFile().toFile()));
  }

  /** Replaces app.toml's {@code [state]} section (history kept, snapshots); read at start. */
  public void setState(AppConfig.StateConfig state) throws IOException {
    AppConfig.read(home).withState(state).write(home);
  }

  /**
   * Makes this node join by CometBFT state sync instead of replaying from genesis: its light client
   * trusts block {@code trustHeight} with hash {@code trustHash} and checks headers against {@code
   * rpcServers} (at least two), then restores a snapshot its peers offer.
   */
  public void enableStateSync(List<URI> rpcServers, long trustHeight, String trustHash)
      throws IOException {
    CometConfig.read(home.resolve("config").resolve("config.toml"))
        .setBoolean("statesync", "enable", true)
        .setString(
            "statesync",
            "rpc_servers",
            String.join(",", rpcServers.stream().map(URI::toString).toList()))
        .setRaw("statesync", "trust_height", Long.toString(trustHeight))
        .setString("statesync", "trust_hash", trustHash)
        .setString("statesync", "trust_period", "168h0m0s")
        // CometBFT's lower bounds: keep the test's discovery and chunk waits short.
        .setString("statesync", "discovery_time", "5s")
        .setString("statesync", "chunk_request_timeout", "5s")
        .write();
  }

  /** Makes this node a non-validating follower of {@code peer}: same genesis, peered to it. */
  public void follow(LocalNode peer) throws IOException, InterruptedException {
    Files.copy(peer.genesisFile(), genesisFile(), StandardCopyOption.REPLACE_EXISTING);
    CometConfig.read(home.resolve("config").resolve("config.toml"))
        .setString("p2p", "persistent_peers", peer.nodeId() + "@127.0.0.1:" + peer.ports.p2p())
        .write();
  }

  public String nodeId() throws IOException {
    return NodeHome.nodeId(home);
  }

  /**
   * Makes this node run inside {@code namespace} from its next start: it listens on every address
   * of the namespace, and is reached at {@link NetworkNamespace#innerAddress()}; it cannot dial
   * nodes on the host's loopback, so its peers must dial it ({@link LocalNetwork#isolate(int,
   * NetworkNamespace)} wires that).
   */
  void isolate(NetworkNamespace namespace) throws IOException {
    launcher = namespace.launcher();
    host = namespace.innerAddress();
    AppConfig.read(home).withAbciAddress("tcp://0.0.0.0:" + ports.abci()).write(home);
    CometConfig.read(home.resolve("config").resolve("config.toml"))
        .setString("rpc", "laddr", "tcp://0.0.0.0:" + ports.rpc())
        .setString("p2p", "laddr", "tcp://0.0.0.0:" + ports.p2p())
        .setString("p2p", "persistent_peers", "")
        .write();
  }

  /** Starts the application, waits until it accepts ABCI connections, then starts cometbft. */
  public void start(Map<String, String> appEnvironment) throws IOException {
    List<String> command = new ArrayList<>(launcher);
    command.addAll(List.of(binaries.java().toString(), "-Xmx512m"));
    command.addAll(binaries.nodeLauncher());
    command.addAll(List.of("start", "--abci-only", "--home", home.toString()));
    ProcessBuilder appBuilder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("app.log").toFile()));
    appBuilder.environment().putAll(appEnvironment);
    app = appBuilder.start();
    Deadline.await(
        "the application to listen on ABCI port " + ports.abci(),
        START_TIMEOUT,
        () -> !app.isAlive() || accepts(host, ports.abci()));
    if (!app.isAlive()) {
      throw new IllegalStateException(
          "the application exited with "
              + app.exitValue()
              + "; end of app.log:\n"
              + tail(appLog(), TAIL_CHARS));
    }
    startComet();
  }

  /** Starts cometbft alone, against an application that is already running. */
  public void startComet() throws IOException {
    List<String> command = new ArrayList<>(launcher);
    command.addAll(List.of(binaries.cometbft().toString(), "start", "--home", home.toString()));
    comet =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("cometbft.log").toFile()))
            .start();
  }

  public void start() throws IOException {
    start(Map.of());
  }

  /** Runs this node's application with {@code build} from its next start (a software upgrade). */
  public void useBuild(Binaries build) {
    this.binaries = build;
  }

  /** Waits until the chain has committed {@code height}; returns the height reached. */
  public long awaitHeight(long height, Duration timeout) {
    try {
      return rpc().waitForHeight(height, timeout);
    } catch (CometRpcException e) {
      // A node that never reaches a height says why in its logs, not in its RPC.
      throw new IllegalStateException(withLogTails(e.getMessage(), TAIL_CHARS), e);
    }
  }

  public long height() {
    return rpc().status().latestBlockHeight();
  }

  /** SIGKILLs the application (never cometbft), then waits for cometbft to notice and exit. */
  public void killApp() throws InterruptedException {
    app.destroyForcibly();
    app.waitFor();
    awaitCometExit();
  }

  /** SIGKILLs cometbft alone; the application keeps running and waits for a new connection. */
  public void killComet() throws InterruptedException {
    comet.destroyForcibly();
    comet.waitFor();
  }

  /** SIGKILLs cometbft and the application at once, as a power cut would. */
  public void killBoth() throws InterruptedException {
    comet.destroyForcibly();
    app.destroyForcibly();
    comet.waitFor();
    app.waitFor();
  }

  /** SIGSTOPs both processes (a frozen VM or a long GC pause); {@link #resume()} undoes it. */
  public void pause() throws IOException, InterruptedException {
    signal("-STOP");
  }

  /** SIGCONTs both processes after {@link #pause()}. */
  public void resume() throws IOException, InterruptedException {
    signal("-CONT");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    signal(signal, app, comet);
  }

  private static void signal(String signal, Process... processes)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("kill", signal));
    for (Process process : processes) {
      command.add(Long.toString(process.pid()));
    }
    Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill " + signal + " failed: " + output);
    }
  }

  /**
   * Waits for the application to exit by itself (a failpoint halting it); returns its exit code.
   */
  public int awaitAppExit(Duration timeout) throws IOException, InterruptedException {
    if (!app.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      // What it waits on is in its threads: SIGQUIT makes the JVM print them into app.log.
      int before = appLog().length();
      try {
        signal("-QUIT", app);
        Deadline.await(
            "the application's thread dump",
            Duration.ofSeconds(10),
            () -> appLog().indexOf("Full thread dump", before) >= 0);
      } catch (IllegalStateException e) {
        // Exited meanwhile, or no dump in time: the message below says what there is.
      }
      throw new IllegalStateException(
          withLogTails("the application did not exit within " + timeout, DUMP_CHARS));
    }
    awaitCometExit();
    return app.exitValue();
  }

  // CometBFT shuts itself down when its ABCI connection dies; it gets a bounded grace period.
  private void awaitCometExit() throws InterruptedException {
    if (!comet.waitFor(30, TimeUnit.SECONDS)) {
      comet.destroy();
      if (!comet.waitFor(15, TimeUnit.SECONDS)) {
        comet.destroyForcibly().waitFor();
      }
    }
  }

  /** Stops cometbft then the application, gracefully, as an operator's SIGTERM would. */
  public void stop() throws InterruptedException {
    for (Process process : new Process[] {comet, app}) {
      if (process != null && process.isAlive()) {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      }
    }
  }

  public String appLog() {
    return readLog("app.log");
  }

  public String cometLog() {
    return readLog("cometbft.log");
  }

  private String readLog(String name) {
    try {
      Path file = home.resolve(name);
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String withLogTails(String message, int appChars) {
    return message
        + "\nend of "
        + home.resolve("cometbft.log")
        + ":\n"
        + tail(cometLog(), TAIL_CHARS)
        + "\nend of "
        + home.resolve("app.log")
        + ":\n"
        + tail(appLog(), appChars);
  }

  private static String tail(String log, int chars) {
    return log.length() <= chars ? log : log.substring(log.length() - chars);
  }

  private static boolean accepts(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** This node's p2p address as a peer list entry: {@code id@127.0.0.1:port}. */
  public String peerAddress() throws IOException, InterruptedException {
    return nodeId() + "@" + host + ":" + ports.p2p();
  }

  /** Sets cometbft's persistent_peers (takes effect at the next start). */
  public void setPersistentPeers(List<String> peerAddresses) throws IOException {
    NodeHome.setPersistentPeers(home, peerAddresses);
  }

  /** Whether both the application and cometbft processes are alive. */
  public boolean isRunning() {
    return app != null && app.isAlive() && comet != null && comet.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
