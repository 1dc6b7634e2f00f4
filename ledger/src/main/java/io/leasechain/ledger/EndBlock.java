package io.leasechain.ledger;

import io.leasechain.ledger.state.Index;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The work a block does after its txs: the due entries of every height-keyed index, taken across
 * all queues in (height, queue, key) order, at most {@code budget} of them per block. Whatever
 * users schedule for one height, a block does bounded work; the rest stays due and is taken first
 * by the next blocks. Each entry is handled as of its own due height where the handler accrues by
 * height, so a late entry settles exactly as an on-time one would have.
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

  private EndBlock() {}

  /**
   * Handles up to {@code budget} due entries. Every pick rescans the queue heads, because a handler
   * may schedule new entries (an escrow credited back moves its depletion height).
   */
  public static List<Event> run(KeyValueState state, long height, int budget, List<Queue> queues) {
    List<Event> events = new ArrayList<>();
    int done = 0;
    for (; done < budget; done++) {
      Queue next = null;
      Index.Due due = null;
      for (Queue queue : queues) {
        Index.Due head = queue.index().firstDue(state, height);
        if (head != null && (due == null || head.height() < due.height())) {
          next = queue;
          due = head;
        }
      }
      if (next == null) {
        break;
      }
      // Removed before handling, so an entry its handler skips cannot block the queue.
      next.index().remove(state, Keys.uint64(due.height()), due.suffix());
      events.addAll(next.handler().handle(state, due.suffix(), due.height(), height));
    }
    if (done == budget
        && queues.stream().anyMatch(q -> q.index().firstDue(state, height) != null)) {
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
}
