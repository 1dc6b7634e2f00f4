package io.leasechain.commitment;

import static io.leasechain.commitment.TreeFixtures.assertFoldsTo;
import static io.leasechain.commitment.TreeFixtures.assertSameBatch;
import static io.leasechain.commitment.TreeFixtures.bytes;
import static io.leasechain.commitment.TreeFixtures.delete;
import static io.leasechain.commitment.TreeFixtures.put;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.crypto.Hex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Fixed vectors (docs/state-commitment.md) and the shape of what one version writes. */
class StateTreeTest {

  static final String EMPTY_ROOT =
      "0000000000000000000000000000000000000000000000000000000000000000";
  static final String ONE_KEY_ROOT =
      "e88595db6e2373140c77336108e543dd79e1c6420dff08568b120417c8af88b5";
  static final String FIVE_KEYS_ROOT =
      "9efb9dfcec5f319793257108417e75f9d803adfe322e3a03d0b44c9d1dd48b0f";
  static final String AFTER_DELETES_ROOT =
      "991491890b1fc402a5076793213c543aa75c1b40a702fb7bc0973ce7bd8d2fd0";
  static final String ONLY_CAROL_ROOT =
      "5172fdea6635f53c5b482e594d1e151d095de2003f3c64572fa401afe6ae9520";
  // SHA-256 of key-8337 and key-15029 share their first 35 bits (8 nibbles and 3 bits).
  static final String SHARED_PREFIX_ROOT =
      "aa2f78167d39e45f23565d91298ad5068a2cbe421e5b64533d737fbeb6a6a8c3";

  private final InMemoryNodeStore store = new InMemoryNodeStore();

  private byte[] commit(long base, long version, KeyChange... changes) {
    TreeBatch batch = StateTree.apply(store, base, version, List.of(changes));
    store.write(batch);
    assertArrayEquals(batch.rootHash(), StateTree.rootHash(store, version));
    return batch.rootHash();
  }

  @Test
  void fixedVectors() {
    assertEquals(EMPTY_ROOT, Hex.encode(commit(-1, 1)));
    assertEquals(EMPTY_ROOT, Hex.encode(ReferenceTree.root(List.of())));
    assertEquals(ONE_KEY_ROOT, Hex.encode(commit(1, 2, put("alice", "100"))));
    assertEquals(
        ONE_KEY_ROOT,
        Hex.encode(TreeHashes.leaf(bytes("alice"), bytes("100"))),
        "a single leaf floats up to the root");
    assertEquals(
        FIVE_KEYS_ROOT,
        Hex.encode(
            commit(
                2,
                3,
                put("bob", "200"),
                put("carol", "300"),
                put("dave", "400"),
                put("erin", "500"))));
    assertEquals(
        FIVE_KEYS_ROOT,
        Hex.encode(
            ReferenceTree.root(
                TreeFixtures.leavesOf(
                    Map.of(
                        "alice", "100", "bob", "200", "carol", "300", "dave", "400", "erin",
                        "500")))));
    assertEquals(AFTER_DELETES_ROOT, Hex.encode(commit(3, 4, delete("bob"), delete("dave"))));
    assertEquals(ONLY_CAROL_ROOT, Hex.encode(commit(4, 5, delete("alice"), delete("erin"))));
    assertEquals(EMPTY_ROOT, Hex.encode(commit(5, 6, delete("carol"))));
    assertEquals(
        SHARED_PREFIX_ROOT, Hex.encode(commit(6, 7, put("key-8337", "x"), put("key-15029", "y"))));
  }

  @Test
  void nodesAndNodeKeysEncodeAsDocumented() {
    TreeBatch batch = StateTree.apply(store, -1, 1, List.of(put("alice", "100")));
    // H("alice") = 2bd806…: the leaf sits in slot 2 of the root.
    assertEquals(2, batch.newNodes().size());
    // By depth: the root (no nibbles) before its leaf.
    TreeBatch.Node leaf = batch.newNodes().get(1);
    assertEquals("0000000000000001" + "01" + "20", Hex.encode(leaf.key()));
    assertEquals(
        "02" + "00000005" + Hex.encode(bytes("alice")) + Hex.encode(bytes("100")),
        Hex.encode(leaf.value()));
    TreeBatch.Node root = batch.newNodes().get(0);
    assertEquals("0000000000000001" + "00", Hex.encode(root.key()));
    assertEquals(
        "01" + "0004" + "0004" + "0000000000000001" + ONE_KEY_ROOT, Hex.encode(root.value()));
  }

  @Test
  void keysSharingALongPrefixNestNineNodesDeepAndCollapseBackWhenOneGoes() {
    commit(-1, 1, put("key-8337", "x"));
    commit(1, 2, put("key-15029", "y"));
    // Root, 8 internal nodes down the shared nibbles, then the two leaves.
    assertEquals(11, TreeFixtures.reachable(store, 2).size());
    LeafPath path = StateTree.lookup(store, 2, bytes("key-8337")).found();
    assertEquals(36, path.siblings().size(), "the leaves part at bit 35");
    assertFoldsTo(StateTree.rootHash(store, 2), path);

    byte[] root = commit(2, 3, delete("key-15029"));
    assertArrayEquals(TreeHashes.leaf(bytes("key-8337"), bytes("x")), root);
    assertEquals(2, TreeFixtures.reachable(store, 3).size(), "root and the floated leaf");
    assertEquals(0, StateTree.lookup(store, 3, bytes("key-8337")).found().siblings().size());
    assertArrayEquals(bytes("x"), StateTree.get(store, 3, bytes("key-8337")));
    assertArrayEquals(bytes("y"), StateTree.get(store, 2, bytes("key-15029")));
  }

  @Test
  void aVersionWithoutChangesCopiesTheRootAndStalesTheOldOne() {
    byte[] root = commit(-1, 1, put("a", "1"), put("b", "2"));
    TreeBatch batch = StateTree.apply(store, 1, 2, List.of(delete("absent")));
    assertArrayEquals(root, batch.rootHash());
    assertEquals(1, batch.newNodes().size());
    assertArrayEquals(StateTree.rootKey(2), batch.newNodes().get(0).key());
    assertEquals(1, batch.staleNodeKeys().size());
    assertArrayEquals(StateTree.rootKey(1), batch.staleNodeKeys().get(0));
  }

  @Test
  void rewritingAValueWithItselfWritesOnlyTheRoot() {
    commit(-1, 1, put("a", "1"), put("b", "2"), put("c", "3"));
    TreeBatch batch = StateTree.apply(store, 1, 2, List.of(put("b", "2")));
    assertEquals(1, batch.newNodes().size());
  }

  @Test
  void getAnswersAtEachVersion() {
    commit(-1, 1, put("a", "1"));
    commit(1, 2, put("a", "2"), put("b", "1"));
    commit(2, 3, delete("a"));
    assertArrayEquals(bytes("1"), StateTree.get(store, 1, bytes("a")));
    assertNull(StateTree.get(store, 1, bytes("b")));
    assertArrayEquals(bytes("2"), StateTree.get(store, 2, bytes("a")));
    assertNull(StateTree.get(store, 3, bytes("a")));
    assertArrayEquals(bytes("1"), StateTree.get(store, 3, bytes("b")));
  }

  @Test
  void readsAtAnAbsentVersionThrowAndItsRootIsNull() {
    commit(-1, 1, put("a", "1"));
    assertNull(StateTree.rootHash(store, 2));
    assertEquals(
        2,
        assertThrows(MissingVersionException.class, () -> StateTree.get(store, 2, bytes("a")))
            .version());
    assertThrows(MissingVersionException.class, () -> StateTree.lookup(store, 2, bytes("a")));
    assertThrows(MissingVersionException.class, () -> StateTree.leaves(store, 2, null, 1));
    assertThrows(MissingVersionException.class, () -> StateTree.apply(store, 2, 3, List.of()));
  }

  @Test
  void aSharedUpdateThrowsTheFirstSlotsFailureOnlyOnceTheHelpersPartHasEnded() throws Exception {
    List<KeyChange> initial = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      initial.add(put("k" + i, "v"));
    }
    commit(-1, 1, initial.toArray(KeyChange[]::new));
    List<KeyChange> changes = new ArrayList<>();
    int firstSlot = TreeNodes.SLOTS;
    for (int i = 0; i < 500; i++) {
      changes.add(put("k" + i, "w"));
      firstSlot = Math.min(firstSlot, TreeNodes.nibble(TreeHashes.keyHash(bytes("k" + i)), 0));
    }
    // Below the root every read fails, naming its top-level slot. The helper's read waits until
    // the test lets it go; the calling thread's reads wait until the helper is reading, so that
    // each holds a part and the calling thread ends its own parts first.
    byte[] root = StateTree.rootKey(1);
    CountDownLatch helperReading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    NodeStore failing =
        key -> {
          if (Arrays.equals(key, root)) {
            return store.get(key);
          }
          if (Thread.currentThread().getName().equals("helper")) {
            helperReading.countDown();
            awaitBriefly(release);
          } else {
            awaitBriefly(helperReading);
          }
          byte[] path = Arrays.copyOfRange(key, 9, key.length);
          throw new IllegalStateException("slot " + TreeNodes.nibble(path, 0));
        };
    ExecutorService helpers = Executors.newSingleThreadExecutor(task -> new Thread(task, "helper"));
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      Future<TreeBatch> update =
          caller.submit(() -> StateTree.apply(failing, 1, 2, changes, helpers, 1));
      assertTrue(helperReading.await(10, TimeUnit.SECONDS), "the helper took a part");
      assertThrows(
          TimeoutException.class,
          () -> update.get(300, TimeUnit.MILLISECONDS),
          "the update waits for the helper's part");
      release.countDown();
      ExecutionException thrown = assertThrows(ExecutionException.class, update::get);
      assertEquals("slot " + firstSlot, thrown.getCause().getMessage());
    } finally {
      release.countDown();
      helpers.shutdown();
      caller.shutdown();
    }
    assertTrue(helpers.awaitTermination(10, TimeUnit.SECONDS));
    assertTrue(caller.awaitTermination(10, TimeUnit.SECONDS));
  }

  private static void awaitBriefly(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("a latch the test opens was never opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void helpersThatRefuseWorkLeaveItToTheCallingThread() {
    List<KeyChange> initial = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      initial.add(put("k" + i, "v"));
    }
    commit(-1, 1, initial.toArray(KeyChange[]::new));
    List<KeyChange> changes = List.of(put("k1", "w"), put("k2", "w"), delete("k3"));
    TreeBatch alone = StateTree.apply(store, 1, 2, changes);
    TreeBatch refused =
        StateTree.apply(
            store,
            1,
            2,
            changes,
            task -> {
              throw new RejectedExecutionException("shutting down");
            },
            4);
    assertSameBatch(alone, refused);
  }

  @Test
  void refusesTwoChangesToOneKeyAndVersionsThatDoNotGrow() {
    assertThrows(
        IllegalArgumentException.class,
        () -> StateTree.apply(store, -1, 1, List.of(put("a", "1"), delete("a"))));
    commit(-1, 1, put("a", "1"));
    assertThrows(IllegalArgumentException.class, () -> StateTree.apply(store, 1, 1, List.of()));
  }

  @Test
  void lookupOfTheEmptyTreeFindsNothing() {
    commit(-1, 1);
    Lookup lookup = StateTree.lookup(store, 1, bytes("a"));
    assertNull(lookup.found());
    assertNull(lookup.left());
    assertNull(lookup.right());
  }

  @Test
  void internalChildKeysWalkExactlyAVersionsInternalNodes() {
    List<KeyChange> initial = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      initial.add(put("lease/" + i, "v" + i));
    }
    TreeBatch first = StateTree.apply(store, -1, 1, initial);
    store.write(first);
    assertEquals(internalKeys(first.newNodes()), walkInternal(1));

    List<KeyChange> changes = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      changes.add(i % 3 == 0 ? delete("lease/" + i * 13) : put("lease/x" + i, "w"));
    }
    TreeBatch second = StateTree.apply(store, 1, 2, changes);
    store.write(second);
    // Version 2: its own internal nodes, and those of version 1 it did not replace.
    Set<String> expected = internalKeys(second.newNodes());
    Set<String> kept = internalKeys(first.newNodes());
    second.staleNodeKeys().forEach(key -> kept.remove(Hex.encode(key)));
    expected.addAll(kept);
    assertEquals(expected, walkInternal(2));
    assertThrows(
        IllegalStateException.class,
        () ->
            StateTree.internalChildKeys(
                first.newNodes().get(0).key(),
                first.newNodes().stream()
                    .filter(n -> StateTree.isLeafNode(n.value()))
                    .findFirst()
                    .orElseThrow()
                    .value()),
        "a leaf has no children to walk");
  }

  private static Set<String> internalKeys(List<TreeBatch.Node> nodes) {
    Set<String> keys = new TreeSet<>();
    nodes.stream()
        .filter(n -> !StateTree.isLeafNode(n.value()))
        .forEach(n -> keys.add(Hex.encode(n.key())));
    return keys;
  }

  private Set<String> walkInternal(long version) {
    Set<String> seen = new TreeSet<>();
    List<byte[]> level = List.of(StateTree.rootKey(version));
    while (!level.isEmpty()) {
      List<byte[]> below = new ArrayList<>();
      for (byte[] key : level) {
        byte[] node = store.get(key);
        assertTrue(node != null && !StateTree.isLeafNode(node), "walked to a non-internal node");
        seen.add(Hex.encode(key));
        below.addAll(StateTree.internalChildKeys(key, node));
      }
      level = below;
    }
    return seen;
  }

  @Test
  void aBatchOverALargeTreeTouchesOnlyThePathsOfItsKeys() {
    List<KeyChange> initial = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      initial.add(put("lease/" + i, "v" + i));
    }
    store.write(StateTree.apply(store, -1, 1, initial));
    List<KeyChange> changes = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      changes.add(i % 3 == 0 ? delete("lease/" + i * 97) : put("lease/" + (i * 97 + 1), "w"));
    }
    int[] reads = {0};
    TreeBatch batch =
        StateTree.apply(
            key -> {
              reads[0]++;
              return store.get(key);
            },
            1,
            2,
            changes);
    // log16(100k) ~ 4.2: a path is the root, ~4 internal nodes and a leaf.
    int bound = changes.size() * 6;
    assertTrue(batch.newNodes().size() <= bound, "wrote " + batch.newNodes().size());
    assertTrue(batch.staleNodeKeys().size() <= bound, "staled " + batch.staleNodeKeys().size());
    assertTrue(reads[0] <= bound, "read " + reads[0]);
    long puts = changes.stream().filter(c -> !c.isDelete()).count();
    assertTrue(batch.newNodes().size() > puts, "each changed leaf and its parents are written");
  }
}
