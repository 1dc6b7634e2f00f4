package io.leasechain.client.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One page of {@code /block_search} hits; {@code totalCount} counts all pages. */
public record BlockSearchResult(List<Block> blocks, int totalCount) {

  static BlockSearchResult from(JsonNode r) {
    return new BlockSearchResult(
        Json.list(r.path("blocks"), Block::from), Json.int32(r.path("total_count")));
  }
}
