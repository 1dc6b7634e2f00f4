package io.leasechain.ledger.invariant;

import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.ReadableState;
import java.util.HexFormat;
import java.util.Iterator;

/**
 * no-empty-value: no key holds an empty value, since no ICS-23 proof can carry one (a record that
 * encodes to zero bytes, such as an all-default protobuf, would be a key no wallet can verify).
 */
final class NoEmptyValueInvariant implements Invariant {

  @Override
  public String name() {
    return "no-empty-value";
  }

  @Override
  public String check(ReadableState state, long height) {
    Iterator<KeyValue> entries = state.scan(new byte[0], null);
    while (entries.hasNext()) {
      KeyValue entry = entries.next();
      if (entry.value().length == 0) {
        return "key " + HexFormat.of().formatHex(entry.key()) + " holds an empty value";
      }
    }
    return null;
  }
}
