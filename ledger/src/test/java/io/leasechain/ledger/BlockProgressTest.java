package io.leasechain.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.state.OverlayState;
import io.leasechain.ledger.state.Write;
import io.leasechain.ledger.testing.FuzzMarket;
import io.leasechain.ledger.tx.proto.Msg;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a block tells a {@link BlockProgress} while it runs: replayed in order, its reports are the
 * block's writes exactly, each tx's writes come once it stands (none from a tx refused before its
 * fee), and a block that is listened to runs exactly as one that is not.
 */
class BlockProgressTest {

  private static final FuzzMarket MARKET = FuzzMarket.get();
  private static final Ledger LEDGER = new Ledger();

  /** Blocks right after the market's last, and far enough after it that end-block work is due. */
  @ParameterizedTest
  @ValueSource(longs = {1, 40, 5_000})
  void theReportsReplayedInOrderAreTheBlocksWrites(long gap) {
    long height = MARKET.height() + gap;
    BlockContext context = MARKET.blockContext(height);
    OverlayState mempool = new OverlayState(MARKET.state());
    List<byte[]> txs = new ArrayList<>();
    for (FuzzMarket.Seed seed : MARKET.seeds()) {
      txs.add(signed(mempool, MARKET.keys().get(seed.signer()), 0, seed.msg(), context));
    }
    // One refused before its fee (a sequence from the future): it writes nothing at all.
    FuzzMarket.Seed first = MARKET.seeds().get(0);
    txs.add(signed(mempool, MARKET.keys().get(first.signer()), 5, first.msg(), context));

    List<List<Write>> reports = new ArrayList<>();
    BlockResult heard = LEDGER.finalizeBlock(MARKET.state(), context, txs, reports::add);
    BlockResult alone = LEDGER.finalizeBlock(MARKET.state(), context, txs);
    assertEquals(FuzzMarket.fingerprint(alone), FuzzMarket.fingerprint(heard));

    List<Write> replayed = new ArrayList<>();
    reports.forEach(replayed::addAll);
    assertEquals(text(heard.writes()), text(replayed), "the reports replayed in order");
    reports.forEach(report -> assertFalse(report.isEmpty(), "an empty report"));

    // After the block's start, one report per tx that wrote, holding what that tx alone writes on
    // the state before it; none for a tx refused before its fee.
    Iterator<List<Write>> next = reports.iterator();
    OverlayState replay = new OverlayState(MARKET.state());
    apply(replay, next.next());
    int wrote = 0;
    for (int i = 0; i < txs.size(); i++) {
      OverlayState own = new OverlayState(replay);
      LEDGER.deliverTx(own, context, txs.get(i));
      if (own.writes().isEmpty()) {
        continue;
      }
      wrote++;
      List<Write> report = next.next();
      assertEquals(text(own.writes()), text(report), "tx " + i);
      apply(replay, report);
    }
    assertTrue(wrote >= 5 && wrote < txs.size(), wrote + " of " + txs.size() + " txs wrote");
    if (gap == 5_000) {
      // Bid windows, leases and escrows long due: end-block entries report too.
      assertTrue(next.hasNext(), "no end-block report");
    }
  }

  private static void apply(OverlayState state, List<Write> writes) {
    for (Write write : writes) {
      if (write.isDelete()) {
        state.delete(write.key());
      } else {
        state.put(write.key(), write.value());
      }
    }
  }

  private static String text(List<Write> writes) {
    TreeMap<byte[], byte[]> last = new TreeMap<>(Arrays::compareUnsigned);
    writes.forEach(w -> last.put(w.key(), w.value()));
    return text(last);
  }

  private static byte[] signed(
      OverlayState mempool, Ed25519PrivateKey key, int skew, Msg msg, BlockContext context) {
    byte[] tx = MARKET.sign(mempool, key, FuzzMarket.sequence(mempool, key) + skew, List.of(msg));
    OverlayState alone = new OverlayState(mempool);
    LEDGER.deliverTx(alone, context, tx);
    alone.commitTo(mempool);
    return tx;
  }

  private static String text(TreeMap<byte[], byte[]> writes) {
    StringBuilder out = new StringBuilder();
    HexFormat hex = HexFormat.of();
    writes.forEach(
        (k, v) ->
            out.append(hex.formatHex(k))
                .append('=')
                .append(v == null ? "-" : hex.formatHex(v))
                .append('\n'));
    return out.toString();
  }
}
