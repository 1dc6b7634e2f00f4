package io.leasechain.ledger.state;

import io.leasechain.ledger.Event;
import java.util.List;

/**
 * Chain state the ledger may change; every implementation stages writes until its owner commits. It
 * also collects the events its changes caused (as a Cosmos context's event manager does), so events
 * share the fate of their writes: dropped with a dropped overlay, passed on at commit.
 */
public interface KeyValueState extends ReadableState {

  void put(byte[] key, byte[] value);

  void delete(byte[] key);

  /** Records an event of a change made here, after those recorded before it. */
  void emit(Event event);

  /** The events recorded and not yet drained, in order; they are forgotten here. */
  List<Event> drainEvents();
}
