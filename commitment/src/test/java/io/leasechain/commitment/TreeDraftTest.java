package io.leasechain.commitment;

import static io.leasechain.commitment.TreeFixtures.bytes;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * A version drafted in steps against the same version made by one update of the net changes: same
 * root, a batch that names exactly the nodes the version reaches and exactly the older nodes it no
 * longer reaches, and a tree that later updates, reads and pruning treat like any other.
 */
class TreeDraftTest {

  private static final List<String> KEYS = keys();

  private static List<String> keys() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 48; i++) {
      keys.add("k" + i);
    }
    // Key hashes sharing their first 35 bits: a deep pair that splits and floats up.
    keys.add("key-8337");
    keys.add("key-15029");
    return List.copyOf(keys);
  }

  @Property(tries = 40)
  void aDraftInStepsEqualsOneUpdateOfTheNetChanges(@ForAll long seed) {
    Random random = new Random(seed);
    InMemoryNodeStore drafted = new InMemoryNodeStore();
    InMemoryNodeStore direct = new InMemoryNodeStore();
    Map<String, String> state = new TreeMap<>();
    ExecutorService helpers = Executors.newFixedThreadPool(2);
    try {
      int versions = 6 + random.nextInt(6);
      for (int version = 0; version < versions; version++) {
        Map<String, String> before = new TreeMap<>(state);
        // The block's writes in the order it makes them: a key may be written many times, put
        // back to what it held, deleted and made again.
        List<Map<String, String>> steps = steps(random, before);
        TreeDraft draft = new TreeDraft(drafted, version - 1, version);
        Map<String, String> drafting = new HashMap<>(before);
        Set<String> touched = new TreeSet<>();
        for (Map<String, String> step : steps) {
          List<KeyChange> changes = new ArrayList<>();
          step.forEach(
              (key, value) -> {
                touched.add(key);
                if (!Objects.equals(drafting.get(key), value)) {
                  changes.add(change(key, value, random.nextBoolean() ? drafting.get(key) : null));
                }
              });
          draft.apply(changes, helpers, random.nextInt(3));
          step.forEach(drafting::put);
        }
        // A draft always has a first step (it writes the root), even with nothing changed.
        if (!draft.started()) {
          draft.apply(List.of(), helpers, 0);
        }
        List<KeyChange> net = new ArrayList<>();
        for (String key : touched) {
          net.add(change(key, drafting.get(key), null));
        }
        TreeBatch one = StateTree.apply(direct, version - 1, version, net);
        TreeBatch stepwise = draft.batch(helpers, random.nextInt(3));
        state = new TreeMap<>(drafting);
        state.values().removeIf(Objects::isNull);
        byte[] expected = ReferenceTree.root(TreeFixtures.leavesOf(state));
        assertArrayEquals(expected, one.rootHash(), "direct root at version " + version);
        assertArrayEquals(expected, stepwise.rootHash(), "drafted root at version " + version);

        Set<byte[]> reachedBefore =
            version == 0 ? Set.of() : TreeFixtures.reachable(drafted, version - 1);
        drafted.write(stepwise);
        direct.write(one);
        assertArrayEquals(expected, TreeFixtures.recomputedRoot(drafted, version));
        assertExactBatch(drafted, version, reachedBefore, stepwise);
        for (String key : KEYS) {
          byte[] value = StateTree.get(drafted, version, bytes(key));
          assertEquals(state.get(key), value == null ? null : new String(value, UTF_8), key);
        }
      }
      // The older versions go; the latest stays whole in both.
      drafted.prune(versions - 1);
      direct.prune(versions - 1);
      assertEquals(direct.size(), drafted.size(), "nodes left after pruning");
      assertEquals(
          TreeFixtures.reachable(direct, versions - 1).size(),
          TreeFixtures.reachable(drafted, versions - 1).size());
      assertArrayEquals(
          StateTree.rootHash(direct, versions - 1), StateTree.rootHash(drafted, versions - 1));
    } finally {
      helpers.shutdownNow();
    }
  }

  /**
   * Thousands of keys, so that the levels the steps leave unhashed are full and the deepest of them
   * holds hundreds of internal nodes, hashed in runs by two helpers and the caller: a batch taken
   * halfway and the one at the end both hash them whole, and steps after a batch go on as before.
   */
  @Test
  void theUpperLevelsAreHashedWholeAtEachBatch() {
    Random random = new Random(7);
    InMemoryNodeStore drafted = new InMemoryNodeStore();
    Map<String, String> state = new TreeMap<>();
    List<KeyChange> genesis = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      state.put("key" + i, "v" + i);
      genesis.add(TreeFixtures.put("key" + i, "v" + i));
    }
    drafted.write(StateTree.apply(drafted, -1, 0, genesis));
    TreeDraft draft = new TreeDraft(drafted, 0, 1);
    ExecutorService helpers = Executors.newFixedThreadPool(2);
    try {
      for (int step = 0; step < 40; step++) {
        Map<String, String> writes = new TreeMap<>();
        for (int i = 0; i < 60; i++) {
          String key = "key" + random.nextInt(4_000);
          writes.put(key, random.nextInt(5) == 0 ? null : "s" + step + "-" + i);
        }
        List<KeyChange> changes = new ArrayList<>();
        writes.forEach(
            (key, value) -> {
              if (!Objects.equals(state.get(key), value)) {
                changes.add(change(key, value, state.get(key)));
              }
            });
        draft.apply(changes, Runnable::run, 0);
        writes.forEach(
            (key, value) -> {
              if (value == null) {
                state.remove(key);
              } else {
                state.put(key, value);
              }
            });
        if (step == 19 || step == 39) {
          assertArrayEquals(
              ReferenceTree.root(TreeFixtures.leavesOf(state)),
              draft.batch(helpers, 2).rootHash(),
              "root after step " + step);
        }
      }
      TreeBatch batch = draft.batch(helpers, 2);
      int deepestUnhashed = 0;
      for (TreeBatch.Node node : batch.newNodes()) {
        if (!StateTree.isLeafNode(node.value())) {
          TreeNodes.requireWholeInternal(node.value());
          if (TreeNodes.nibblesOf(node.key()) == 3) {
            deepestUnhashed++;
          }
        }
      }
      assertTrue(deepestUnhashed > 200, deepestUnhashed + " internal nodes at depth 3");
      drafted.write(batch);
      assertArrayEquals(
          ReferenceTree.root(TreeFixtures.leavesOf(state)),
          TreeFixtures.recomputedRoot(drafted, 1));
    } finally {
      helpers.shutdownNow();
    }
  }

  @Test
  void aDraftWithoutAStepHasNoBatch() {
    TreeDraft draft = new TreeDraft(new InMemoryNodeStore(), -1, 0);
    assertFalse(draft.started());
    assertThrows(IllegalStateException.class, () -> draft.batch(Runnable::run, 0));
    assertThrows(
        IllegalArgumentException.class, () -> new TreeDraft(new InMemoryNodeStore(), 3, 3));
  }

  @Test
  void aStepThatThrowsLeavesTheDraftAsItWas() {
    InMemoryNodeStore store = new InMemoryNodeStore();
    store.write(StateTree.apply(store, -1, 0, List.of(TreeFixtures.put("a", "1"))));
    TreeDraft draft = new TreeDraft(store, 0, 1);
    draft.apply(List.of(TreeFixtures.put("b", "2")), Runnable::run, 0);
    TreeBatch before = draft.batch(Runnable::run, 0);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            draft.apply(
                List.of(TreeFixtures.put("c", "3"), TreeFixtures.delete("c")), Runnable::run, 0));
    TreeFixtures.assertSameBatch(before, draft.batch(Runnable::run, 0));
  }

  @Test
  void aKeyPutBackAsItWasLeavesTheRootOfTheBase() {
    InMemoryNodeStore store = new InMemoryNodeStore();
    store.write(
        StateTree.apply(
            store, -1, 0, List.of(TreeFixtures.put("a", "1"), TreeFixtures.put("b", "2"))));
    TreeDraft draft = new TreeDraft(store, 0, 1);
    draft.apply(List.of(TreeFixtures.put("a", "9")), Runnable::run, 0);
    draft.apply(List.of(new KeyChange(bytes("a"), bytes("1"), bytes("9"))), Runnable::run, 0);
    TreeBatch batch = draft.batch(Runnable::run, 0);
    assertArrayEquals(StateTree.rootHash(store, 0), batch.rootHash());
    // The same hashes, but a's path is this version's now: its old leaf is stale, its new one
    // written, and the version reads whole once the old one is pruned.
    byte[] oldLeaf = null;
    for (byte[] key : TreeFixtures.reachable(store, 0)) {
      if (StateTree.isLeafNode(store.get(key))
          && TreeNodes.leafHasKey(store.get(key), bytes("a"))) {
        oldLeaf = key;
      }
    }
    byte[] stale = oldLeaf;
    assertTrue(batch.staleNodeKeys().stream().anyMatch(key -> Arrays.equals(key, stale)));
    assertTrue(
        batch.newNodes().stream()
            .anyMatch(
                node ->
                    StateTree.isLeafNode(node.value())
                        && TreeNodes.leafHasKey(node.value(), bytes("a"))
                        && StateTree.versionOf(node.key()) == 1));
    store.write(batch);
    store.prune(1);
    assertEquals("1", new String(StateTree.get(store, 1, bytes("a")), UTF_8));
    assertEquals("2", new String(StateTree.get(store, 1, bytes("b")), UTF_8));
  }

  /**
   * The batch names every node the version reaches that is of this version and nothing else, and as
   * stale exactly the older nodes the previous version reached and this one no longer does.
   */
  private static void assertExactBatch(
      NodeStore store, long version, Set<byte[]> reachedBefore, TreeBatch batch) {
    Set<byte[]> reached = TreeFixtures.reachable(store, version);
    Set<byte[]> written = new TreeSet<>(Arrays::compareUnsigned);
    batch.newNodes().forEach(node -> written.add(node.key()));
    assertEquals(batch.newNodes().size(), written.size(), "a node written twice");
    Set<byte[]> ownReached = new TreeSet<>(Arrays::compareUnsigned);
    for (byte[] key : reached) {
      if (StateTree.versionOf(key) == version) {
        ownReached.add(key);
      }
    }
    assertEquals(ownReached, written, "the nodes written are the version's own");
    Set<byte[]> gone = new TreeSet<>(Arrays::compareUnsigned);
    gone.addAll(reachedBefore);
    gone.removeAll(reached);
    Set<byte[]> stale = new TreeSet<>(Arrays::compareUnsigned);
    stale.addAll(batch.staleNodeKeys());
    assertEquals(batch.staleNodeKeys().size(), stale.size(), "a stale key named twice");
    assertEquals(gone, stale, "the stale keys are the older nodes left behind");
  }

  private static List<Map<String, String>> steps(Random random, Map<String, String> before) {
    List<Map<String, String>> steps = new ArrayList<>();
    int count = random.nextInt(8);
    for (int s = 0; s < count; s++) {
      Map<String, String> step = new TreeMap<>();
      int writes = random.nextInt(5) == 0 ? random.nextInt(KEYS.size()) : random.nextInt(6);
      for (int w = 0; w < writes; w++) {
        String key = KEYS.get(random.nextInt(KEYS.size()));
        int kind = random.nextInt(5);
        String value =
            kind == 0 ? null : kind == 1 ? before.get(key) : Integer.toString(random.nextInt(4));
        step.put(key, value);
      }
      steps.add(step);
    }
    return steps;
  }

  private static KeyChange change(String key, String value, String previous) {
    return new KeyChange(
        bytes(key), value == null ? null : bytes(value), previous == null ? null : bytes(previous));
  }
}
