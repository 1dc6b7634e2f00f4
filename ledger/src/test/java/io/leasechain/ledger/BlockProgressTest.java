package io.leasechain.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.state.OverlayState;
import io.leasechain.ledger.state.Write;
import io.leasechain.ledger.testing.FuzzMarket;
import io.leasechain.ledger.tx.proto.Msg;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
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

    TreeMap<byte[], byte[]> replayed = new TreeMap<>(Arrays::compareUnsigned);
    reports.forEach(report -> report.forEach(w -> replayed.put(w.key(), w.value())));
    TreeMap<byte[], byte[]> written = new TreeMap<>(Arrays::compareUnsigned);
    heard.writes().forEach(w -> written.put(w.key(), w.value()));
    assertEquals(text(written), text(replayed));
    // The block's start, then a report at least per tx that stood.
    long stood = heard.txs().stream().filter(TxOutcome::isOk).count();
    assertTrue(stood >= 5, stood + " of " + txs.size() + " txs stood");
    assertTrue(reports.size() >= 1 + stood, reports.size() + " reports for " + stood + " txs");
    reports.forEach(report -> assertTrue(!report.isEmpty(), "an empty report"));
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
