package io.leasechain.ledger.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A persistent next-id counter; ids start at 1 so that 0 can mean "none". */
public final class Counter {

  private final byte[] key;

  public Counter(String name) {
    this.key = Keys.of(KeySpace.COUNTER, name.getBytes(StandardCharsets.UTF_8));
  }

  /** Returns the next id and advances the counter. */
  public long next(KeyValueState state) {
    long id = peek(state);
    state.put(key, Keys.uint64(Math.addExact(id, 1)));
    return id;
  }

  /** The id {@link #next} would return, without advancing. */
  public long peek(ReadableState state) {
    byte[] bytes = state.get(key);
    return bytes == null ? 1 : ByteBuffer.wrap(bytes).getLong();
  }
}
