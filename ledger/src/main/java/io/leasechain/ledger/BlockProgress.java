package io.leasechain.ledger;

import io.leasechain.ledger.state.Write;
import java.util.List;

/**
 * Hears a block's writes while it runs, step by step (what the block's start wrote, then each tx's
 * writes once they stand, then each end-block entry's, then the rest), so that a node can start on
 * them before the block ends. Replayed in order, the reports are the block's {@link
 * BlockResult#writes}.
 */
@FunctionalInterface
public interface BlockProgress {

  /** Hears nothing. */
  BlockProgress NONE = writes -> {};

  /**
   * The writes of one step, in the order they were made; a later write to the same key, in this
   * step or a later one, supersedes it. Called on the block's thread: it should only hand them on.
   * Neither the lists nor their arrays change afterwards, so another thread may read them.
   */
  void written(List<Write> writes);
}
