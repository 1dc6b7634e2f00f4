package io.leasechain.ledger.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.crypto.Hex;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.testing.StateDump;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OverlayStateTest {

  private static byte[] b(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  private static List<String> keys(Iterator<KeyValue> it) {
    List<String> keys = new ArrayList<>();
    it.forEachRemaining(kv -> keys.add(Hex.encode(kv.key())));
    return keys;
  }

  private static List<String> entries(Iterator<KeyValue> it) {
    List<String> entries = new ArrayList<>();
    it.forEachRemaining(kv -> entries.add(Hex.encode(kv.key()) + "=" + Hex.encode(kv.value())));
    return entries;
  }

  /** A parent holding 01=a1, 03=a3, 05=a5, 0105=b1. */
  private static OverlayState parent() {
    OverlayState parent = new OverlayState(EmptyState.INSTANCE);
    parent.put(b(1), b(0xa1));
    parent.put(b(3), b(0xa3));
    parent.put(b(5), b(0xa5));
    parent.put(b(1, 5), b(0xb1));
    return parent;
  }

  @Test
  void getPutDelete() {
    OverlayState state = new OverlayState(EmptyState.INSTANCE);
    assertNull(state.get(b(1)));
    state.put(b(1), b(9));
    assertArrayEquals(b(9), state.get(b(1)));
    state.put(b(1), b(8));
    assertArrayEquals(b(8), state.get(b(1)));
    state.delete(b(1));
    assertNull(state.get(b(1)));
    state.put(b(1), b(7));
    assertArrayEquals(b(7), state.get(b(1)));
  }

  @Test
  void emptyValueIsPresentNotDeleted() {
    OverlayState state = new OverlayState(parent());
    state.put(b(3), new byte[0]);
    assertArrayEquals(new byte[0], state.get(b(3)));
    assertEquals(
        List.of("01=a1", "0105=b1", "03=", "05=a5"), entries(state.scan(new byte[0], null)));
    Write write = state.writes().get(0);
    assertFalse(write.isDelete());
    assertEquals(0, write.value().length);
  }

  @Test
  void putCopiesCallerArrays() {
    OverlayState state = new OverlayState(EmptyState.INSTANCE);
    byte[] key = b(1);
    byte[] value = b(2);
    state.put(key, value);
    key[0] = 9;
    value[0] = 9;
    assertArrayEquals(b(2), state.get(b(1)));
    assertNull(state.get(b(9)));
  }

  @Test
  void readsFallThroughToTheParentAndTheParentIsUntouchedUntilCommit() {
    OverlayState parent = parent();
    Map<String, String> before = StateDump.of(parent);
    OverlayState child = new OverlayState(parent);
    assertArrayEquals(b(0xa1), child.get(b(1)));
    child.put(b(1), b(0xc1));
    child.delete(b(3));
    child.put(b(4), b(0xc4));
    assertArrayEquals(b(0xc1), child.get(b(1)));
    assertNull(child.get(b(3)));
    assertArrayEquals(b(0xa5), child.get(b(5)));
    assertEquals(before, StateDump.of(parent));
    child.commitTo(parent);
    assertEquals(
        List.of("01=c1", "0105=b1", "04=c4", "05=a5"), entries(parent.scan(new byte[0], null)));
  }

  @Test
  void scanMergesParentAndStagedWithTombstones() {
    OverlayState child = new OverlayState(parent());
    child.put(b(2), b(0xc2)); // new, between parent keys
    child.put(b(5), b(0xc5)); // overrides the parent
    child.delete(b(1)); // hides the parent entry
    child.delete(b(7)); // tombstone for a key the parent never had
    child.put(b(0), b(0xc0)); // before every parent key
    child.put(b(9), b(0xc9)); // after every parent key
    assertEquals(
        List.of("00=c0", "0105=b1", "02=c2", "03=a3", "05=c5", "09=c9"),
        entries(child.scan(new byte[0], null)));
  }

  @Test
  void scanHonoursHalfOpenBounds() {
    OverlayState child = new OverlayState(parent());
    child.put(b(2), b(0xc2));
    child.put(b(4), b(0xc4));
    // [01 05, 04): includes 0105 (parent) and 02 (staged), 03; excludes 04 and 05.
    assertEquals(List.of("0105", "02", "03"), keys(child.scan(b(1, 5), b(4))));
    assertEquals(List.of("04", "05"), keys(child.scan(b(4), null)));
    assertEquals(List.of(), keys(child.scan(b(3, 0), b(4))));
  }

  @Test
  void emptyAndReversedRangesAreEmpty() {
    OverlayState child = new OverlayState(parent());
    child.put(b(4), b(0xc4));
    assertEquals(List.of(), keys(child.scan(b(3), b(3))));
    // ReadableState.scan: entries with from <= key < to; when from > to there are none.
    assertEquals(List.of(), keys(child.scan(b(5), b(2))));
  }

  @Test
  void prefixScanOnlyReturnsThatPrefix() {
    OverlayState child = new OverlayState(parent());
    child.put(b(1, 2), b(0xc0));
    child.put(b(1, 0xFF, 0xFF), b(0xc1));
    child.put(b(2), b(0xc2));
    child.delete(b(1, 5));
    assertEquals(List.of("01", "0102", "01ffff"), keys(child.scanPrefix(b(1))));
    assertEquals(List.of("01ffff"), keys(child.scanPrefix(b(1, 0xFF))));
  }

  @Test
  void prefixScanOfAllOnesHasNoUpperBound() {
    OverlayState parent = new OverlayState(EmptyState.INSTANCE);
    parent.put(b(0xFE, 0xFF), b(1));
    parent.put(b(0xFF), b(2));
    OverlayState child = new OverlayState(parent);
    child.put(b(0xFF, 0xFF, 0x00), b(3));
    child.put(b(0xFF, 0x01), b(4));
    assertEquals(List.of("ff", "ff01", "ffff00"), keys(child.scanPrefix(b(0xFF))));
    assertEquals(List.of("ffff00"), keys(child.scanPrefix(b(0xFF, 0xFF))));
    assertEquals(List.of("feff", "ff", "ff01", "ffff00"), keys(child.scanPrefix(new byte[0])));
  }

  @Test
  void keysCompareAsUnsignedBytes() {
    OverlayState state = new OverlayState(EmptyState.INSTANCE);
    state.put(b(0x80), b(1));
    state.put(b(0x7F), b(1));
    state.put(b(0xFF), b(1));
    state.put(b(0x00), b(1));
    state.put(b(0x7F, 0x80), b(1));
    state.delete(b(0x81));
    List<String> written = state.writes().stream().map(w -> Hex.encode(w.key())).toList();
    assertEquals(List.of("00", "7f", "7f80", "80", "81", "ff"), written);
    assertTrue(state.writes().get(4).isDelete());
    assertNull(state.writes().get(4).value());
    assertEquals(List.of("00", "7f", "7f80", "80", "ff"), keys(state.scan(new byte[0], null)));
    assertEquals(List.of("80", "ff"), keys(state.scan(b(0x80), null)));
  }

  @Test
  void writesListsEveryStagedChangeOnceWithTheLatestValue() {
    OverlayState state = new OverlayState(parent());
    assertTrue(state.isEmpty());
    state.put(b(3), b(1));
    state.put(b(3), b(2));
    state.delete(b(5));
    state.put(b(5), b(3));
    state.put(b(6), b(4));
    state.delete(b(6));
    assertFalse(state.isEmpty());
    List<String> writes =
        state.writes().stream()
            .map(
                w ->
                    Hex.encode(w.key()) + (w.isDelete() ? " deleted" : "=" + Hex.encode(w.value())))
            .toList();
    assertEquals(List.of("03=02", "05=03", "06 deleted"), writes);
  }

  @Test
  void commitToAppliesDeletesToTheTarget() {
    OverlayState parent = parent();
    OverlayState child = new OverlayState(parent);
    child.delete(b(3));
    child.delete(b(1, 5));
    child.commitTo(parent);
    assertNull(parent.get(b(3)));
    assertEquals(List.of("01", "05"), keys(parent.scan(new byte[0], null)));
    // The parent now records tombstones of its own (it is itself an overlay over nothing).
    assertEquals(
        List.of("01", "0105", "03", "05"),
        parent.writes().stream().map(w -> Hex.encode(w.key())).toList());
  }

  @Test
  void nestedOverlaysCommitInStages() {
    OverlayState base = parent();
    OverlayState block = new OverlayState(base);
    OverlayState tx = new OverlayState(block);
    tx.put(b(8), b(8));
    tx.delete(b(5));
    assertEquals(List.of("01", "0105", "03", "08"), keys(tx.scan(new byte[0], null)));
    assertEquals(List.of("01", "0105", "03", "05"), keys(block.scan(new byte[0], null)));
    tx.commitTo(block);
    assertEquals(List.of("01", "0105", "03", "08"), keys(block.scan(new byte[0], null)));
    assertArrayEquals(b(0xa5), base.get(b(5)));
    // A dropped overlay leaves no trace.
    OverlayState dropped = new OverlayState(block);
    dropped.put(b(0x42), b(1));
    assertNull(block.get(b(0x42)));
  }

  @Test
  void eventsFollowTheirWritesDroppedOrCommittedInOrder() {
    OverlayState block = new OverlayState(EmptyState.INSTANCE);
    block.emit(event("a"));
    OverlayState tx = new OverlayState(block);
    tx.emit(event("b"));
    tx.emit(event("c"));
    new OverlayState(block).emit(event("dropped"));
    tx.commitTo(block);
    assertEquals(List.of(), tx.drainEvents(), "commit hands the events on");
    assertEquals(List.of(event("a"), event("b"), event("c")), block.drainEvents());
    assertEquals(List.of(), block.drainEvents(), "drained once");
    // Drained events are not passed on again at commit.
    OverlayState drained = new OverlayState(block);
    drained.emit(event("d"));
    assertEquals(List.of(event("d")), drained.drainEvents());
    drained.commitTo(block);
    assertEquals(List.of(), block.drainEvents());
  }

  private static Event event(String type) {
    return Event.builder(type).build();
  }

  @Test
  void exhaustedIteratorThrows() {
    Iterator<KeyValue> it = new OverlayState(EmptyState.INSTANCE).scan(new byte[0], null);
    assertFalse(it.hasNext());
    assertThrows(NoSuchElementException.class, it::next);
  }

  @Test
  void randomOperationsAgreeWithASortedMapModel() {
    Random random = new Random(99);
    for (int round = 0; round < 50; round++) {
      OverlayState parent = new OverlayState(EmptyState.INSTANCE);
      TreeMap<String, String> model = new TreeMap<>();
      for (int i = 0; i < 30; i++) {
        byte[] key = randomKey(random);
        byte[] value = b(random.nextInt(256));
        parent.put(key, value);
        model.put(Hex.encode(key), Hex.encode(value));
      }
      OverlayState child = new OverlayState(parent);
      for (int i = 0; i < 40; i++) {
        byte[] key = randomKey(random);
        if (random.nextBoolean()) {
          byte[] value = b(random.nextInt(256));
          child.put(key, value);
          model.put(Hex.encode(key), Hex.encode(value));
        } else {
          child.delete(key);
          model.remove(Hex.encode(key));
        }
      }
      assertEquals(model, StateDump.of(child));
      byte[] from = randomKey(random);
      byte[] to = randomKey(random);
      if (java.util.Arrays.compareUnsigned(from, to) > 0) {
        byte[] swap = from;
        from = to;
        to = swap;
      }
      // Lower-case hex of bytes sorts like the bytes (unsigned), so the model can use String
      // ranges.
      assertEquals(
          List.copyOf(model.subMap(Hex.encode(from), Hex.encode(to)).keySet()),
          keys(child.scan(from, to)));
      child.commitTo(parent);
      assertEquals(model, StateDump.of(parent));
    }
  }

  private static byte[] randomKey(Random random) {
    byte[] key = new byte[1 + random.nextInt(3)];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (random.nextBoolean() ? random.nextInt(4) : 0xFC + random.nextInt(4));
    }
    return key;
  }
}
