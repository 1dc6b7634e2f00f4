package io.leasechain.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.ledger.state.OverlayState;
import io.leasechain.ledger.testing.TestChain;
import io.leasechain.ledger.testing.TxBuilder;
import io.leasechain.ledger.tx.TxParamsRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 8 review finding: a tx's events are several times its bytes (32 one-ulease sends in 3 KB
 * answer 16 KB of fee, message and coin events), and CometBFT reads no ABCI response over 100 MB. A
 * proposer filling a 22 MB block with such txs, all valid, made every validator's FinalizeBlock
 * response too large for its CometBFT: the chain halted. The selection now bounds a block's tx
 * events as it bounds its tx bytes.
 */
class BlockEventBytesTest {

  private static final int SENDS = 32;
  // One lease a send: longer amounts in three coin events each, for one more varint byte.
  private static final long AMOUNT = 1_000_000;
  private static final long GAS = 20_000 + 10L * 4_000 + SENDS * 10_000L;
  private static final long COMET_MAX_MESSAGE_BYTES = 100L * 1024 * 1024;
  private static final long DEFAULT_BLOCK_MAX_BYTES = 22_020_096;

  @Test
  void aProposalWhoseTxEventsPassTheBoundIsCutThereAndRefusedWhole() {
    TestChain chain =
        TestChain.builder()
            .accounts(SENDS + 1, Long.MAX_VALUE / (SENDS + 1))
            .txParams(TxParamsRules.DEFAULTS)
            .build();
    byte[] first = sends(chain, 0);
    TxOutcome alone =
        chain
            .ledger()
            .checkTx(new OverlayState(chain.committed()), chain.nextBlockContext(), first);
    assertTrue(alone.isOk(), alone.log());
    long perTx = Proposal.eventBytes(alone.events());
    // The attack as it was: a default-sized block of these txs answers over 100 MB of events.
    assertTrue(
        DEFAULT_BLOCK_MAX_BYTES / Proposal.blockBytes(first.length) * perTx
            > COMET_MAX_MESSAGE_BYTES,
        perTx + " bytes of events per tx of " + first.length);

    List<byte[]> txs = new ArrayList<>(List.of(first));
    while ((long) txs.size() * perTx <= Proposal.MAX_TX_EVENT_BYTES + perTx) {
      txs.add(sends(chain, txs.size()));
    }
    Proposal proposal =
        chain
            .ledger()
            .selectProposal(chain.committed(), chain.nextBlockContext(), txs, Long.MAX_VALUE);
    assertFalse(proposal.excluded().isEmpty(), "every tx included");
    assertTrue(
        proposal.excluded().get(0).reason().startsWith("no room"),
        proposal.excluded().get(0).reason());
    assertTrue((long) proposal.included().size() * perTx <= Proposal.MAX_TX_EVENT_BYTES);
    assertTrue(
        chain
            .ledger()
            .proposalRefusal(chain.committed(), chain.nextBlockContext(), txs)
            .isPresent());
    List<byte[]> kept = txs.subList(0, proposal.included().size());
    assertEquals(
        Optional.empty(),
        chain.ledger().proposalRefusal(chain.committed(), chain.nextBlockContext(), kept));
  }

  // Sequence-numbered, so that each tx of the list is valid after those before it.
  private static byte[] sends(TestChain chain, long sequence) {
    TxBuilder tx = chain.tx();
    for (int i = 1; i <= SENDS; i++) {
      tx.send(chain.address(0), chain.address(i), AMOUNT);
    }
    return tx.fee(GAS / 1_000 + 1).gasLimit(GAS).signer(chain.keyAt(0), sequence).build();
  }
}
