package io.leasechain.node.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.ledger.tx.TxParamsRules;
import io.leasechain.node.app.Failpoints.ByzantineMode;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FailpointsTest {

  @Test
  void unsetOrFalseIsHonest() {
    assertEquals(Set.of(), ByzantineMode.parse(null));
    assertEquals(Set.of(), ByzantineMode.parse(" "));
    assertEquals(Set.of(), ByzantineMode.parse("false"));
    Failpoints honest = new Failpoints(-1, Set.of());
    assertFalse(honest.dropsMempool());
    assertEquals(List.of(), honest.invalidTxs("c", TxParamsRules.DEFAULTS, 5, List.of()));
  }

  @Test
  void trueKeepsEveryInvalidKindButStillProposesTheMempool() {
    Set<ByzantineMode> modes = ByzantineMode.parse("true");
    assertFalse(modes.contains(ByzantineMode.DROP_MEMPOOL));
    assertEquals(
        5, new Failpoints(-1, modes).invalidTxs("c", TxParamsRules.DEFAULTS, 5, List.of()).size());
  }

  @Test
  void eachModeAddsOnlyItsOwnTxs() {
    assertEquals(
        EnumSet.of(ByzantineMode.BAD_SIGNATURES, ByzantineMode.DROP_MEMPOOL),
        ByzantineMode.parse("bad-signatures, DROP-MEMPOOL"));
    for (ByzantineMode mode :
        List.of(
            ByzantineMode.BAD_SIGNATURES, ByzantineMode.WRONG_SEQUENCES, ByzantineMode.OVERSIZED)) {
      assertEquals(
          1,
          new Failpoints(-1, Set.of(mode))
              .invalidTxs("c", TxParamsRules.DEFAULTS, 7, List.of())
              .size(),
          mode.flag());
    }
    Failpoints censor = new Failpoints(-1, ByzantineMode.parse("drop-mempool"));
    assertTrue(censor.dropsMempool());
    assertEquals(List.of(), censor.invalidTxs("c", TxParamsRules.DEFAULTS, 7, List.of()));
  }

  @Test
  void anUnknownModeIsRefusedWithTheKnownOnes() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> ByzantineMode.parse("oversized,evil"));
    assertTrue(error.getMessage().contains("unknown mode evil"), error.getMessage());
    assertTrue(error.getMessage().contains("drop-mempool"), error.getMessage());
  }
}
