package io.leasechain.client.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One page of {@code /tx_search} hits; {@code totalCount} counts all pages. */
public record TxSearchResult(List<TxResult> txs, int totalCount) {

  static TxSearchResult from(JsonNode r) {
    return new TxSearchResult(
        Json.list(r.path("txs"), TxResult::from), Json.int32(r.path("total_count")));
  }
}
