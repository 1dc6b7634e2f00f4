package io.leasechain.commitment;

import static io.leasechain.commitment.TreeFixtures.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * A change's hint of its key's old value ({@link KeyChange#previous}) only saves reading the key's
 * leaf: right, wrong or missing, the update writes the same version node for node.
 */
class TreeHintTest {

  @Test
  void aRightHintSkipsReadingTheLeafAndChangesNothingElse() {
    InMemoryNodeStore store = new InMemoryNodeStore();
    List<KeyChange> genesis = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      genesis.add(new KeyChange(bytes("k" + i), bytes("v" + i)));
    }
    store.write(StateTree.apply(store, -1, 0, genesis));
    List<KeyChange> plain = new ArrayList<>();
    List<KeyChange> hinted = new ArrayList<>();
    for (int i = 0; i < 200; i += 10) {
      plain.add(new KeyChange(bytes("k" + i), bytes("new" + i)));
      hinted.add(new KeyChange(bytes("k" + i), bytes("new" + i), bytes("v" + i)));
    }
    AtomicInteger plainLeafReads = new AtomicInteger();
    AtomicInteger hintedLeafReads = new AtomicInteger();
    TreeBatch withoutHints = StateTree.apply(counting(store, plainLeafReads), 0, 1, plain);
    TreeBatch withHints = StateTree.apply(counting(store, hintedLeafReads), 0, 1, hinted);

    assertSameBatch(withoutHints, withHints);
    assertEquals(20, plainLeafReads.get());
    assertEquals(0, hintedLeafReads.get());
  }

  @Test
  void aWrongHintCostsTheReadNeverTheRoot() {
    InMemoryNodeStore store = new InMemoryNodeStore();
    store.write(
        StateTree.apply(
            store,
            -1,
            0,
            List.of(new KeyChange(bytes("a"), bytes("1")), new KeyChange(bytes("b"), bytes("2")))));
    AtomicInteger leafReads = new AtomicInteger();
    // A lying hint for "a", and a hint for "c", which the tree does not hold.
    List<KeyChange> lying =
        List.of(
            new KeyChange(bytes("a"), bytes("3"), bytes("not 1")),
            new KeyChange(bytes("c"), bytes("4"), bytes("2")));
    TreeBatch batch = StateTree.apply(counting(store, leafReads), 0, 1, lying);
    TreeBatch plain =
        StateTree.apply(
            store,
            0,
            1,
            List.of(new KeyChange(bytes("a"), bytes("3")), new KeyChange(bytes("c"), bytes("4"))));

    assertSameBatch(plain, batch);
    assertTrue(leafReads.get() > 0, "the lying hint was not taken");
    assertArrayEquals(
        ReferenceTree.root(TreeFixtures.leavesOf(Map.of("a", "3", "b", "2", "c", "4"))),
        batch.rootHash());
  }

  @Property(tries = 10)
  void rightWrongOrMissingHintsWriteTheSameVersions(@ForAll long seed) {
    Random random = new Random(seed);
    InMemoryNodeStore plainStore = new InMemoryNodeStore();
    InMemoryNodeStore hintedStore = new InMemoryNodeStore();
    Map<String, String> state = new HashMap<>();
    for (int version = 0; version < 200; version++) {
      List<KeyChange> plain = new ArrayList<>();
      List<KeyChange> hinted = new ArrayList<>();
      Map<String, String> next = new HashMap<>(state);
      for (int i = random.nextInt(30); i >= 0; i--) {
        String key = "k" + random.nextInt(60);
        if (plain.stream().anyMatch(c -> java.util.Arrays.equals(c.key(), bytes(key)))) {
          continue;
        }
        byte[] value = random.nextInt(4) == 0 ? null : bytes(Integer.toString(random.nextInt(5)));
        String old = state.get(key);
        byte[] hint =
            switch (random.nextInt(4)) {
              case 0 -> null;
              case 1 -> bytes("wrong" + random.nextInt(3));
              default -> old == null ? null : bytes(old);
            };
        plain.add(new KeyChange(bytes(key), value));
        hinted.add(new KeyChange(bytes(key), value, hint));
        if (value == null) {
          next.remove(key);
        } else {
          next.put(key, new String(value, java.nio.charset.StandardCharsets.UTF_8));
        }
      }
      TreeBatch a = StateTree.apply(plainStore, version - 1, version, plain);
      TreeBatch b = StateTree.apply(hintedStore, version - 1, version, hinted);
      assertSameBatch(a, b);
      // Root first, deepest last: a node key's ninth byte is its nibble count.
      assertArrayEquals(StateTree.rootKey(version), b.newNodes().get(0).key());
      for (int i = 1; i < b.newNodes().size(); i++) {
        assertTrue(
            b.newNodes().get(i - 1).key()[8] <= b.newNodes().get(i).key()[8], "new nodes by depth");
      }
      plainStore.write(a);
      hintedStore.write(b);
      state = next;
      assertArrayEquals(
          ReferenceTree.root(TreeFixtures.leavesOf(state)), b.rootHash(), "version " + version);
    }
  }

  /** Counts the leaves read through {@code store}. */
  private static NodeStore counting(NodeStore store, AtomicInteger leafReads) {
    return key -> {
      byte[] node = store.get(key);
      if (node != null && StateTree.isLeafNode(node)) {
        leafReads.incrementAndGet();
      }
      return node;
    };
  }

  private static void assertSameBatch(TreeBatch expected, TreeBatch actual) {
    assertArrayEquals(expected.rootHash(), actual.rootHash());
    assertEquals(expected.newNodes().size(), actual.newNodes().size());
    for (int i = 0; i < expected.newNodes().size(); i++) {
      assertArrayEquals(expected.newNodes().get(i).key(), actual.newNodes().get(i).key());
      assertArrayEquals(expected.newNodes().get(i).value(), actual.newNodes().get(i).value());
    }
    assertEquals(expected.staleNodeKeys().size(), actual.staleNodeKeys().size());
    for (int i = 0; i < expected.staleNodeKeys().size(); i++) {
      assertArrayEquals(expected.staleNodeKeys().get(i), actual.staleNodeKeys().get(i));
    }
  }
}
