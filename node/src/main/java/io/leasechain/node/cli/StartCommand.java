package io.leasechain.node.cli;

import io.leasechain.ledger.upgrade.Migration;
import io.leasechain.ledger.upgrade.Upgrades;
import io.leasechain.node.abci.AbciAddress;
import io.leasechain.node.abci.AbciServer;
import io.leasechain.node.app.LeasechainApp;
import io.leasechain.node.config.AppConfig;
import io.leasechain.node.config.CometBinary;
import io.leasechain.node.gateway.CometRpcAddress;
import io.leasechain.node.gateway.Gateway;
import io.leasechain.node.metrics.MeteredApplication;
import io.leasechain.node.metrics.NodeMetrics;
import io.leasechain.node.snapshot.SnapshotDirectory;
import io.leasechain.node.store.Pruner;
import io.leasechain.node.store.RocksStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `leasechain start`: serves ABCI and, unless --abci-only, runs and supervises cometbft from the
 * same home, so one command brings a validator up. SIGINT (Ctrl-C) or SIGTERM stops cometbft first,
 * then the application, then closes the database, and exits with 0; if cometbft dies the node exits
 * too, with cometbft's exit code.
 */
@Command(name = "start", description = "Run the node (the ABCI application and its cometbft).")
final class StartCommand implements Callable<Integer> {

  /**
   * The exit status after a halt for an upgrade (a block this build must not run): like sysexits'
   * EX_CONFIG, the operator's move is to start another build.
   */
  static final int UPGRADE_EXIT_CODE = 78;

  @Mixin HomeOptions home;

  @Option(names = "--abci-only", description = "Serve ABCI only; CometBFT is run separately")
  boolean abciOnly;

  @Option(names = "--cometbft", description = "Path to the cometbft binary")
  String cometbft;

  @Option(
      names = "--abci-address",
      description =
          "Where to serve ABCI, tcp://HOST:PORT or unix:///path/app.sock (default: app.toml)")
  String abciAddress;

  @Override
  public Integer call() throws Exception {
    // Not a static field: picocli instantiates every command to parse any one of them, and creating
    // a logger configures logback, which would cost every client command a noticeable start-up.
    Logger log = LoggerFactory.getLogger(StartCommand.class);
    Path root = home.home();
    AppConfig config = AppConfig.read(root);
    if (abciAddress != null) {
      config = config.withAbciAddress(abciAddress);
    }
    AbciAddress address = config.abci();
    RocksStore store =
        RocksStore.open(
            root.resolve("data").resolve("application.db"),
            config.state().keepRecent(),
            config.state().caches());
    Pruner pruner = Pruner.start(store);
    SnapshotDirectory snapshots =
        SnapshotDirectory.open(root.resolve("data").resolve("snapshots"), config.state());
    Upgrades upgrades =
        new Upgrades(
            ServiceLoader.load(Migration.class).stream().map(ServiceLoader.Provider::get).toList());
    log.info("migrations in this build: {}", upgrades.names());
    AtomicInteger exitCode = new AtomicInteger();
    LeasechainApp app =
        new LeasechainApp(
            store,
            config.checkInvariants(),
            snapshots,
            upgrades,
            () -> {
              // From another thread: exit runs the shutdown hook, which waits for this one's call.
              exitCode.set(UPGRADE_EXIT_CODE);
              new Thread(() -> System.exit(UPGRADE_EXIT_CODE), "leasechain-upgrade-stop").start();
            });
    // Before ABCI, so that once CometBFT (or a test) can reach the app the gateway answers too.
    Gateway gateway =
        config.gatewayAddress().isEmpty()
            ? null
            : Gateway.start(
                Gateway.listenAddress(config.gatewayAddress()),
                app::query,
                CometRpcAddress.of(root));
    NodeMetrics metrics = new NodeMetrics(store);
    AbciServer server =
        AbciServer.start(
            address,
            new MeteredApplication(app, metrics),
            config.maxFrameBytes(),
            config.maxConnections());
    log.info("ABCI server on {}, state in {}", server.address(), root.resolve("data"));
    NodeMetrics.Server metricsServer = serveMetrics(log, metrics, config.metricsAddress());
    Process comet = null;
    if (!abciOnly) {
      Path binary = CometBinary.locate(cometbft != null ? cometbft : config.cometbftBinary());
      comet =
          // proxy_app follows the address served, whatever config.toml says.
          new ProcessBuilder(
                  List.of(
                      binary.toString(),
                      "start",
                      "--home",
                      root.toString(),
                      "--proxy_app",
                      server.address().toString()))
              .inheritIO()
              .start();
      log.info("started {} (pid {})", binary, comet.pid());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean stopping = new AtomicBoolean();
    Process child = comet;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping.set(true);
                  if (metricsServer != null) {
                    metricsServer.close();
                  }
                  stop(log, child, gateway, server, pruner, snapshots, store);
                  stopped.countDown();
                  // After SIGINT or SIGTERM the JVM would exit with 128 + the signal number, but a
                  // stop the operator asked for is a success: the node exits with the code decided
                  // here (0 unless cometbft failed on its own).
                  Runtime.getRuntime().halt(exitCode.get());
                },
                "leasechain-shutdown"));
    // Once the hook that closes the store is in place: the warmer must end before it closes.
    store.startTreeCacheWarmer();
    if (child == null) {
      stopped.await();
      return 0;
    }
    int exit = child.waitFor();
    // cometbft exits with 0 when it is signalled itself, as Ctrl-C signals the whole process group.
    if (stopping.get() || exit == 0) {
      log.info("cometbft stopped; stopping the node");
      return 0;
    }
    log.error("cometbft exited with code {}; stopping the node", exit);
    exitCode.compareAndSet(0, exit);
    return exit;
  }

  /** Starts the metrics server unless {@code laddr} is empty; null when there is none. */
  private static NodeMetrics.Server serveMetrics(Logger log, NodeMetrics metrics, String laddr)
      throws IOException {
    if (laddr.isBlank()) {
      return null;
    }
    int colon = laddr.lastIndexOf(':');
    int port;
    try {
      port = Integer.parseInt(laddr.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (colon <= 0 || port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "app.toml [metrics] laddr '" + laddr + "' is not HOST:PORT (or \"\" for none)");
    }
    NodeMetrics.Server server = metrics.serve(laddr.substring(0, colon), port);
    log.info("metrics on http://{}/metrics", laddr);
    return server;
  }

  private static void stop(
      Logger log,
      Process comet,
      Gateway gateway,
      AbciServer server,
      Pruner pruner,
      SnapshotDirectory snapshots,
      RocksStore store) {
    if (comet != null && comet.isAlive()) {
      log.info("stopping cometbft (pid {})", comet.pid());
      comet.destroy();
      try {
        if (!comet.waitFor(20, TimeUnit.SECONDS)) {
          log.warn("cometbft did not stop within 20 s; killing it");
          comet.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (gateway != null) {
      gateway.close();
    }
    server.close();
    if (pruner != null) {
      pruner.close();
    }
    // A snapshot export reads the store: it ends before the store closes.
    snapshots.close();
    store.close();
    log.info("node stopped");
  }
}
