package io.leasechain.commitment;

import static io.leasechain.commitment.TreeFixtures.assertSameBatch;
import static io.leasechain.commitment.TreeFixtures.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.leasechain.commitment.TreeNodes.Child;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * What {@link InnerHashes} keeps only spares hashing: every hash it gives equals the node's whole
 * hash, whatever was kept at the node's position before, and updates and drafts that use it write
 * the same batches as those that do not.
 */
class InnerHashesTest {

  /** 20,000 keys whose key hashes start with the byte 0x5a, found once, when first used. */
  private static final class Prefixed {
    static final List<String> KEYS = find(20_000);

    private static List<String> find(int count) {
      List<String> keys = new ArrayList<>(count);
      for (int i = 0; keys.size() < count; i++) {
        String key = "k" + i;
        if (TreeHashes.keyHash(bytes(key))[0] == 0x5a) {
          keys.add(key);
        }
      }
      return List.copyOf(keys);
    }
  }

  /**
   * Nodes hashed at a few positions in turn, each a random rewrite of the one hashed there before
   * (slots changed, emptied, filled, turned from leaf to subtree) or an unrelated node (another
   * version's, or another tree's after a wipe): every hash is the node's whole hash.
   */
  @Property(tries = 20)
  void everyHashIsTheWholeHashWhateverWasKeptBefore(@ForAll long seed) {
    Random random = new Random(seed);
    InnerHashes kept = new InnerHashes();
    Map<Integer, Child[]> last = new HashMap<>();
    for (int i = 0; i < 3_000; i++) {
      // The kept depths, and one beside them on each side.
      int depth = InnerHashes.FIRST_DEPTH - 1 + random.nextInt(InnerHashes.DEPTHS + 2);
      // Paths 0x0000 to 0x0102: at depth 3, three of them share a position.
      byte[] path = {(byte) random.nextInt(2), (byte) random.nextInt(3)};
      int at = depth * 65_536 + ((path[0] & 0xFF) << 8 | (path[1] & 0xFF));
      Child[] slots = last.get(at);
      if (slots == null || random.nextInt(10) == 0) {
        slots = randomNode(random);
      } else {
        slots = slots.clone();
        for (int changes = random.nextInt(4); changes >= 0; changes--) {
          slots[random.nextInt(TreeNodes.SLOTS)] = randomChild(random);
        }
        if (Integer.bitCount(TreeNodes.occupiedMask(slots)) < 2) {
          slots = randomNode(random);
        }
      }
      last.put(at, slots);
      assertArrayEquals(
          TreeNodes.hash(slots), kept.hash(slots, depth, path, 0), "hash " + i + " at " + at);
    }
  }

  /**
   * Two threads hashing nodes at the same two positions at once: each hash is still the node's
   * whole hash (a thread that finds an entry taken hashes its node whole).
   */
  @Test
  void threadsHashingOnePositionAtOnceGetWholeHashes() throws Exception {
    InnerHashes kept = new InnerHashes();
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        long seed = t;
        done.add(
            threads.submit(
                () -> {
                  Random random = new Random(seed);
                  for (int i = 0; i < 20_000; i++) {
                    Child[] slots = randomNode(random);
                    byte[] path = {(byte) random.nextInt(2), 0};
                    assertArrayEquals(TreeNodes.hash(slots), kept.hash(slots, 4, path, 0));
                  }
                  return 20_000;
                }));
      }
      for (var thread : done) {
        assertEquals(20_000, thread.get());
      }
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * The reuse itself: a node hashed again as it was takes no inner hash, one with a changed slot
   * takes the 4 above it, and an entry whose rewrite failed is rebuilt whole by the next node.
   */
  @Test
  void aRewriteRecomputesOnlyWhatItsChangedSlotsReach() {
    InnerHashes kept = new InnerHashes();
    byte[] path = {0x12, 0x34};
    Child[] full = new Child[TreeNodes.SLOTS];
    for (int s = 0; s < TreeNodes.SLOTS; s++) {
      full[s] = new Child(hashOf(s), 1, s % 3 == 0);
    }
    kept.hash(full, 4, path, 0);
    assertEquals(15, kept.computed(), "a first node is hashed whole");
    assertArrayEquals(TreeNodes.hash(full), kept.hash(full, 4, path, 0));
    assertEquals(15, kept.computed(), "the same node again: nothing recomputed");
    Child[] one = full.clone();
    one[9] = new Child(hashOf(99), 2, false);
    assertArrayEquals(TreeNodes.hash(one), kept.hash(one, 4, path, 0));
    assertEquals(19, kept.computed(), "one changed slot: the 4 inner hashes above it");
    // Throws while the slots are compared, before the entry is written: the only failure a
    // rewrite can meet half-way is running out of memory, which a test cannot cause in place.
    Child[] broken = one.clone();
    broken[5] = new Child(null, 2, false);
    assertThrows(NullPointerException.class, () -> kept.hash(broken, 4, path, 0));
    assertArrayEquals(TreeNodes.hash(one), kept.hash(one, 4, path, 0));
    assertEquals(34, kept.computed(), "after a failed rewrite the entry is rebuilt whole");
    assertArrayEquals(TreeNodes.hash(full), kept.hash(full, 4, path, 0));
    assertEquals(38, kept.computed(), "and reused after that");
  }

  /** A change in a slot's leaf flag alone changes the hash where the slot is alone in its half. */
  @Test
  void aSlotTurnedFromLeafToSubtreeIsRehashed() {
    InnerHashes kept = new InnerHashes();
    byte[] path = {0x12, 0x34};
    Child[] slots = new Child[TreeNodes.SLOTS];
    slots[0] = new Child(hashOf(1), 1, true);
    slots[15] = new Child(hashOf(2), 1, false);
    assertArrayEquals(TreeNodes.hash(slots), kept.hash(slots, 4, path, 0));
    Child[] rewritten = slots.clone();
    rewritten[0] = new Child(hashOf(1), 2, false);
    byte[] hash = kept.hash(rewritten, 4, path, 0);
    assertArrayEquals(TreeNodes.hash(rewritten), hash);
    assertFalse(Arrays.equals(TreeNodes.hash(slots), hash), "the flag is hashed");
  }

  /**
   * 20,000 keys whose key hashes share their first byte, so that the nodes at depths 3 and 4 under
   * it are full, as in a large state, then versions of random changes with hints, each by an update
   * or a draft in two steps: with inner hashes kept, it writes node for node what the same update
   * or draft writes without them, and its root is the reference tree's.
   */
  @Property(tries = 3)
  void updatesAndDraftsWriteTheSameBatchesAsWithoutIt(@ForAll long seed) {
    Random random = new Random(seed);
    InMemoryNodeStore store = new InMemoryNodeStore();
    InnerHashes kept = new InnerHashes();
    Map<String, String> state = new HashMap<>();
    ExecutorService helpers = Executors.newFixedThreadPool(2);
    try {
      for (int version = 0; version < 40; version++) {
        Map<String, KeyChange> changes = new HashMap<>();
        int count = version == 0 ? Prefixed.KEYS.size() : 1 + random.nextInt(400);
        for (int i = 0; i < count; i++) {
          String key =
              version == 0
                  ? Prefixed.KEYS.get(i)
                  : Prefixed.KEYS.get(random.nextInt(Prefixed.KEYS.size()));
          String value = random.nextInt(5) == 0 ? null : Integer.toString(random.nextInt(1000));
          String previous = state.get(key);
          changes.putIfAbsent(
              key,
              new KeyChange(
                  bytes(key),
                  value == null ? null : bytes(value),
                  previous == null ? null : bytes(previous)));
        }
        changes.values().forEach(c -> apply(state, c));
        List<KeyChange> list = new ArrayList<>(changes.values());
        boolean drafted = version > 0 && random.nextBoolean();
        TreeBatch whole = update(store, InnerHashes.NONE, version, list, drafted, helpers);
        TreeBatch reusing = update(store, kept, version, list, drafted, helpers);
        assertSameBatch(whole, reusing);
        assertArrayEquals(
            ReferenceTree.root(TreeFixtures.leavesOf(state)), reusing.rootHash(), "" + version);
        store.write(reusing);
      }
    } finally {
      helpers.shutdownNow();
    }
  }

  private static TreeBatch update(
      NodeStore store,
      InnerHashes innerHashes,
      long version,
      List<KeyChange> changes,
      boolean drafted,
      ExecutorService helpers) {
    if (!drafted) {
      return StateTree.apply(store, innerHashes, version - 1, version, changes, helpers, 2);
    }
    TreeDraft draft = new TreeDraft(store, innerHashes, version - 1, version);
    int half = changes.size() / 2;
    draft.apply(changes.subList(0, half), helpers, 1);
    draft.apply(changes.subList(half, changes.size()), helpers, 1);
    return draft.batch(helpers, 1);
  }

  private static void apply(Map<String, String> state, KeyChange change) {
    String key = new String(change.key(), StandardCharsets.UTF_8);
    if (change.value() == null) {
      state.remove(key);
    } else {
      state.put(key, new String(change.value(), StandardCharsets.UTF_8));
    }
  }

  private static Child[] randomNode(Random random) {
    Child[] slots = new Child[TreeNodes.SLOTS];
    while (Integer.bitCount(TreeNodes.occupiedMask(slots)) < 2) {
      // Full nodes most of the time, as in a large state; sparse ones too.
      int fill = random.nextBoolean() ? TreeNodes.SLOTS : 2 + random.nextInt(6);
      for (int f = 0; f < fill; f++) {
        slots[random.nextInt(TreeNodes.SLOTS)] = randomChild(random);
      }
    }
    return slots;
  }

  private static Child randomChild(Random random) {
    if (random.nextInt(6) == 0) {
      return null;
    }
    // Few distinct hashes, so that a changed slot sometimes gets back the hash it had.
    return new Child(hashOf(random.nextInt(6)), random.nextInt(3), random.nextBoolean());
  }

  private static byte[] hashOf(int n) {
    return TreeHashes.leaf(bytes("key" + n), bytes("value"));
  }
}
