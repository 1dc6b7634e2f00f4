package io.leasechain.ledger.state;

import java.util.Collections;
import java.util.Iterator;

/** The state before genesis: nothing at all. */
public final class EmptyState implements ReadableState {

  public static final EmptyState INSTANCE = new EmptyState();

  private EmptyState() {}

  @Override
  public byte[] get(byte[] key) {
    return null;
  }

  @Override
  public Iterator<KeyValue> scan(byte[] from, byte[] to) {
    return Collections.emptyIterator();
  }
}
