package io.leasechain.commitment;

import static io.leasechain.commitment.TreeFixtures.assertFoldsTo;
import static io.leasechain.commitment.TreeFixtures.assertSameBatch;
import static io.leasechain.commitment.TreeFixtures.bytes;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The incrementally maintained tree against the tree rebuilt from scratch, over hundreds of
 * versions of random inserts, updates and deletes in a small key space (so subtrees fill, split,
 * empty and collapse again), then reads at old versions, pruning, lookups and leaf paging.
 */
class StateTreePropertiesTest {

  private static final int VERSIONS = 300;

  /** The key space: a few dozen keys, plus two whose key hashes share their first 35 bits. */
  private static final List<String> KEYS = keys();

  private static List<String> keys() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      keys.add("k" + i);
    }
    keys.add("key-8337");
    keys.add("key-15029");
    return List.copyOf(keys);
  }

  @Property(tries = 5)
  void incrementalRootEqualsTheRootRebuiltFromScratch(@ForAll long seed) {
    Random random = new Random(seed);
    InMemoryNodeStore store = new InMemoryNodeStore();
    List<Map<String, String>> history = new ArrayList<>();
    Map<String, String> state = new HashMap<>();
    for (int version = 0; version < VERSIONS; version++) {
      Map<String, KeyChange> changes = new HashMap<>();
      // Mostly small batches; sometimes a big one that empties or refills the tree.
      int count = random.nextInt(10) == 0 ? random.nextInt(60) : random.nextInt(6);
      boolean deleting = random.nextInt(3) == 0;
      for (int i = 0; i < count; i++) {
        String key = KEYS.get(random.nextInt(KEYS.size()));
        if (deleting || random.nextInt(3) == 0) {
          changes.put(key, new KeyChange(bytes(key), null));
          state.remove(key);
        } else {
          String value = Integer.toString(random.nextInt(4));
          changes.put(key, new KeyChange(bytes(key), bytes(value)));
          state.put(key, value);
        }
      }
      TreeBatch batch =
          StateTree.apply(store, version - 1, version, new ArrayList<>(changes.values()));
      store.write(batch);
      assertArrayEquals(
          ReferenceTree.root(TreeFixtures.leavesOf(state)),
          batch.rootHash(),
          "root at version " + version);
      history.add(Map.copyOf(state));
    }
    assertEveryVersionReads(store, history, 0);

    long keepFrom = 1 + random.nextInt(VERSIONS - 1);
    store.prune(keepFrom);
    assertEveryVersionReads(store, history, (int) keepFrom);
    assertNull(StateTree.rootHash(store, keepFrom - 1), "pruned");
    Set<byte[]> reachable = new TreeSet<>(Arrays::compareUnsigned);
    for (long v = keepFrom; v < VERSIONS; v++) {
      reachable.addAll(TreeFixtures.reachable(store, v));
    }
    assertEquals(reachable.size(), store.size(), "every node left is reachable from a kept root");
  }

  @Property(tries = 5)
  void anUpdateSharedWithHelpersWritesTheSameBatchAsOneOnTheCallingThread(@ForAll long seed) {
    Random random = new Random(seed);
    InMemoryNodeStore alone = new InMemoryNodeStore();
    InMemoryNodeStore shared = new InMemoryNodeStore();
    Map<String, String> state = new TreeMap<>();
    ExecutorService helpers = Executors.newFixedThreadPool(3);
    try {
      for (int version = 0; version < VERSIONS; version++) {
        Map<String, KeyChange> changes = new TreeMap<>();
        int count = random.nextInt(8) == 0 ? random.nextInt(KEYS.size()) : random.nextInt(6);
        for (int i = 0; i < count; i++) {
          String key = KEYS.get(random.nextInt(KEYS.size()));
          String value = random.nextInt(3) == 0 ? null : Integer.toString(random.nextInt(4));
          // The old value as a hint, as the node gives it, half the time.
          String previous = random.nextBoolean() ? state.get(key) : null;
          changes.putIfAbsent(
              key,
              new KeyChange(
                  bytes(key),
                  value == null ? null : bytes(value),
                  previous == null ? null : bytes(previous)));
        }
        for (KeyChange change : changes.values()) {
          String key = new String(change.key(), UTF_8);
          if (change.value() == null) {
            state.remove(key);
          } else {
            state.put(key, new String(change.value(), UTF_8));
          }
        }
        List<KeyChange> list = new ArrayList<>(changes.values());
        TreeBatch one = StateTree.apply(alone, version - 1, version, list);
        // Reads that sometimes yield, so that the helpers take parts and finish them out of order.
        NodeStore yielding =
            key -> {
              if (ThreadLocalRandom.current().nextInt(4) == 0) {
                Thread.yield();
              }
              return shared.get(key);
            };
        TreeBatch many =
            StateTree.apply(yielding, version - 1, version, list, helpers, 1 + random.nextInt(3));
        assertSameBatch(one, many);
        alone.write(one);
        shared.write(many);
      }
    } finally {
      helpers.shutdownNow();
    }
  }

  private static void assertEveryVersionReads(
      NodeStore store, List<Map<String, String>> history, int from) {
    for (int version = from; version < history.size(); version++) {
      Map<String, String> state = history.get(version);
      byte[] root = StateTree.rootHash(store, version);
      assertArrayEquals(ReferenceTree.root(TreeFixtures.leavesOf(state)), root);
      TreeMap<byte[], String> byHash = new TreeMap<>(Arrays::compareUnsigned);
      state.keySet().forEach(k -> byHash.put(TreeHashes.keyHash(bytes(k)), k));
      for (String key : KEYS) {
        byte[] value = StateTree.get(store, version, bytes(key));
        assertEquals(state.get(key), value == null ? null : new String(value, UTF_8), key);
        assertLookup(store, version, root, key, state, byHash);
      }
      assertPaging(store, version, byHash, state);
    }
  }

  private static void assertLookup(
      NodeStore store,
      long version,
      byte[] root,
      String key,
      Map<String, String> state,
      TreeMap<byte[], String> byHash) {
    Lookup lookup = StateTree.lookup(store, version, bytes(key));
    if (state.containsKey(key)) {
      assertEquals(key, new String(lookup.found().key(), UTF_8));
      assertEquals(state.get(key), new String(lookup.found().value(), UTF_8));
      assertFoldsTo(root, lookup.found());
      assertNull(lookup.left());
      assertNull(lookup.right());
      return;
    }
    assertNull(lookup.found());
    byte[] keyHash = TreeHashes.keyHash(bytes(key));
    assertNeighbour(root, byHash.lowerEntry(keyHash), lookup.left(), state);
    assertNeighbour(root, byHash.higherEntry(keyHash), lookup.right(), state);
  }

  private static void assertNeighbour(
      byte[] root, Map.Entry<byte[], String> expected, LeafPath actual, Map<String, String> state) {
    if (expected == null) {
      assertNull(actual);
      return;
    }
    assertEquals(expected.getValue(), new String(actual.key(), UTF_8));
    assertEquals(state.get(expected.getValue()), new String(actual.value(), UTF_8));
    assertFoldsTo(root, actual);
  }

  private static void assertPaging(
      NodeStore store, long version, TreeMap<byte[], String> byHash, Map<String, String> state) {
    List<String> paged = new ArrayList<>();
    byte[] after = null;
    while (true) {
      List<TreeLeaf> page = StateTree.leaves(store, version, after, 7);
      for (TreeLeaf leaf : page) {
        String key = new String(leaf.key(), UTF_8);
        assertEquals(state.get(key), new String(leaf.value(), UTF_8));
        paged.add(key);
      }
      if (page.size() < 7) {
        break;
      }
      after = TreeHashes.keyHash(page.get(page.size() - 1).key());
    }
    assertEquals(new ArrayList<>(byHash.values()), paged);
  }
}
