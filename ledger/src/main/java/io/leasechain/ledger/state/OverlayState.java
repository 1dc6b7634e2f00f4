package io.leasechain.ledger.state;

import io.leasechain.ledger.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * Staged writes over a parent state: reads see the writes first, and nothing reaches the parent
 * until {@link #commitTo}. A block executes into one overlay; each transaction's messages run in a
 * child overlay that is dropped when they fail. Events follow their writes: staged here, dropped
 * with the overlay, passed on at commit unless drained first.
 */
public final class OverlayState implements KeyValueState {

  // Identity marks a deletion; put() copies values, so no caller's array can be this instance.
  private static final byte[] DELETED = new byte[0];

  private final ReadableState parent;
  private final TreeMap<byte[], byte[]> writes = new TreeMap<>(Arrays::compareUnsigned);
  private List<Event> events = List.of();

  public OverlayState(ReadableState parent) {
    this.parent = parent;
  }

  @Override
  public byte[] get(byte[] key) {
    byte[] staged = writes.get(key);
    if (staged == null) {
      return parent.get(key);
    }
    return staged == DELETED ? null : staged;
  }

  @Override
  public void put(byte[] key, byte[] value) {
    writes.put(key.clone(), value.clone());
  }

  @Override
  public void delete(byte[] key) {
    writes.put(key.clone(), DELETED);
  }

  @Override
  public Iterator<KeyValue> scan(byte[] from, byte[] to) {
    if (to != null && Arrays.compareUnsigned(from, to) >= 0) {
      return java.util.Collections.emptyIterator();
    }
    NavigableMap<byte[], byte[]> staged =
        to == null ? writes.tailMap(from, true) : writes.subMap(from, true, to, false);
    return new MergingIterator(parent.scan(from, to), staged.entrySet().iterator());
  }

  @Override
  public void emit(Event event) {
    if (events.isEmpty()) {
      events = new ArrayList<>();
    }
    events.add(event);
  }

  @Override
  public List<Event> drainEvents() {
    List<Event> drained = events;
    events = List.of();
    return drained;
  }

  /**
   * Applies every staged write to {@code target}, in key order, then emits the undrained events.
   */
  public void commitTo(KeyValueState target) {
    for (Map.Entry<byte[], byte[]> entry : writes.entrySet()) {
      if (entry.getValue() == DELETED) {
        target.delete(entry.getKey());
      } else {
        target.put(entry.getKey(), entry.getValue());
      }
    }
    for (Event event : drainEvents()) {
      target.emit(event);
    }
  }

  /** The staged writes in ascending key order. */
  public List<Write> writes() {
    List<Write> result = new ArrayList<>(writes.size());
    for (Map.Entry<byte[], byte[]> entry : writes.entrySet()) {
      result.add(new Write(entry.getKey(), entry.getValue() == DELETED ? null : entry.getValue()));
    }
    return result;
  }

  public boolean isEmpty() {
    return writes.isEmpty();
  }

  /** Merges the parent's entries with staged ones; on equal keys the staged entry wins. */
  private static final class MergingIterator implements Iterator<KeyValue> {
    private final Iterator<KeyValue> base;
    private final Iterator<Map.Entry<byte[], byte[]>> staged;
    private KeyValue nextBase;
    private Map.Entry<byte[], byte[]> nextStaged;
    private KeyValue next;

    MergingIterator(Iterator<KeyValue> base, Iterator<Map.Entry<byte[], byte[]>> staged) {
      this.base = base;
      this.staged = staged;
      this.nextBase = base.hasNext() ? base.next() : null;
      this.nextStaged = staged.hasNext() ? staged.next() : null;
      advance();
    }

    private void advance() {
      next = null;
      while (next == null && (nextBase != null || nextStaged != null)) {
        int order =
            nextBase == null
                ? 1
                : nextStaged == null
                    ? -1
                    : Arrays.compareUnsigned(nextBase.key(), nextStaged.getKey());
        if (order < 0) {
          next = nextBase;
          nextBase = base.hasNext() ? base.next() : null;
        } else {
          if (order == 0) {
            nextBase = base.hasNext() ? base.next() : null;
          }
          if (nextStaged.getValue() != DELETED) {
            next = new KeyValue(nextStaged.getKey(), nextStaged.getValue());
          }
          nextStaged = staged.hasNext() ? staged.next() : null;
        }
      }
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public KeyValue next() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      KeyValue result = next;
      advance();
      return result;
    }
  }
}
