package io.leasechain.ledger;

import io.leasechain.ledger.state.Index;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The work a block does after its txs: the due entries of every height-keyed index, taken across
 * all queues in (height, queue, key) order, at most {@code budget} of them per block. Whatever
 * users schedule for one height, a block does bounded work (and answers bounded events: {@link
 * #MAX_EVENT_BYTES}); the rest stays due and is taken first by the next blocks. Each entry is
 * handled as of its own due height where the handler accrues by height, so a late entry settles
 * exactly as an on-time one would have.
 */
public final class EndBlock {

  /** Handles one due entry, already removed from its index; {@code dueHeight <= height}. */
  @FunctionalInterface
  public interface Handler {
    List<Event> handle(KeyValueState state, byte[] suffix, long dueHeight, long height);
  }

  /** One height-keyed index and what its due entries do. */
  public record Queue(Index index, Handler handler) {}

  /** Present, holding the height, while a block's end-block left due work for the next ones. */
  private static final byte[] BEHIND_KEY =
      Keys.of(KeySpace.CHAIN, "end_block_behind".getBytes(StandardCharsets.UTF_8));

  /**
   * The events one block's end-block may answer before it stops and leaves the rest due: one item
   * can answer many (matching settles every bid of an order), and CometBFT reads no ABCI response
   * over 100 MiB; with {@link Proposal#MAX_TX_EVENT_BYTES} this leaves room for the rest.
   */
  public static final long MAX_EVENT_BYTES = 32L * 1024 * 1024;

  private EndBlock() {}

  /**
   * Handles up to {@code budget} due entries. Every pick compares the queue heads afresh, because a
   * handler may schedule new entries (an escrow credited back moves its depletion height).
   */
  public static List<Event> run(KeyValueState state, long height, int budget, List<Queue> queues) {
    return run(state, height, budget, queues, () -> {});
  }

  /** {@link #run(KeyValueState, long, int, List)}, calling {@code afterEach} after each entry. */
  public static List<Event> run(
      KeyValueState state, long height, int budget, List<Queue> queues, Runnable afterEach) {
    Cursors cursors = new Cursors(state, height, queues);
    List<Event> events = new ArrayList<>();
    int done = 0;
    long eventBytes = 0;
    for (; done < budget && eventBytes < MAX_EVENT_BYTES; done++) {
      int next = -1;
      Index.Due due = null;
      for (int i = 0; i < queues.size(); i++) {
        Index.Due head = cursors.head(i);
        if (head != null && (due == null || head.height() < due.height())) {
          next = i;
          due = head;
        }
      }
      if (due == null) {
        break;
      }
      Queue queue = queues.get(next);
      byte[] key = Keys.of(queue.index().space(), Keys.uint64(due.height()), due.suffix());
      // Removed before handling, so an entry its handler skips cannot block the queue.
      cursors.delete(key);
      cursors.from[next] = key;
      List<Event> handled = queue.handler().handle(cursors, due.suffix(), due.height(), height);
      // The coins an entry moved come first, next to the domain events that explain them.
      List<Event> coins = state.drainEvents();
      eventBytes += Proposal.eventBytes(coins) + Proposal.eventBytes(handled);
      events.addAll(coins);
      events.addAll(handled);
      afterEach.run();
    }
    if ((done == budget || eventBytes >= MAX_EVENT_BYTES)
        && queues.stream()
            .anyMatch(q -> q.index().firstDue(state, height, Keys.of(q.index().space())) != null)) {
      state.put(BEHIND_KEY, Keys.uint64(height));
    } else if (state.get(BEHIND_KEY) != null) {
      state.delete(BEHIND_KEY);
    }
    return events;
  }

  /**
   * Whether the block at {@code height} left due entries for later blocks. Only then may an index
   * hold an entry due at or before that height; the index invariants check exactly that.
   */
  public static boolean behind(ReadableState state, long height) {
    byte[] value = state.get(BEHIND_KEY);
    return value != null && ByteBuffer.wrap(value).getLong() == height;
  }

  /**
   * Where each queue's next scan starts: after the entries this block already took, so a block
   * never rescans what it removed; an entry a handler adds below a cursor moves the cursor back.
   * Each queue's head is kept until a write lands in its key space (the pick's own removal
   * included), so a pick rescans only the queues written since; rescanning every queue made k due
   * entries cost k times the queues' count in state scans, a database seek each.
   */
  private static final class Cursors implements KeyValueState {

    private final KeyValueState state;
    private final long height;
    private final List<Queue> queues;
    private final byte[][] from;
    private final Index.Due[] heads;
    // Whether heads[i] is what a scan from from[i] would find now.
    private final boolean[] known;

    Cursors(KeyValueState state, long height, List<Queue> queues) {
      this.state = state;
      this.height = height;
      this.queues = queues;
      this.from = new byte[queues.size()][];
      this.heads = new Index.Due[queues.size()];
      this.known = new boolean[queues.size()];
      for (int i = 0; i < queues.size(); i++) {
        from[i] = Keys.of(queues.get(i).index().space());
      }
    }

    /**
     * Queue {@code i}'s first entry due at or below the block's height from its cursor, or null.
     */
    Index.Due head(int i) {
      if (!known[i]) {
        heads[i] = queues.get(i).index().firstDue(state, height, from[i]);
        known[i] = true;
      }
      return heads[i];
    }

    /** A write to {@code key}: the heads of the queues whose key space holds it are read again. */
    private void touched(byte[] key) {
      for (int i = 0; i < queues.size(); i++) {
        if (key[0] == queues.get(i).index().space().prefix()) {
          known[i] = false;
        }
      }
    }

    @Override
    public byte[] get(byte[] key) {
      return state.get(key);
    }

    @Override
    public Iterator<KeyValue> scan(byte[] from, byte[] to) {
      return state.scan(from, to);
    }

    @Override
    public void put(byte[] key, byte[] value) {
      state.put(key, value);
      touched(key);
      for (int i = 0; i < queues.size(); i++) {
        if (key[0] == queues.get(i).index().space().prefix()
            && Arrays.compareUnsigned(key, from[i]) < 0) {
          from[i] = key;
        }
      }
    }

    @Override
    public void delete(byte[] key) {
      state.delete(key);
      touched(key);
    }

    @Override
    public void emit(Event event) {
      state.emit(event);
    }

    @Override
    public List<Event> drainEvents() {
      return state.drainEvents();
    }
  }
}
