package io.leasechain.node.app;

import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.ReadableState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * Reads through to a state and notes every key read, in first-read order: the keys a proven answer
 * must carry proofs for. A scan cannot be proven key by key, so it stops the answer at once.
 */
final class ReadRecorder implements ReadableState {

  private final ReadableState state;
  private final List<byte[]> reads = new ArrayList<>();
  private final TreeSet<byte[]> seen = new TreeSet<>(Arrays::compareUnsigned);

  ReadRecorder(ReadableState state) {
    this.state = state;
  }

  /** Every key read so far, each once, in the order first read. */
  List<byte[]> reads() {
    return List.copyOf(reads);
  }

  @Override
  public byte[] get(byte[] key) {
    byte[] copy = key.clone();
    if (seen.add(copy)) {
      reads.add(copy);
    }
    return state.get(key);
  }

  @Override
  public Iterator<KeyValue> scan(byte[] from, byte[] to) {
    throw new ScanRefused();
  }

  /** Thrown by {@link #scan}: the answer lists records, which no per-key proof covers. */
  static final class ScanRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ScanRefused() {
      super("a scan cannot be proven", null, false, false);
    }
  }
}
