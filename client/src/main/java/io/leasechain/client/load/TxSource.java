package io.leasechain.client.load;

import io.leasechain.client.rpc.TxOutcome;

/** Where a run takes its txs from, and whom it tells of their fate. */
interface TxSource {

  /** The next tx to offer, or null when none is ready now (the run counts a skipped slot). */
  LoadTx next();

  /** CheckTx refused {@code tx}, or the broadcast failed: it will not commit. */
  default void refused(LoadTx tx) {}

  /** {@code tx} was committed in block {@code height} with {@code outcome}. */
  default void committed(LoadTx tx, long height, TxOutcome outcome) {}

  /** Block {@code height} is committed (called after the committed txs of that block). */
  default void height(long height) {}

  /** A source of txs signed in advance, offered in order. */
  static TxSource of(java.util.List<LoadTx> txs) {
    java.util.Iterator<LoadTx> it = txs.iterator();
    return () -> {
      synchronized (it) {
        return it.hasNext() ? it.next() : null;
      }
    };
  }
}
