package io.leasechain.commitment;

import static io.leasechain.commitment.TreeFixtures.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link StateTree#readAhead} reads the very nodes an update writing one key reads, no more and no
 * fewer: an insert, an update with a right, wrong or missing hint, a delete of a present or absent
 * key, in trees of a few keys to thousands.
 */
class ReadAheadTest {

  @Property(tries = 40)
  void readsWhatAOneKeyUpdateReads(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int keys) {
    Random random = new Random(seed);
    InMemoryNodeStore store = new InMemoryNodeStore();
    List<KeyChange> genesis = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      genesis.add(new KeyChange(bytes("k" + i), bytes("v" + i)));
    }
    store.write(StateTree.apply(store, -1, 0, genesis));
    // Some keys deleted at version 1, so that version 2 sits on leaves of several versions.
    List<KeyChange> deletes = new ArrayList<>();
    for (int i = 0; i < keys; i += 7) {
      deletes.add(TreeFixtures.delete("k" + i));
    }
    store.write(StateTree.apply(store, 0, 1, deletes));

    for (int round = 0; round < 50; round++) {
      int i = random.nextInt(keys + keys / 2 + 1);
      boolean present = i < keys && i % 7 != 0;
      byte[] key = bytes("k" + i);
      boolean deleting = random.nextBoolean();
      byte[] value = deleting ? null : bytes("w" + round);
      byte[] hint =
          switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> present ? bytes("v" + i) : null;
            default -> bytes("wrong");
          };

      NavigableSet<byte[]> readAhead = new TreeSet<>(Arrays::compareUnsigned);
      StateTree.readAhead(recording(store, readAhead), 1, key, hint, deleting);
      NavigableSet<byte[]> updated = new TreeSet<>(Arrays::compareUnsigned);
      StateTree.apply(recording(store, updated), 1, 2, List.of(new KeyChange(key, value, hint)));

      assertEquals(
          describe(updated),
          describe(readAhead),
          "key k"
              + i
              + (present ? " (present)" : " (absent)")
              + (deleting ? ", deleted" : ", put")
              + ", hint "
              + (hint == null ? "none" : new String(hint)));
    }
  }

  @Test
  void anInsertReadsTheLeafItSplitsAndAnUpdateWithItsHintReadsNoLeaf() {
    InMemoryNodeStore store = new InMemoryNodeStore();
    List<KeyChange> genesis = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      genesis.add(new KeyChange(bytes("k" + i), bytes("v" + i)));
    }
    store.write(StateTree.apply(store, -1, 1, genesis));

    NavigableSet<byte[]> insert = new TreeSet<>(Arrays::compareUnsigned);
    StateTree.readAhead(recording(store, insert), 1, bytes("new key"), null, false);
    NavigableSet<byte[]> update = new TreeSet<>(Arrays::compareUnsigned);
    StateTree.readAhead(recording(store, update), 1, bytes("k5"), bytes("v5"), false);

    assertTrue(insert.stream().anyMatch(k -> StateTree.isLeafNode(store.get(k))));
    assertFalse(update.stream().anyMatch(k -> StateTree.isLeafNode(store.get(k))));
    assertTrue(update.contains(StateTree.rootKey(1)));
  }

  @Test
  void aMissingVersionIsSaid() {
    InMemoryNodeStore store = new InMemoryNodeStore();
    store.write(StateTree.apply(store, -1, 1, List.of(new KeyChange(bytes("a"), bytes("1")))));

    assertThrows(
        MissingVersionException.class,
        () -> StateTree.readAhead(store, 2, bytes("a"), null, false));
  }

  private static NodeStore recording(NodeStore store, NavigableSet<byte[]> read) {
    return nodeKey -> {
      read.add(nodeKey.clone());
      return store.get(nodeKey);
    };
  }

  private static List<String> describe(NavigableSet<byte[]> nodeKeys) {
    return nodeKeys.stream().map(k -> HexFormat.of().formatHex(k)).toList();
  }
}
