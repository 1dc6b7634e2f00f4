package io.leasechain.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.leasechain.ledger.testing.TestChain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The app hash is the state tree's root over the whole state (computed by the node, see {@link
 * TestChain#appHash}): these check that the ledger's writes make it agree across nodes and differ
 * across states.
 */
class StateRootTest {

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
      assertArrayEquals(a.appHash(), b.appHash(), "height " + height);
      assertEquals(ra.txs(), rb.txs());
    }
  }

  @Test
  void differentGenesisGivesADifferentRoot() {
    byte[] base = TestChain.create(2).appHash();
    assertEquals(32, base.length);
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
  void differentBlocksGiveDifferentRoots() {
    TestChain a = TestChain.create(2);
    TestChain b = TestChain.create(2);
    byte[] genesis = a.appHash();
    a.finalizeBlock(a.send(0, 1, 10));
    b.finalizeBlock(b.send(0, 1, 11));
    assertFalse(Arrays.equals(genesis, a.appHash()));
    assertFalse(Arrays.equals(a.appHash(), b.appHash()));
  }
}
