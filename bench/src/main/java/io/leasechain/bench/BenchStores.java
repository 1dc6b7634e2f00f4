package io.leasechain.bench;

import io.leasechain.ledger.state.Write;
import io.leasechain.node.store.RocksStore;
import java.util.List;

/** Commits generated writes the way the node's FinalizeBlock and Commit do, as one height. */
final class BenchStores {

  private BenchStores() {}

  static void commit(RocksStore store, long height, List<Write> writes) {
    store.commit(store.prepare(height, writes));
  }
}
