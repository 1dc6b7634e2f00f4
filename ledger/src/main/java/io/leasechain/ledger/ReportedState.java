package io.leasechain.ledger;

import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.Write;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A block's state that notes the writes made to it and hands them to a {@link BlockProgress} at
 * each {@link #report}: what the block's start, a tx or an end-block entry wrote, once it stands,
 * and at the end what came after the last entry. Reads, writes and events pass straight through, so
 * a block runs the same whether anyone listens (and nothing is noted when no one does).
 */
final class ReportedState implements KeyValueState {

  private final KeyValueState block;
  private final BlockProgress progress;
  private List<Write> noted = new ArrayList<>();

  ReportedState(KeyValueState block, BlockProgress progress) {
    this.block = block;
    this.progress = progress;
  }

  @Override
  public byte[] get(byte[] key) {
    return block.get(key);
  }

  @Override
  public Iterator<KeyValue> scan(byte[] from, byte[] to) {
    return block.scan(from, to);
  }

  @Override
  public void put(byte[] key, byte[] value) {
    block.put(key, value);
    note(key, value);
  }

  @Override
  public void delete(byte[] key) {
    block.delete(key);
    note(key, null);
  }

  @Override
  public void emit(Event event) {
    block.emit(event);
  }

  @Override
  public List<Event> drainEvents() {
    return block.drainEvents();
  }

  /** Hands the writes noted since the last report to the listener, if there are any. */
  void report() {
    if (!noted.isEmpty()) {
      List<Write> writes = noted;
      noted = new ArrayList<>();
      progress.written(writes);
    }
  }

  // Copies, since the writer keeps its arrays and the listener may read them on another thread.
  private void note(byte[] key, byte[] value) {
    if (progress != BlockProgress.NONE) {
      noted.add(new Write(key.clone(), value == null ? null : value.clone()));
    }
  }
}
