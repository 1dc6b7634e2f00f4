package io.leasechain.ledger.testing;

import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.ReadableState;
import java.util.Iterator;

/** A read-only view that counts what is read through it: point reads, scans and scanned entries. */
public final class CountingState implements ReadableState {

  /** What one piece of work read. */
  public record Reads(long gets, long scans, long scannedEntries) {}

  private final ReadableState inner;
  private long gets;
  private long scans;
  private long scannedEntries;

  public CountingState(ReadableState inner) {
    this.inner = inner;
  }

  @Override
  public byte[] get(byte[] key) {
    gets++;
    return inner.get(key);
  }

  @Override
  public Iterator<KeyValue> scan(byte[] from, byte[] to) {
    scans++;
    Iterator<KeyValue> entries = inner.scan(from, to);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return entries.hasNext();
      }

      @Override
      public KeyValue next() {
        scannedEntries++;
        return entries.next();
      }
    };
  }

  public Reads reads() {
    return new Reads(gets, scans, scannedEntries);
  }
}
