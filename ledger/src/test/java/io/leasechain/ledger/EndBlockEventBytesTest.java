package io.leasechain.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.ledger.state.EmptyState;
import io.leasechain.ledger.state.Index;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.OverlayState;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 8 review finding: end-block counted its items, not their events, and one item can answer
 * many (matching an order settles every bid on it: 64 by default, up to 1,024). A tenant whose
 * orders' bid windows all end at one height, bid on by the providers, made that block's
 * FinalizeBlock response too large for CometBFT to read. End-block now also stops once its events
 * pass {@link EndBlock#MAX_EVENT_BYTES}; the rest stays due for the next blocks, as items beyond
 * the item budget do.
 */
class EndBlockEventBytesTest {

  private static final int ITEMS = 100;
  private static final Index DUE = new Index(KeySpace.ORDER_WINDOW_END);
  private static final Event ONE_MIB =
      Event.builder("bid_lost").plain("padding", "x".repeat(1 << 20)).build();

  @Test
  void endBlockStopsOnceItsEventsPassTheBoundAndLeavesTheRestDue() {
    OverlayState state = new OverlayState(EmptyState.INSTANCE);
    for (int i = 0; i < ITEMS; i++) {
      DUE.add(state, Keys.uint64(1), Keys.uint64(i));
    }
    List<EndBlock.Queue> queues =
        List.of(new EndBlock.Queue(DUE, (s, suffix, dueHeight, height) -> List.of(ONE_MIB)));

    List<Event> events = EndBlock.run(state, 1, 1_000, queues);

    long perItem = Proposal.eventBytes(List.of(ONE_MIB));
    assertTrue(events.size() < ITEMS, events.size() + " items handled");
    assertTrue(Proposal.eventBytes(events) < EndBlock.MAX_EVENT_BYTES + perItem);
    assertEquals(ITEMS - events.size(), DUE.suffixes(state, Keys.uint64(1)).size());
    assertTrue(EndBlock.behind(state, 1), "the block is marked behind, as the invariants need");

    int handled = events.size();
    long height = 1;
    while (EndBlock.behind(state, height)) {
      height++;
      handled += EndBlock.run(state, height, 1_000, queues).size();
    }
    assertEquals(ITEMS, handled, "the next blocks take the rest, in the same bounds");
    assertEquals(List.of(), DUE.suffixes(state, Keys.uint64(1)));
  }
}
