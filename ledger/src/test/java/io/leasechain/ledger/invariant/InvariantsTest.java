package io.leasechain.ledger.invariant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.OverlayState;
import io.leasechain.ledger.testing.TestChain;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvariantsTest {

  @Test
  void registryHasTheTotalSupplyInvariant() {
    assertTrue(Invariants.ALL.stream().anyMatch(i -> i.name().equals("total-supply")));
  }

  @Test
  void holdsAfterGenesisAndAfterBlocks() {
    TestChain chain = TestChain.create(3);
    assertEquals(List.of(), Invariants.broken(chain.committed(), chain.height()));
    chain.finalizeBlock(chain.send(0, 1, 5), chain.send(1, 2, 7));
    assertEquals(List.of(), Invariants.broken(chain.committed(), chain.height()));
  }

  @Test
  void detectsAnEmptyValueWhichNoProofCouldCarry() {
    OverlayState state = new OverlayState(TestChain.create(1).committed());
    state.put(Keys.of(KeySpace.ACCOUNT, new byte[] {7}), new byte[0]);
    Invariant noEmptyValue = new NoEmptyValueInvariant();
    assertEquals(null, noEmptyValue.check(TestChain.create(1).committed(), 1));
    assertEquals("key 0107 holds an empty value", noEmptyValue.check(state, 2));
  }

  @Test
  void detectsABalanceThatDoesNotMatchTheSupply() {
    TestChain chain = TestChain.create(2);
    chain.forceBalance(chain.address(0), TestChain.DEFAULT_BALANCE + 1);
    List<String> broken = Invariants.broken(chain.committed(), chain.height());
    assertEquals(1, broken.size());
    assertTrue(broken.get(0).startsWith("total-supply: "), broken.get(0));
    assertTrue(
        broken.get(0).contains(String.valueOf(2 * TestChain.DEFAULT_BALANCE + 1)), broken.get(0));
  }

  @Test
  void detectsANegativeBalance() {
    TestChain chain = TestChain.create(2);
    chain.forceBalance(chain.address(0), -5);
    List<String> broken = Invariants.broken(chain.committed(), chain.height());
    assertEquals(1, broken.size());
    assertTrue(broken.get(0).contains("negative"), broken.get(0));
  }

  @Test
  void detectsAnUndecodableAccount() {
    TestChain chain = TestChain.create(1);
    OverlayState state = new OverlayState(chain.committed());
    state.put(Keys.of(KeySpace.ACCOUNT, new byte[20]), new byte[] {(byte) 0xFF});
    assertTrue(Invariants.broken(state, chain.height()).get(0).contains("undecodable"));
    assertEquals(TestChain.DEFAULT_BALANCE, BankKeeper.supply(state));
  }
}
