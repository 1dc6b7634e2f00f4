package io.leasechain.genesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.leasechain.crypto.Hex;
import io.leasechain.ledger.BlockContext;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.GenesisState;
import io.leasechain.ledger.Ledger;
import io.leasechain.ledger.invariant.Invariants;
import io.leasechain.ledger.state.EmptyState;
import io.leasechain.ledger.state.OverlayState;
import io.leasechain.ledger.state.Write;
import java.util.List;

/**
 * Fuzz target 5: any bytes as the genesis app_state, as InitChain gets them. They are refused with
 * a {@link GenesisException} listing the problems, or as inconsistent by the ledger's InitChain
 * (IllegalArgumentException, its documented refusal), or accepted: then the invariants hold at
 * genesis and after a first block. The same bytes always give the same outcome and writes.
 */
class GenesisJsonFuzzTest {

  private static final String CHAIN_ID = "fuzz-chain";
  private static final Ledger LEDGER = new Ledger();

  @FuzzTest(maxDuration = "15s")
  void anyAppStateIsRefusedWithItsProblemsOrStartsAChainThatHolds(byte[] appState) {
    assertEquals(outcome(appState), outcome(appState), "the same genesis twice: the same chain");
  }

  private static String outcome(byte[] appState) {
    GenesisState genesis;
    try {
      genesis = AppState.parse(appState);
    } catch (GenesisException e) {
      assertFalse(e.getMessage().isBlank(), "a refusal says what is wrong");
      return "refused: " + e.getMessage();
    }
    OverlayState state = new OverlayState(EmptyState.INSTANCE);
    try {
      LEDGER.initChain(state, CHAIN_ID, genesis);
    } catch (IllegalArgumentException e) {
      return "inconsistent: " + e.getMessage();
    }
    assertEquals(List.of(), Invariants.broken(state, 0), "at genesis");
    BlockResult first =
        LEDGER.finalizeBlock(state, new BlockContext(CHAIN_ID, 1, 1_700_000_000L, 0), List.of());
    StringBuilder writes = new StringBuilder(hex(state.writes()));
    for (Write write : first.writes()) {
      if (write.isDelete()) {
        state.delete(write.key());
      } else {
        state.put(write.key(), write.value());
      }
    }
    assertEquals(List.of(), Invariants.broken(state, 1), "after the first block");
    return writes.append(hex(first.writes())).toString();
  }

  private static String hex(List<Write> writes) {
    StringBuilder out = new StringBuilder();
    writes.forEach(
        w ->
            out.append(Hex.encode(w.key()))
                .append('=')
                .append(w.isDelete() ? "-" : Hex.encode(w.value()))
                .append('\n'));
    return out.toString();
  }
}
