package io.leasechain.ledger.testing;

import io.leasechain.crypto.Hex;
import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.ReadableState;
import java.util.Iterator;
import java.util.SortedMap;
import java.util.TreeMap;

/** Whole-state snapshots for "nothing changed" assertions: hex key to hex value, in key order. */
public final class StateDump {

  private StateDump() {}

  public static SortedMap<String, String> of(ReadableState state) {
    SortedMap<String, String> dump = new TreeMap<>();
    Iterator<KeyValue> entries = state.scan(new byte[0], null);
    while (entries.hasNext()) {
      KeyValue entry = entries.next();
      dump.put(Hex.encode(entry.key()), Hex.encode(entry.value()));
    }
    return dump;
  }
}
