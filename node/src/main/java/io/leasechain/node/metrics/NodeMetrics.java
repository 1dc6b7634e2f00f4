package io.leasechain.node.metrics;

import com.google.protobuf.InvalidProtocolBufferException;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.ledger.tx.proto.Tx;
import io.leasechain.ledger.tx.proto.TxBody;
import io.leasechain.node.app.LeasechainApp;
import io.leasechain.node.store.RocksStore;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The application's Prometheus metrics (names prefixed {@code leasechain_}), in a registry of their
 * own; {@link #serve} exposes them as Prometheus text. docs/operating.md lists them.
 */
public final class NodeMetrics {

  private static final String MAX_REQUEST_SECONDS = "sun.net.httpserver.maxReqTime";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Gauge height =
      Gauge.builder()
          .name("leasechain_height")
          .help("Last committed block height")
          .register(registry);
  private final Counter txs =
      Counter.builder()
          .name("leasechain_txs")
          .help("Messages in delivered txs, by message (action) and the tx's result code")
          .labelNames("action", "code")
          .register(registry);
  private final Counter checkTxRejections =
      Counter.builder()
          .name("leasechain_check_tx_rejections")
          .help("Txs CheckTx refused, by result code")
          .labelNames("code")
          .register(registry);
  private final Histogram finalizeBlock =
      Histogram.builder()
          .name("leasechain_finalize_block_duration_seconds")
          .help("Time the application took for FinalizeBlock")
          .unit(Unit.SECONDS)
          .classicOnly()
          .register(registry);
  private final Histogram commit =
      Histogram.builder()
          .name("leasechain_commit_duration_seconds")
          .help("Time the application took for Commit (writing the block's state to RocksDB)")
          .unit(Unit.SECONDS)
          .classicOnly()
          .register(registry);

  /** Metrics of the application; gauges of the state and the database read {@code store}. */
  public NodeMetrics(RocksStore store) {
    registry.register(new StateGauges(store));
    Info.builder()
        .name("leasechain_app")
        .help("The application's version and ABCI app protocol version")
        .labelNames("version", "app_protocol")
        .register(registry)
        .setLabelValues(LeasechainApp.VERSION, Long.toString(LeasechainApp.APP_PROTOCOL_VERSION));
  }

  /** Counts one delivered tx: each of its messages under its action, with the tx's code. */
  void txDelivered(byte[] tx, int code) {
    String result = Integer.toString(code);
    try {
      for (Msg message : TxBody.parseFrom(Tx.parseFrom(tx).getBody()).getMessagesList()) {
        txs.labelValues(action(message), result).inc();
      }
    } catch (InvalidProtocolBufferException e) {
      txs.labelValues("unknown", result).inc();
    }
  }

  void checkTxRejected(int code) {
    checkTxRejections.labelValues(Integer.toString(code)).inc();
  }

  void finalizeBlockTook(long nanos) {
    finalizeBlock.observe(nanos / 1e9);
  }

  void committed(long committedHeight, long nanos) {
    commit.observe(nanos / 1e9);
    height.set(committedHeight);
  }

  /** Serves {@code /metrics} on {@code host:port}; close the server to stop. */
  public Server serve(String host, int port) throws IOException {
    // The exporter's JDK server reads each request head on one of its threads and by default waits
    // for the rest forever, so connections stopped mid-head would silence /metrics. The JDK reads
    // this setting once, when its first server starts; an operator's -D value wins.
    System.getProperties().putIfAbsent(MAX_REQUEST_SECONDS, "10");
    ExecutorService scrapes =
        Executors.newFixedThreadPool(
            2,
            task -> {
              Thread thread = new Thread(task, "metrics");
              thread.setDaemon(true);
              return thread;
            });
    try {
      return new Server(
          HTTPServer.builder()
              .hostname(host)
              .port(port)
              .registry(registry)
              .executorService(scrapes)
              .buildAndStart(),
          scrapes);
    } catch (IOException e) {
      scrapes.shutdown();
      throw e;
    }
  }

  /** The running {@code /metrics} endpoint. */
  public static final class Server {
    private final HTTPServer http;
    private final ExecutorService scrapes;

    private Server(HTTPServer http, ExecutorService scrapes) {
      this.http = http;
      this.scrapes = scrapes;
    }

    /**
     * Stops serving and waits for the scrapes in progress: they read the state database, which the
     * node closes next, and a read of a closed RocksDB crashes the JVM.
     */
    public void close() {
      http.close();
      try {
        scrapes.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // The Msg oneof field's name, e.g. send or create_bid: the `message.action` of the tx's events.
  private static String action(Msg message) {
    return message.getSumCase() == Msg.SumCase.SUM_NOT_SET
        ? "unknown"
        : message.getSumCase().name().toLowerCase(Locale.ROOT);
  }
}
