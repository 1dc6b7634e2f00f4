package io.leasechain.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.leasechain.ledger.state.Write;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The journal of a block's writes decodes to what was encoded, and refuses anything else. */
class TreeJournalTest {

  private static final TreeJournal JOURNAL =
      new TreeJournal(
          42,
          41,
          List.of(
              new Write(new byte[] {1, 2}, new byte[] {9}),
              new Write(new byte[] {3}, null),
              new Write(new byte[] {4, 5, 6}, new byte[200])));

  @Test
  void decodesWhatWasEncoded() {
    TreeJournal decoded = TreeJournal.decode(JOURNAL.encode());
    assertEquals(42, decoded.height());
    assertEquals(41, decoded.baseVersion());
    assertEquals(3, decoded.writes().size());
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(JOURNAL.writes().get(i).key(), decoded.writes().get(i).key());
      assertArrayEquals(JOURNAL.writes().get(i).value(), decoded.writes().get(i).value());
    }
    assertNull(decoded.writes().get(1).value(), "a delete stays a delete");
    TreeJournal empty = TreeJournal.decode(new TreeJournal(1, -1, List.of()).encode());
    assertEquals(List.of(), empty.writes());
    assertEquals(-1, empty.baseVersion());
  }

  @Test
  void refusesTruncatedOrExtendedOrForgedBytes() {
    byte[] bytes = JOURNAL.encode();
    for (int length = 0; length < bytes.length; length++) {
      byte[] truncated = Arrays.copyOf(bytes, length);
      assertThrows(StoreException.class, () -> TreeJournal.decode(truncated), "length " + length);
    }
    byte[] extended = Arrays.copyOf(bytes, bytes.length + 1);
    assertThrows(StoreException.class, () -> TreeJournal.decode(extended));
    byte[] hugeCount = bytes.clone();
    hugeCount[16] = 0x7f;
    assertThrows(StoreException.class, () -> TreeJournal.decode(hugeCount));
    byte[] negativeLength = bytes.clone();
    negativeLength[20] = (byte) 0x80;
    assertThrows(StoreException.class, () -> TreeJournal.decode(negativeLength));
  }
}
