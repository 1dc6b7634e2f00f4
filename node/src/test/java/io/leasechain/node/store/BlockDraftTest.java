package io.leasechain.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.leasechain.commitment.ReferenceTree;
import io.leasechain.commitment.TreeLeaf;
import io.leasechain.ledger.state.Write;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A block's tree drafted from the writes it reports while it runs, on a real RocksDB: the app hash
 * and every stored version equal those of a store that updates the tree at the block's end, however
 * the steps fell, and a draft that cannot be used (another height, another base, cancelled) changes
 * nothing but the time.
 */
class BlockDraftTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir Path dir;

  @BeforeEach
  void draftingNeedsASecondCore() {
    // On one core nothing drafts (BlockDraft.progress is no one); BlockProgressTest and the store
    // tests cover blocks updated at their end.
    assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "one core: nothing drafts");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  /** Net writes of a block, one per key in key order, from what its steps wrote last. */
  private static List<Write> net(List<List<Write>> steps) {
    TreeMap<String, byte[]> last = new TreeMap<>();
    for (List<Write> step : steps) {
      step.forEach(write -> last.put(text(write.key()), write.value()));
    }
    List<Write> writes = new ArrayList<>();
    last.forEach((key, value) -> writes.add(new Write(utf8(key), value)));
    return writes;
  }

  @Test
  void draftedBlocksCommitTheRootsAndVersionsOfBlocksUpdatedAtTheirEnd() throws Exception {
    Random random = new Random(20261204L);
    Map<String, String> state = new TreeMap<>();
    int finishedFromDrafts = 0;
    try (RocksStore drafted = RocksStore.open(dir.resolve("drafted"), 8);
        RocksStore plain = RocksStore.open(dir.resolve("plain"), 8)) {
      for (long height = 1; height <= 60; height++) {
        List<List<Write>> steps = new ArrayList<>();
        int count = 1 + random.nextInt(6);
        for (int s = 0; s < count; s++) {
          TreeMap<String, byte[]> step = new TreeMap<>();
          int writes = random.nextInt(10) == 0 ? 200 : random.nextInt(12);
          for (int w = 0; w < writes; w++) {
            String key = "k" + random.nextInt(300);
            int kind = random.nextInt(6);
            // Deletes, values put back as they were, and new values.
            step.put(
                key,
                kind == 0
                    ? null
                    : kind == 1 && state.containsKey(key)
                        ? utf8(state.get(key))
                        : utf8("v" + height + "-" + random.nextInt(1000)));
          }
          List<Write> list = new ArrayList<>();
          step.forEach((key, value) -> list.add(new Write(utf8(key), value)));
          steps.add(list);
        }
        BlockDraft draft = drafted.draft(height);
        for (List<Write> step : steps) {
          draft.written(step);
          // Now and then the drafting thread catches up before the block goes on.
          if (random.nextBoolean()) {
            await(draft::caughtUp, "the draft applied what it heard");
          }
        }
        List<Write> writes = net(steps);
        boolean caughtUp = draft.stepped();
        RocksStore.Pending pending = drafted.prepare(height, writes, draft);
        if (caughtUp) {
          finishedFromDrafts++;
          assertTrue(pending.drafted(), "a draft that took a step was dropped at " + height);
        }
        RocksStore.Pending expected = plain.prepare(height, writes);
        writes.forEach(
            write -> {
              if (write.isDelete()) {
                state.remove(text(write.key()));
              } else {
                state.put(text(write.key()), text(write.value()));
              }
            });
        assertArrayEquals(expected.appHash(), pending.appHash(), "app hash at " + height);
        assertArrayEquals(reference(state), pending.appHash(), "reference root at " + height);
        drafted.commit(pending);
        plain.commit(expected);
        try (RocksStore.View view = drafted.viewAt(height)) {
          Map<String, String> leaves = new TreeMap<>();
          view.leaves(null, Integer.MAX_VALUE)
              .forEach(leaf -> leaves.put(text(leaf.key()), text(leaf.value())));
          assertEquals(state, leaves, "leaves at " + height);
        }
      }
      assertTrue(finishedFromDrafts >= 20, finishedFromDrafts + " of 60 blocks drafted");
      // Versions inside the keep-recent window still read, with proofs' lookups, after pruning.
      drafted.prune(drafted.lastCommit().height() - 4);
      for (long h = drafted.lastCommit().height() - 4; h <= drafted.lastCommit().height(); h++) {
        try (RocksStore.View a = drafted.viewAt(h);
            RocksStore.View b = plain.viewAt(h)) {
          for (int k = 0; k < 300; k++) {
            byte[] key = utf8("k" + k);
            assertArrayEquals(b.get(key), a.get(key), "k" + k + " at " + h);
            assertEquals(b.lookup(key).found() == null, a.lookup(key).found() == null);
          }
        }
      }
    }
    // And after reopening, the drafted store builds on its versions like any other.
    try (RocksStore drafted = RocksStore.open(dir.resolve("drafted"), 8);
        RocksStore plain = RocksStore.open(dir.resolve("plain"), 8)) {
      long next = drafted.lastCommit().height() + 1;
      List<Write> writes =
          List.of(new Write(utf8("k1"), utf8("after")), new Write(utf8("k2"), null));
      assertArrayEquals(
          RocksStoreTest.commit(plain, next, writes), RocksStoreTest.commit(drafted, next, writes));
    }
  }

  @Test
  void aKeyADraftWroteButTheBlockDidNotGoesBackToItsCommittedValue() throws Exception {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      RocksStoreTest.commit(store, 1, List.of(new Write(utf8("a"), utf8("1"))));
      BlockDraft draft = store.draft(2);
      draft.written(List.of(new Write(utf8("a"), utf8("9")), new Write(utf8("b"), utf8("2"))));
      awaitStarted(draft);
      List<Write> writes = List.of(new Write(utf8("c"), utf8("3")));
      RocksStore.Pending pending = store.prepare(2, writes, draft);
      assertArrayEquals(
          reference(Map.of("a", "1", "c", "3")), pending.appHash(), "a back to 1, no b");
      store.commit(pending);
      assertEquals("1", text(store.get(utf8("a"))));
    }
  }

  @Test
  void aDraftOfAnotherHeightOrBaseOrCancelledIsDroppedForAWholeUpdate() throws Exception {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      RocksStoreTest.commit(store, 1, List.of(new Write(utf8("a"), utf8("1"))));
      List<Write> writes = List.of(new Write(utf8("b"), utf8("2")));
      byte[] expected = reference(Map.of("a", "1", "b", "2"));

      BlockDraft lying = store.draft(3);
      lying.written(List.of(new Write(utf8("z"), utf8("x"))));
      awaitStarted(lying);
      assertArrayEquals(expected, store.prepare(2, writes, lying).appHash(), "another height");

      BlockDraft cancelled = store.draft(2);
      cancelled.written(List.of(new Write(utf8("z"), utf8("x"))));
      cancelled.cancel();
      // Heard after its end: dropped.
      cancelled.written(List.of(new Write(utf8("y"), utf8("x"))));
      assertArrayEquals(expected, store.prepare(2, writes, cancelled).appHash(), "cancelled");

      // A newer draft ends the one before it: heard after that, writes are dropped.
      BlockDraft first = store.draft(2);
      BlockDraft second = store.draft(2);
      first.written(List.of(new Write(utf8("z"), utf8("x"))));
      second.written(List.of(new Write(utf8("b"), utf8("2"))));
      awaitStarted(second);
      assertFalse(first.stepped());
      assertArrayEquals(expected, store.prepare(2, writes, first).appHash(), "ended by another");
      // One that took a step before a newer one came is finished from what it holds.
      BlockDraft stepped = store.draft(2);
      stepped.written(List.of(new Write(utf8("z"), utf8("x")), new Write(utf8("b"), utf8("9"))));
      awaitStarted(stepped);
      BlockDraft newer = store.draft(2);
      stepped.written(List.of(new Write(utf8("y"), utf8("x"))));
      assertArrayEquals(expected, store.prepare(2, writes, stepped).appHash(), "stepped, ended");
      newer.cancel();
      RocksStore.Pending pending = store.prepare(2, writes, second);
      assertArrayEquals(expected, pending.appHash(), "the newer draft");

      BlockDraft stale = store.draft(2);
      stale.written(List.of(new Write(utf8("z"), utf8("x"))));
      awaitStarted(stale);
      store.commit(pending);
      // Built on height 1, while height 2 is now committed: refused as a plain prepare would be.
      assertThrows(
          IllegalArgumentException.class, () -> store.prepare(2, writes, stale), "stale base");
      BlockDraft behind = store.draft(3);
      behind.written(List.of(new Write(utf8("z"), utf8("x"))));
      awaitStarted(behind);
      assertThrows(IllegalArgumentException.class, () -> store.draft(2));
      assertArrayEquals(
          reference(Map.of("a", "1", "b", "3")),
          store.prepare(3, List.of(new Write(utf8("b"), utf8("3"))), behind).appHash());
    }
  }

  @Test
  void aStoreClosedWithADraftUnderWayOpensWhole() {
    Path db = dir.resolve("db");
    try (RocksStore store = RocksStore.open(db)) {
      RocksStoreTest.commit(store, 1, List.of(new Write(utf8("a"), utf8("1"))));
      BlockDraft draft = store.draft(2);
      List<Write> many = new ArrayList<>();
      for (int i = 0; i < 20_000; i++) {
        many.add(new Write(utf8(String.format("key-%06d", i)), utf8("v")));
      }
      draft.written(many);
    }
    // Closed with a step likely under way (TreeDrafterTest holds one there on purpose).
    try (RocksStore store = RocksStore.open(db)) {
      assertEquals(1, store.lastCommit().height());
      assertEquals("1", text(store.get(utf8("a"))));
    }
  }

  private static byte[] reference(Map<String, String> state) {
    List<TreeLeaf> leaves = new ArrayList<>();
    state.forEach((k, v) -> leaves.add(new TreeLeaf(utf8(k), utf8(v))));
    return ReferenceTree.root(leaves);
  }

  private static void awaitStarted(BlockDraft draft) throws InterruptedException {
    await(draft::stepped, "the draft took a step");
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    Instant deadline = Instant.now().plus(DEADLINE);
    while (!condition.getAsBoolean()) {
      assertTrue(Instant.now().isBefore(deadline), what + " within " + DEADLINE);
      Thread.sleep(1);
    }
  }
}
