package io.leasechain.ledger.state;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * A secondary index: keys with a one-byte marker value under one {@link KeySpace}, whose suffix
 * after a caller-chosen prefix ends in the id of the record it points to.
 */
public final class Index {

  // Not empty: ICS-23 (and so every light client) cannot prove a leaf with an empty value, and an
  // unprovable leaf also spoils the absence proofs of the keys beside it in the state tree.
  private static final byte[] PRESENT = {1};

  private final KeySpace space;

  public Index(KeySpace space) {
    this.space = space;
  }

  public void add(KeyValueState state, byte[]... parts) {
    state.put(Keys.of(space, parts), PRESENT);
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

  /** How many entries lie under {@code prefix}; reads each of them, so the cost grows with it. */
  public long count(ReadableState state, byte[]... prefix) {
    long count = 0;
    Iterator<KeyValue> entries = state.scanPrefix(Keys.of(space, prefix));
    while (entries.hasNext()) {
      entries.next();
      count++;
    }
    return count;
  }

  /** An entry of a height-keyed index: the height it is due at and the key suffix after it. */
  public record Due(long height, byte[] suffix) {}

  /**
   * The first entry at or after key {@code from} (a full key in this index's space) keyed by a
   * height at or below {@code height}, in (height, suffix) order; null when none is due. Reads at
   * most one entry.
   */
  public Due firstDue(ReadableState state, long height, byte[] from) {
    Iterator<KeyValue> entries =
        state.scan(from, Keys.of(space, Keys.uint64(Math.addExact(height, 1))));
    if (!entries.hasNext()) {
      return null;
    }
    byte[] key = entries.next().key();
    int prefix = Keys.of(space).length;
    return new Due(
        ByteBuffer.wrap(key, prefix, Long.BYTES).getLong(),
        Arrays.copyOfRange(key, prefix + Long.BYTES, key.length));
  }

  public KeySpace space() {
    return space;
  }
}
