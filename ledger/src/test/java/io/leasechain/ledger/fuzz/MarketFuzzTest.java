package io.leasechain.ledger.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.BlockContext;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.Ledger;
import io.leasechain.ledger.TxOutcome;
import io.leasechain.ledger.state.OverlayState;
import io.leasechain.ledger.state.Write;
import io.leasechain.ledger.testing.FuzzMarket;
import io.leasechain.ledger.tx.proto.Msg;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz target 2: blocks of correctly signed txs carrying any messages, executed on a populated
 * market (orders, bids, leases, escrows, proofs, a dispute, a proposal). Each tx runs alone first
 * (a refused one may write nothing, or only fee and sequences), then the blocks run for real: every
 * result carries a registered code, the invariants hold after every block, and running the input a
 * second time from the same state gives the same bytes.
 */
class MarketFuzzTest {

  /** Steps per input, so that one input stays a few milliseconds. */
  static final int MAX_STEPS = 12;

  private static final FuzzMarket MARKET = FuzzMarket.get();
  private static final Ledger LEDGER = new Ledger();
  private static final List<Ed25519PrivateKey> KEYS = MARKET.keys();

  /**
   * One message of the input: who signs it, whether it starts a new block (after {@code gap} empty
   * ones) or joins the previous tx, and the sequence skew of its tx.
   */
  record Step(int signer, boolean newBlock, int gap, boolean joinPrevious, int skew, byte[] msg) {

    /** The step's bytes: flags, gap, two-byte big-endian length, the Msg. */
    byte[] encode() {
      int flags =
          (signer & 0x0f)
              | (newBlock ? 0x10 : 0)
              | (joinPrevious ? 0x20 : 0)
              | (skew == 1 ? 0x40 : skew == -1 ? 0x80 : 0);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(flags);
      out.write(gap);
      out.write(msg.length >> 8);
      out.write(msg.length);
      out.writeBytes(msg);
      return out.toByteArray();
    }
  }

  /** The steps an input stands for; a truncated last step takes what is left. */
  static List<Step> steps(byte[] input) {
    List<Step> steps = new ArrayList<>();
    int at = 0;
    while (at + 4 <= input.length && steps.size() < MAX_STEPS) {
      int flags = input[at] & 0xff;
      int gap = (input[at + 1] & 0xff) % 64;
      int length = ((input[at + 2] & 0xff) << 8) | (input[at + 3] & 0xff);
      int end = Math.min(input.length, at + 4 + length);
      byte[] msg = Arrays.copyOfRange(input, at + 4, end);
      int skew = (flags & 0x40) != 0 ? 1 : (flags & 0x80) != 0 ? -1 : 0;
      steps.add(new Step(flags & 0x0f, (flags & 0x10) != 0, gap, (flags & 0x20) != 0, skew, msg));
      at = end;
    }
    return steps;
  }

  @FuzzTest(maxDuration = "15s")
  void messagesOnAPopulatedMarketKeepTheInvariantsAndAreDeterministic(byte[] input) {
    List<List<Tx>> blocks = blocks(steps(input));
    assertEquals(run(blocks), run(blocks), "the same blocks on the same state: the same results");
  }

  /** A tx to sign: its signer, sequence skew and messages. */
  private record Tx(Ed25519PrivateKey signer, int skew, List<Msg> msgs) {}

  private static List<List<Tx>> blocks(List<Step> steps) {
    List<List<Tx>> blocks = new ArrayList<>();
    for (Step step : steps) {
      Msg msg;
      try {
        msg = Msg.parseFrom(step.msg());
      } catch (InvalidProtocolBufferException e) {
        continue;
      }
      if (blocks.isEmpty() || step.newBlock()) {
        for (int i = 0; i < step.gap(); i++) {
          blocks.add(List.of());
        }
        blocks.add(new ArrayList<>());
      }
      List<Tx> block = blocks.get(blocks.size() - 1);
      if (step.joinPrevious() && !block.isEmpty()) {
        block.get(block.size() - 1).msgs().add(msg);
      } else {
        List<Msg> msgs = new ArrayList<>();
        msgs.add(msg);
        block.add(new Tx(KEYS.get(step.signer() % KEYS.size()), step.skew(), msgs));
      }
    }
    return blocks;
  }

  /** Runs the blocks on a fresh copy of the market and returns their fingerprints. */
  private static String run(List<List<Tx>> blocks) {
    OverlayState committed = new OverlayState(MARKET.state());
    long height = MARKET.height();
    StringBuilder trace = new StringBuilder();
    for (List<Tx> block : blocks) {
      height++;
      BlockContext context = MARKET.blockContext(height);
      OverlayState mempool = new OverlayState(committed);
      List<byte[]> txs = new ArrayList<>();
      for (Tx tx : block) {
        long sequence = FuzzMarket.sequence(mempool, tx.signer()) + tx.skew();
        byte[] bytes = MARKET.sign(mempool, tx.signer(), sequence, tx.msgs());
        OverlayState alone = new OverlayState(mempool);
        TxOutcome outcome = LEDGER.deliverTx(alone, context, bytes);
        assertNull(FuzzMarket.unregisteredCode(outcome));
        assertNull(
            FuzzMarket.rejectedTxWroteTooMuch(
                outcome, alone.writes(), List.of(tx.signer().publicKey().address())));
        alone.commitTo(mempool);
        txs.add(bytes);
      }
      BlockResult result = LEDGER.finalizeBlock(committed, context, txs);
      result.txs().forEach(outcome -> assertNull(FuzzMarket.unregisteredCode(outcome)));
      for (Write write : result.writes()) {
        if (write.isDelete()) {
          committed.delete(write.key());
        } else {
          committed.put(write.key(), write.value());
        }
      }
      // Empty blocks (end-block work only) are checked with the next block that has txs, or at
      // the end: a full check after each would cost most of the fuzzing time.
      if (!block.isEmpty()) {
        assertEquals(List.of(), MARKET.brokenInvariants(committed, height), "after " + height);
      }
      trace.append(FuzzMarket.fingerprint(result));
    }
    assertEquals(List.of(), MARKET.brokenInvariants(committed, height), "at the end, " + height);
    return trace.toString();
  }
}
