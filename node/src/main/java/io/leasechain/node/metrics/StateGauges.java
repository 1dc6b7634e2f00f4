package io.leasechain.node.metrics;

import io.leasechain.ledger.market.MarketTotals;
import io.leasechain.node.store.RocksStore;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * Gauges read from the committed state and the database when Prometheus scrapes, on the scraping
 * thread: the block path pays nothing for them. The market figures come from one RocksDB snapshot,
 * so they agree with each other; their cost is in {@link MarketTotals#of}.
 */
final class StateGauges implements MultiCollector {

  private final RocksStore store;

  StateGauges(RocksStore store) {
    this.store = store;
  }

  @Override
  public MetricSnapshots collect() {
    MarketTotals market;
    try (RocksStore.View view = store.view()) {
      market = MarketTotals.of(view);
    }
    RocksStore.Size size = store.size();
    RocksStore.TreeCacheBytes treeCache = store.treeCacheBytes();
    return MetricSnapshots.of(
        gauge("leasechain_open_orders", "Orders open for bids", point(market.openOrders())),
        gauge("leasechain_active_leases", "Active leases", point(market.activeLeases())),
        gauge(
            "leasechain_escrow_ulease",
            "ulease held by the escrow module account: open escrows and accrued, unpaid lease"
                + " payments",
            point(market.escrowHeld())),
        gauge(
            "leasechain_rocksdb_size_bytes",
            "Disk size of the state database: live SST files and the write-ahead log",
            point(size.sstFiles()).labels(Labels.of("files", "sst")),
            point(size.walFiles()).labels(Labels.of("files", "wal"))),
        gauge(
            "leasechain_rocksdb_memtable_bytes",
            "Memory held by the state database's memtables",
            point(size.memtables())),
        gauge(
            "leasechain_state_oldest_height",
            "The lowest height whose state this node still answers queries at",
            point(store.oldestHeight())),
        gauge(
            "leasechain_state_tree_nodes",
            "State tree nodes stored, all kept heights together (RocksDB's estimate)",
            point(store.estimatedTreeNodes())),
        gauge(
            "leasechain_state_tree_cache_bytes",
            "Memory the state tree cache holds, by share: internal nodes (up to three quarters of"
                + " tree_cache_mb) and leaves (a quarter)",
            point(treeCache.internalNodes()).labels(Labels.of("share", "internal")),
            point(treeCache.leaves()).labels(Labels.of("share", "leaves"))),
        gauge(
            "leasechain_state_tree_write_failed",
            "1 when writing the state tree behind the last commit failed: the next commit stops"
                + " the node, whose restart rebuilds it",
            point(store.treeWriteFailed() ? 1 : 0)));
  }

  private static GaugeDataPointSnapshot.Builder point(long value) {
    return GaugeDataPointSnapshot.builder().value(value);
  }

  private static GaugeSnapshot gauge(
      String name, String help, GaugeDataPointSnapshot.Builder... points) {
    GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
    for (GaugeDataPointSnapshot.Builder point : points) {
      gauge.dataPoint(point.build());
    }
    return gauge.build();
  }
}
