package io.leasechain.node.app;

import io.leasechain.ledger.Event;
import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.node.store.RocksStore;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mempool's state as CheckTx changes it, naming each key an admitted tx writes to the store, so
 * that the tree nodes the next block will read for it are read ahead, between blocks.
 */
final class ReadAheadState implements KeyValueState {

  private static final Logger LOG = LoggerFactory.getLogger(ReadAheadState.class);

  private final KeyValueState mempool;
  private final RocksStore store;

  ReadAheadState(KeyValueState mempool, RocksStore store) {
    this.mempool = mempool;
    this.store = store;
  }

  @Override
  public byte[] get(byte[] key) {
    return mempool.get(key);
  }

  @Override
  public Iterator<KeyValue> scan(byte[] from, byte[] to) {
    return mempool.scan(from, to);
  }

  @Override
  public void put(byte[] key, byte[] value) {
    mempool.put(key, value);
    readAhead(key, false);
  }

  @Override
  public void delete(byte[] key) {
    mempool.delete(key);
    readAhead(key, true);
  }

  // Only a hint: a failure here must not leave the mempool holding part of a tx's writes.
  private void readAhead(byte[] key, boolean deleting) {
    try {
      store.readAhead(key, deleting);
    } catch (RuntimeException e) {
      LOG.debug("cannot read the tree path of a mempool write ahead: {}", e.toString());
    }
  }

  @Override
  public void emit(Event event) {
    mempool.emit(event);
  }

  @Override
  public List<Event> drainEvents() {
    return mempool.drainEvents();
  }
}
