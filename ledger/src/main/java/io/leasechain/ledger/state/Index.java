package io.leasechain.ledger.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * A secondary index: keys with empty values under one {@link KeySpace}, whose suffix after a
 * caller-chosen prefix ends in the id of the record it points to.
 */
public final class Index {

  private static final byte[] EMPTY = new byte[0];

  private final KeySpace space;

  public Index(KeySpace space) {
    this.space = space;
  }

  public void add(KeyValueState state, byte[]... parts) {
    state.put(Keys.of(space, parts), EMPTY);
  }

  public void remove(KeyValueState state, byte[]... parts) {
    state.delete(Keys.of(space, parts));
  }

  /** The key suffixes (after {@code prefix}) of every entry under {@code prefix}, ascending. */
  public List<byte[]> suffixes(ReadableState state, byte[]... prefix) {
    List<byte[]> suffixes = new ArrayList<>();
    byte[] start = Keys.of(space, prefix);
    Iterator<KeyValue> entries = state.scanPrefix(start);
    while (entries.hasNext()) {
      byte[] key = entries.next().key();
      suffixes.add(Arrays.copyOfRange(key, start.length, key.length));
    }
    return suffixes;
  }

  public KeySpace space() {
    return space;
  }
}
