package io.leasechain.node.metrics;

import com.google.protobuf.InvalidProtocolBufferException;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.ledger.tx.proto.Tx;
import io.leasechain.ledger.tx.proto.TxBody;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.util.Locale;

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
  public HTTPServer serve(String host, int port) throws IOException {
    // The exporter's JDK server reads each request head on one of its 10 threads and by default
    // waits for the rest forever, so 10 connections stopped mid-head would silence /metrics. The
    // JDK reads this setting once, when its first server starts; an operator's -D value wins.
    System.getProperties().putIfAbsent(MAX_REQUEST_SECONDS, "10");
    return HTTPServer.builder().hostname(host).port(port).registry(registry).buildAndStart();
  }

  // The Msg oneof field's name, e.g. send or create_bid: the `message.action` of the tx's events.
  private static String action(Msg message) {
    return message.getSumCase() == Msg.SumCase.SUM_NOT_SET
        ? "unknown"
        : message.getSumCase().name().toLowerCase(Locale.ROOT);
  }
}
