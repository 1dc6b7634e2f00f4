package io.leasechain.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.leasechain.ledger.state.Write;
import io.leasechain.ledger.testing.TestChain;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppHashTest {

  private static byte[] s(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<Write> writes(String... keyValues) {
    List<Write> writes = new ArrayList<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      writes.add(new Write(s(keyValues[i]), keyValues[i + 1] == null ? null : s(keyValues[i + 1])));
    }
    return writes;
  }

  private static final byte[] PREVIOUS = AppHash.genesis(writes("a", "1"));

  @Test
  void equalWriteSetsHashEqually() {
    byte[] first = AppHash.next(PREVIOUS, 5, writes("a", "1", "b", "2", "c", null));
    byte[] second = AppHash.next(PREVIOUS.clone(), 5, writes("a", "1", "b", "2", "c", null));
    assertArrayEquals(first, second);
    assertEquals(32, first.length);
  }

  @Test
  void oneDifferentByteChangesTheHash() {
    byte[] base = AppHash.next(PREVIOUS, 5, writes("a", "1", "b", "2"));
    assertFalse(Arrays.equals(base, AppHash.next(PREVIOUS, 5, writes("a", "1", "b", "3"))));
    assertFalse(Arrays.equals(base, AppHash.next(PREVIOUS, 5, writes("a", "1", "c", "2"))));
    byte[] previous = PREVIOUS.clone();
    previous[31] ^= 1;
    assertFalse(Arrays.equals(base, AppHash.next(previous, 5, writes("a", "1", "b", "2"))));
  }

  @Test
  void heightIsCommitted() {
    assertFalse(
        Arrays.equals(
            AppHash.next(PREVIOUS, 5, writes("a", "1")),
            AppHash.next(PREVIOUS, 6, writes("a", "1"))));
    assertFalse(
        Arrays.equals(AppHash.next(PREVIOUS, 5, List.of()), AppHash.next(PREVIOUS, 6, List.of())));
  }

  @Test
  void orderOfHistoryMatters() {
    List<Write> x = writes("a", "1");
    List<Write> y = writes("b", "2");
    byte[] xy = AppHash.next(AppHash.next(PREVIOUS, 1, x), 2, y);
    byte[] yx = AppHash.next(AppHash.next(PREVIOUS, 1, y), 2, x);
    assertFalse(Arrays.equals(xy, yx));
  }

  @Test
  void deleteEmptyValueAndAbsenceAreDistinct() {
    byte[] deleted = AppHash.next(PREVIOUS, 1, writes("a", null));
    byte[] empty = AppHash.next(PREVIOUS, 1, writes("a", ""));
    byte[] none = AppHash.next(PREVIOUS, 1, List.of());
    assertFalse(Arrays.equals(deleted, empty));
    assertFalse(Arrays.equals(deleted, none));
    assertFalse(Arrays.equals(empty, none));
  }

  @Test
  void encodingIsUnambiguous() {
    // Shifting bytes between key and value, or between two writes, must not collide.
    assertFalse(
        Arrays.equals(
            AppHash.next(PREVIOUS, 1, writes("ab", "c")),
            AppHash.next(PREVIOUS, 1, writes("a", "bc"))));
    assertFalse(
        Arrays.equals(
            AppHash.next(PREVIOUS, 1, writes("a", "b", "c", "d")),
            AppHash.next(PREVIOUS, 1, writes("a", "bc", "", "d"))));
  }

  @Test
  void genesisIsTheFirstLinkAtHeightZero() {
    List<Write> w = writes("a", "1");
    assertArrayEquals(AppHash.next(new byte[0], 0, w), AppHash.genesis(w));
  }

  @Test
  void blockResultHashChainsThePreviousHashWithTheBlockWrites() {
    TestChain chain = TestChain.create(2);
    byte[] before = chain.appHash();
    assertArrayEquals(AppHash.genesis(chain.genesisWrites()), before);
    BlockResult block = chain.finalizeBlock(chain.send(0, 1, 10));
    assertArrayEquals(AppHash.next(before, 1, block.writes()), block.appHash());
    assertArrayEquals(block.appHash(), chain.appHash());
  }

  @Test
  void independentChainsRunningTheSameBlocksAgreeAtEveryHeight() {
    TestChain a = TestChain.create(4);
    TestChain b = TestChain.create(4);
    assertArrayEquals(a.appHash(), b.appHash());
    for (int height = 1; height <= 6; height++) {
      List<byte[]> txs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        txs.add(
            a.tx()
                .send(a.address(i), a.address((i + height) % 4), 1_000L * height + i)
                .signer(a.keyAt(i))
                .build());
      }
      if (height % 3 == 0) {
        txs.add(a.tx().send(a.address(0), a.address(1), 0).signer(a.keyAt(0)).build()); // fails
        txs.add(new byte[] {1, 2, 3}); // undecodable
      }
      BlockResult ra = a.finalizeBlock(txs);
      BlockResult rb = b.finalizeBlock(txs);
      assertArrayEquals(ra.appHash(), rb.appHash(), "height " + height);
      assertEquals(ra.txs(), rb.txs());
    }
  }

  @Test
  void differentGenesisGivesADifferentHash() {
    byte[] base = TestChain.create(2).appHash();
    assertFalse(
        Arrays.equals(
            base,
            TestChain.builder()
                .chainId("other")
                .accounts(2, TestChain.DEFAULT_BALANCE)
                .build()
                .appHash()));
    assertFalse(
        Arrays.equals(
            base,
            TestChain.builder().accounts(2, TestChain.DEFAULT_BALANCE + 1).build().appHash()));
  }

  @Test
  void divergingBlocksDivergeForever() {
    TestChain a = TestChain.create(2);
    TestChain b = TestChain.create(2);
    a.finalizeBlock(a.send(0, 1, 10));
    b.finalizeBlock(b.send(0, 1, 11));
    assertFalse(Arrays.equals(a.appHash(), b.appHash()));
    a.finalizeBlock();
    b.finalizeBlock();
    assertFalse(Arrays.equals(a.appHash(), b.appHash()));
  }
}
