package io.leasechain.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.commitment.InMemoryNodeStore;
import io.leasechain.commitment.KeyChange;
import io.leasechain.commitment.NodeStore;
import io.leasechain.commitment.StateTree;
import io.leasechain.commitment.TreeDraft;
import io.leasechain.ledger.BlockProgress;
import io.leasechain.ledger.state.Write;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The drafting thread with a step held up on purpose (a node read that waits for the test): the
 * thread that ends a draft takes a share of the step under way, closing waits for the step, and a
 * step that throws fails its draft only.
 */
class TreeDrafterTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String DRAFTER = "state-tree-drafter";

  private final InMemoryNodeStore base = new InMemoryNodeStore();
  private final List<Write> writes = new ArrayList<>();
  private final List<KeyChange> changes = new ArrayList<>();

  @BeforeEach
  void version0WithKeysUnderEveryTopLevelSlot() {
    List<KeyChange> genesis = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      genesis.add(new KeyChange(utf8("k" + i), utf8("v" + i)));
    }
    base.write(StateTree.apply(base, -1, 0, genesis));
    for (int i = 0; i < 200; i += 4) {
      writes.add(new Write(utf8("k" + i), utf8("new" + i)));
      changes.add(new KeyChange(utf8("k" + i), utf8("new" + i)));
    }
  }

  @Test
  void theThreadThatEndsADraftTakesAShareOfTheStepUnderWay() throws Exception {
    Gate gate = new Gate();
    Set<String> readers = ConcurrentHashMap.newKeySet();
    NodeStore store =
        key -> {
          readers.add(Thread.currentThread().getName());
          gate.holdTheDrafterBelowTheRoot(key);
          return base.get(key);
        };
    TreeDrafter drafter = new TreeDrafter();
    try {
      BlockDraft draft = draft(drafter, store);
      draft.written(writes);
      assertTrue(gate.held.await(DEADLINE.toSeconds(), TimeUnit.SECONDS), "a step under way");
      AtomicReference<Throwable> ended = new AtomicReference<>();
      Thread ender = new Thread(() -> ended.set(drafter.end(draft)), "ender");
      ender.start();
      // The drafter is held in its first part; the ender reads the other parts' nodes meanwhile.
      await(() -> readers.contains("ender"), "the ender took a share");
      assertTrue(ender.isAlive(), "the ender waits for the part still under way");
      gate.release.countDown();
      ender.join(DEADLINE.toMillis());
      assertFalse(ender.isAlive());
      assertNull(ended.get());
      assertTrue(draft.started());
      byte[] expected = StateTree.apply(base, 0, 1, changes).rootHash();
      assertArrayEquals(expected, draft.finish(writes, k -> null, Runnable::run, 0).rootHash());
    } finally {
      gate.release.countDown();
      drafter.close();
    }
  }

  @Test
  void closingWaitsForTheStepUnderWay() throws Exception {
    Gate gate = new Gate();
    AtomicBoolean readAfterClose = new AtomicBoolean();
    AtomicBoolean closed = new AtomicBoolean();
    NodeStore store =
        key -> {
          gate.holdTheDrafterBelowTheRoot(key);
          if (closed.get()) {
            readAfterClose.set(true);
          }
          return base.get(key);
        };
    TreeDrafter drafter = new TreeDrafter();
    BlockDraft draft = draft(drafter, store);
    draft.written(writes);
    assertTrue(gate.held.await(DEADLINE.toSeconds(), TimeUnit.SECONDS), "a step under way");
    Thread closer =
        new Thread(
            () -> {
              drafter.close();
              closed.set(true);
            },
            "closer");
    closer.start();
    await(() -> closer.getState() == Thread.State.WAITING, "close waiting for the drafter");
    assertFalse(closed.get(), "close returned with a step under way");
    gate.release.countDown();
    closer.join(DEADLINE.toMillis());
    assertTrue(closed.get());
    assertFalse(readAfterClose.get(), "the step read the store after close returned");
  }

  @Test
  void aStepThatThrowsFailsItsDraftOnly() throws Exception {
    NodeStore broken =
        key -> {
          if (key[8] > 0) {
            throw new IllegalStateException("corrupt node");
          }
          return base.get(key);
        };
    TreeDrafter drafter = new TreeDrafter();
    try {
      BlockDraft failing = draft(drafter, broken);
      failing.written(writes);
      await(failing::caughtUp, "the step ended");
      Throwable failure = drafter.end(failing);
      assertTrue(failure instanceof IllegalStateException, String.valueOf(failure));
      assertEquals("corrupt node", failure.getMessage());
      assertFalse(failing.started(), "nothing of the failed step kept");
      // The next draft drafts as usual.
      BlockDraft next = draft(drafter, base);
      next.written(writes);
      await(next::stepped, "the next draft took a step");
      assertNull(drafter.end(next));
      assertArrayEquals(
          StateTree.apply(base, 0, 1, changes).rootHash(),
          next.finish(writes, k -> null, Runnable::run, 0).rootHash());
    } finally {
      drafter.close();
    }
  }

  @Test
  void aDraftNoThreadWillTakeIsReportedToNoOne() {
    TreeDrafter drafter = new TreeDrafter();
    BlockDraft open = draft(drafter, base);
    assertSame(open, open.progress());
    drafter.close();
    BlockDraft late = draft(drafter, base);
    assertSame(BlockProgress.NONE, late.progress(), "a closed drafter takes no draft");
    assertSame(BlockProgress.NONE, open.progress(), "closing ended the open draft");
  }

  private static BlockDraft draft(TreeDrafter drafter, NodeStore store) {
    BlockDraft draft =
        new BlockDraft(
            drafter,
            new RocksStore.Commit(0, new byte[0]),
            new TreeDraft(store, 0, 1),
            key -> null);
    drafter.start(draft);
    return draft;
  }

  /** Holds the drafting thread at its first read below the root, once, until released. */
  private static final class Gate {
    final CountDownLatch held = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean used = new AtomicBoolean();

    void holdTheDrafterBelowTheRoot(byte[] nodeKey) {
      // Below the root the update runs in parts, after offering a share of them.
      if (nodeKey[8] > 0
          && Thread.currentThread().getName().equals(DRAFTER)
          && used.compareAndSet(false, true)) {
        held.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    Instant deadline = Instant.now().plus(DEADLINE);
    while (!condition.getAsBoolean()) {
      assertTrue(Instant.now().isBefore(deadline), what + " within " + DEADLINE);
      Thread.sleep(1);
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
