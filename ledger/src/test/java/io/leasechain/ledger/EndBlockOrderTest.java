package io.leasechain.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.ledger.state.EmptyState;
import io.leasechain.ledger.state.Index;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.OverlayState;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.testing.CountingState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * End-block takes the due entries of all its queues in (height, queue, key) order, each pick seeing
 * what the handlers before it wrote, and keeps each queue's head between picks: the order must be
 * that of a fresh look at every queue before every pick, and a block of k due entries must scan the
 * state about k times, not k times the number of queues.
 */
class EndBlockOrderTest {

  private static final List<KeySpace> SPACES =
      List.of(
          KeySpace.ORDER_WINDOW_END,
          KeySpace.LEASE_END,
          KeySpace.ESCROW_DEPLETION,
          KeySpace.PROOF_RELEASE,
          KeySpace.DISPUTE_DEADLINE,
          KeySpace.PROOF_DEADLINE,
          KeySpace.PROVIDER_UNBONDING,
          KeySpace.PROPOSAL_EXPIRY);

  private static final long HEIGHT = 20;

  /** One entry of one queue, compared as end-block must take them. */
  private record Entry(long height, int queue, byte[] suffix) implements Comparable<Entry> {
    @Override
    public int compareTo(Entry other) {
      int order = Long.compare(height, other.height);
      if (order == 0) {
        order = Integer.compare(queue, other.queue);
      }
      return order != 0 ? order : Arrays.compareUnsigned(suffix, other.suffix);
    }

    @Override
    public String toString() {
      return "queue " + queue + " at " + height + " " + HexFormat.of().formatHex(suffix);
    }
  }

  @Property(tries = 300)
  void eachPickTakesTheFirstDueEntryOfAllQueuesAsTheStateIsThen(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 4) int queueCount,
      @ForAll @IntRange(min = 0, max = 40) int initial,
      @ForAll @IntRange(min = 1, max = 60) int budget) {
    Random random = new Random(seed);
    List<Index> indexes = new ArrayList<>();
    for (int q = 0; q < queueCount; q++) {
      indexes.add(new Index(SPACES.get(q)));
    }
    OverlayState state = new OverlayState(EmptyState.INSTANCE);
    for (int i = 0; i < initial; i++) {
      add(state, indexes.get(random.nextInt(queueCount)), random);
    }
    List<Entry> taken = new ArrayList<>();
    // The first due entry of all queues as the state is before the next pick (null: none).
    Entry[] expected = {first(state, indexes)};
    List<EndBlock.Queue> queues = new ArrayList<>();
    for (int q = 0; q < queueCount; q++) {
      int queue = q;
      queues.add(
          new EndBlock.Queue(
              indexes.get(q),
              (s, suffix, dueHeight, height) -> {
                Entry picked = new Entry(dueHeight, queue, suffix);
                assertTrue(
                    expected[0] != null && picked.compareTo(expected[0]) == 0,
                    picked + " taken where the first due entry was " + expected[0]);
                taken.add(picked);
                handle(s, indexes, random);
                // Nothing writes between a handler's return and the next pick.
                expected[0] = first(s, indexes);
                return List.of();
              }));
    }

    EndBlock.run(state, HEIGHT, budget, queues);

    assertTrue(taken.size() <= budget, taken.size() + " entries taken on a budget of " + budget);
    if (taken.size() < budget) {
      assertEquals(List.of(), due(state, indexes), "a block under its budget leaves nothing due");
      assertFalse(EndBlock.behind(state, HEIGHT));
    } else {
      assertEquals(!due(state, indexes).isEmpty(), EndBlock.behind(state, HEIGHT));
    }
  }

  @Test
  void aBlockOfManyDueEntriesScansAboutOncePerEntry() {
    int entries = 200;
    Index window = new Index(SPACES.get(0));
    OverlayState committed = new OverlayState(EmptyState.INSTANCE);
    for (int i = 0; i < entries; i++) {
      window.add(committed, Keys.uint64(HEIGHT), Keys.uint64(i));
    }
    CountingState counting = new CountingState(committed);
    OverlayState block = new OverlayState(counting);
    List<EndBlock.Queue> queues = new ArrayList<>();
    for (KeySpace space : SPACES) {
      queues.add(new EndBlock.Queue(new Index(space), (s, suffix, dueHeight, height) -> List.of()));
    }

    EndBlock.run(block, HEIGHT, 1_000, queues);

    assertEquals(List.of(), window.suffixes(block, Keys.uint64(HEIGHT)));
    long scans = counting.reads().scans();
    // One scan per pick of the queue it took from, one per queue at the start and at the end.
    assertTrue(
        scans <= entries + SPACES.size() + 1,
        scans + " scans for " + entries + " entries in " + SPACES.size() + " queues");
  }

  /** Adds an entry at a height around the block's to {@code index}. */
  private static void add(KeyValueState state, Index index, Random random) {
    index.add(state, Keys.uint64(HEIGHT - 3 + random.nextInt(6)), Keys.uint64(random.nextInt(64)));
  }

  /**
   * What a handler may do: schedule entries (due now, later, below or above the queues' cursors),
   * remove one, write elsewhere.
   */
  private static void handle(KeyValueState state, List<Index> indexes, Random random) {
    int actions = random.nextInt(4);
    for (int a = 0; a < actions; a++) {
      switch (random.nextInt(3)) {
        case 0 -> add(state, indexes.get(random.nextInt(indexes.size())), random);
        case 1 -> {
          List<KeyValue> present = all(state, indexes.get(random.nextInt(indexes.size())));
          if (!present.isEmpty()) {
            // Often the queue's first entry: the head another pick may have looked at already.
            int at = random.nextBoolean() ? 0 : random.nextInt(present.size());
            state.delete(present.get(at).key());
          }
        }
        default ->
            state.put(Keys.of(KeySpace.ORDER, Keys.uint64(random.nextInt(64))), new byte[] {1});
      }
    }
  }

  /** The entry end-block must take next: the least of {@link #due}, or null. */
  private static Entry first(ReadableState state, List<Index> indexes) {
    return due(state, indexes).stream().min(Entry::compareTo).orElse(null);
  }

  /** Every entry due at the block's height, in every queue, from the start of its space. */
  private static List<Entry> due(ReadableState state, List<Index> indexes) {
    List<Entry> due = new ArrayList<>();
    for (int q = 0; q < indexes.size(); q++) {
      int prefix = Keys.of(indexes.get(q).space()).length;
      for (KeyValue entry : all(state, indexes.get(q))) {
        byte[] key = entry.key();
        long height = ByteBuffer.wrap(key, prefix, Long.BYTES).getLong();
        if (height <= HEIGHT) {
          due.add(new Entry(height, q, Arrays.copyOfRange(key, prefix + Long.BYTES, key.length)));
        }
      }
    }
    return due;
  }

  private static List<KeyValue> all(ReadableState state, Index index) {
    List<KeyValue> entries = new ArrayList<>();
    Iterator<KeyValue> scan = state.scanPrefix(Keys.of(index.space()));
    scan.forEachRemaining(entries::add);
    return entries;
  }
}
