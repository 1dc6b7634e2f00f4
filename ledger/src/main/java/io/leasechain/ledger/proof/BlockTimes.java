package io.leasechain.ledger.proof;

import io.leasechain.ledger.BlockContext;
import io.leasechain.ledger.market.MarketKeeper;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import java.nio.ByteBuffer;
import java.util.OptionalLong;

/**
 * The block time of recent heights, so that a proof's GPU-seconds can be held to the time its
 * period really took. Once the chain has a market, each block records its time and forgets at most
 * two heights older than two grace periods, before which no proof can start (a held lease proves up
 * to a grace period of accrual up to a grace period after its close): the cost of a block stays
 * constant (point reads and writes only), and so does what is kept once a shrunk grace period has
 * been caught up with.
 */
public final class BlockTimes {

  private static final long NANOS = 1_000_000_000L;
  private static final int FORGOTTEN_PER_BLOCK = 2;
  private static final byte[] FIRST_KEPT = Keys.of(KeySpace.BLOCK_TIME);

  private BlockTimes() {}

  /**
   * Records the time of {@code block} once the chain has had an order (a chain without a market
   * writes nothing here), and forgets expired heights.
   */
  public static void record(KeyValueState state, BlockContext block) {
    if (MarketKeeper.ORDER_IDS.peek(state) == 1) {
      return;
    }
    long height = block.height();
    state.put(
        key(height),
        Keys.uint64(
            Math.addExact(Math.multiplyExact(block.timeSeconds(), NANOS), block.timeNanos())));
    // Point reads only: a scan would wade through the tombstones of every height forgotten.
    // A lease closed by its tenant or out of funds holds up to grace_period blocks of accrual and
    // stays provable grace_period blocks after its close, so a proof may start two grace periods
    // back (grace_period is at most 1e8: no overflow).
    long keep = height - 2 * ProofParamsRules.STORE.get(state).getGracePeriod();
    byte[] stored = state.get(FIRST_KEPT);
    long first = stored == null ? height : ByteBuffer.wrap(stored).getLong();
    for (int i = 0; i < FORGOTTEN_PER_BLOCK && first < keep; i++, first++) {
      if (state.get(key(first)) != null) {
        state.delete(key(first));
      }
    }
    state.put(FIRST_KEPT, Keys.uint64(first));
  }

  /**
   * Whole seconds of block time, rounded up, from block {@code from} to block {@code to}; empty
   * when {@code to} has no recorded time (CheckTx of a period ending at the coming block). A {@code
   * from} without a recorded time (the block that opened the lease) counts from the next block; if
   * that has none either (heights forgotten before the grace period grew), the period counts as no
   * time at all.
   */
  public static OptionalLong elapsedSeconds(ReadableState state, long from, long to) {
    byte[] end = state.get(key(to));
    if (end == null) {
      return OptionalLong.empty();
    }
    byte[] start = state.get(key(from));
    if (start == null) {
      start = state.get(key(from + 1));
    }
    long nanos =
        start == null
            ? 0
            : Math.max(0, ByteBuffer.wrap(end).getLong() - ByteBuffer.wrap(start).getLong());
    return OptionalLong.of(nanos / NANOS + (nanos % NANOS == 0 ? 0 : 1));
  }

  private static byte[] key(long height) {
    return Keys.of(KeySpace.BLOCK_TIME, Keys.uint64(height));
  }
}
