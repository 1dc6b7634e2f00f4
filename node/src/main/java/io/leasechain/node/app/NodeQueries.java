package io.leasechain.node.app;

import com.google.protobuf.ByteString;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.query.LedgerQueries;
import io.leasechain.ledger.query.QueryError;
import io.leasechain.ledger.query.QueryResult;
import io.leasechain.ledger.query.proto.AppHashResponse;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.node.abci.proto.RequestQuery;
import io.leasechain.node.abci.proto.ResponseQuery;
import io.leasechain.node.store.RocksStore;

/**
 * Routes ABCI queries: the node answers {@code /app_hash/{height}} from its bookkeeping, the ledger
 * answers every state path. Only the latest committed state is kept, so a query for an older height
 * is refused with a clear code rather than answered from the wrong state.
 */
final class NodeQueries {

  private NodeQueries() {}

  /** Answers from {@code state}, which is {@code view} or genesis staged over it. */
  static ResponseQuery answer(RequestQuery request, RocksStore.View view, ReadableState state) {
    long latest = view.lastCommit().height();
    String path = request.getPath();
    QueryResult result;
    if (request.getProve()) {
      // Refused rather than ignored: a client must not take an unproven answer for a proven one.
      result =
          QueryResult.rejected(
              QueryError.INVALID_ARGUMENT, "prove=true: this node does not give state proofs yet");
    } else if (path.startsWith("/app_hash/")) {
      result = appHash(view, path.substring("/app_hash/".length()));
    } else if (request.getHeight() != 0 && request.getHeight() != latest) {
      result =
          QueryResult.rejected(
              QueryError.HEIGHT_UNAVAILABLE,
              "height %d requested; this node keeps only the latest state (height %d)",
              request.getHeight(),
              latest);
    } else {
      result = LedgerQueries.answer(state, path, latest);
      if (result == null) {
        result = QueryResult.rejected(QueryError.UNKNOWN_PATH, "'%s' (see docs/queries.md)", path);
      }
    }
    ResponseQuery.Builder response = ResponseQuery.newBuilder().setHeight(latest);
    if (result.isOk()) {
      return response
          .setKey(ByteString.copyFrom(result.key()))
          .setValue(ByteString.copyFrom(result.value()))
          .build();
    }
    Rejection rejection = result.rejection();
    return response
        .setCode(rejection.error().code())
        .setCodespace(rejection.error().codespace())
        .setLog(rejection.log())
        .build();
  }

  private static QueryResult appHash(RocksStore.View view, String heightText) {
    long height;
    try {
      height = Long.parseLong(heightText);
    } catch (NumberFormatException e) {
      return QueryResult.rejected(
          QueryError.INVALID_ARGUMENT, "height '%s' is not a number", heightText);
    }
    byte[] hash = view.appHashAt(height);
    if (hash == null) {
      return QueryResult.rejected(QueryError.NOT_FOUND, "no block committed at height %d", height);
    }
    return QueryResult.found(
        new byte[0],
        AppHashResponse.newBuilder()
            .setHeight(height)
            .setAppHash(ByteString.copyFrom(hash))
            .build()
            .toByteArray());
  }
}
