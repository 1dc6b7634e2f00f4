package io.leasechain.client.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A block just committed, as {@code tm.event='NewBlock'} delivers it: the block (header fields,
 * txs) and the events of its FinalizeBlock (the chain's own end-of-block changes).
 */
public record NewBlockEvent(Block block, List<Event> finalizeBlockEvents) {

  public long height() {
    return block.height();
  }

  /** Upper-case hex, as CometBFT prints it. */
  public String hash() {
    return block.hash();
  }

  public Instant time() {
    return block.time();
  }

  // The event's value has the same shape as the /block result: {block, block_id, ...}.
  static NewBlockEvent from(JsonNode value) {
    return new NewBlockEvent(
        Block.from(value),
        Json.list(value.path("result_finalize_block").path("events"), Event::from));
  }
}
