package io.leasechain.node.app;

import com.google.protobuf.ByteString;
import io.leasechain.commitment.Lookup;
import io.leasechain.commitment.ics23.CommitmentProofs;
import io.leasechain.commitment.ics23.ProofOpTypes;
import io.leasechain.crypto.Hex;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.query.LedgerQueries;
import io.leasechain.ledger.query.QueryError;
import io.leasechain.ledger.query.QueryResult;
import io.leasechain.ledger.query.proto.AppHashResponse;
import io.leasechain.ledger.state.OverlayState;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.node.abci.proto.RequestQuery;
import io.leasechain.node.abci.proto.ResponseQuery;
import io.leasechain.node.abci.proto.crypto.ProofOp;
import io.leasechain.node.abci.proto.crypto.ProofOps;
import io.leasechain.node.store.HeightUnavailableException;
import io.leasechain.node.store.HistoricalScanException;
import io.leasechain.node.store.RocksStore;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Routes ABCI queries (docs/queries.md): the node answers {@code /app_hash/{height}} and the raw
 * {@code /store/{hex key}}, the ledger every other path. A query reads one committed height, the
 * latest or a kept one, through a store view, never the consensus state; with {@code prove} the
 * answer carries an ICS-23 proof of every key it read, against that height's app hash.
 */
final class NodeQueries {

  static final String STORE = "/store/";
  static final String APP_HASH = "/app_hash/";

  /** The longest key {@code /store/} takes, in bytes; state keys are far shorter. */
  static final int MAX_STORE_KEY = 1024;

  private static final Pattern HEX_KEY =
      Pattern.compile("(?:[0-9a-fA-F]{2}){1," + MAX_STORE_KEY + "}");

  private NodeQueries() {}

  /**
   * Answers {@code request} from {@code store}; {@code genesis} is the state InitChain staged, read
   * at height 0 until the first block commits it (null once committed or before InitChain).
   */
  static ResponseQuery answer(RequestQuery request, RocksStore store, OverlayState genesis) {
    String path = request.getPath();
    if (path.startsWith(APP_HASH)) {
      return respond(appHash(store, path.substring(APP_HASH.length()), request.getProve()));
    }
    long height = request.getHeight();
    if (height < 0) {
      return respond(
          new Answer(
              QueryResult.rejected(
                  QueryError.INVALID_ARGUMENT,
                  "height %d: expected 0 (latest) or a height",
                  height),
              store.lastCommit().height(),
              List.of()));
    }
    RocksStore.View view;
    try {
      view = open(store, height);
    } catch (HeightUnavailableException e) {
      return respond(
          new Answer(unavailable(height, e.oldest(), e.latest()), e.latest(), List.of()));
    }
    try (view) {
      ReadableState state = view;
      if (genesis != null && view.height() == 0) {
        OverlayState staged = new OverlayState(view);
        genesis.commitTo(staged);
        state = staged;
      }
      return respond(answerAt(request, view, state));
    }
  }

  /** The latest view for height 0, else that height's; only the latest one can scan. */
  private static RocksStore.View open(RocksStore store, long height) {
    return height == 0 ? store.view() : store.viewAt(height);
  }

  private static Answer answerAt(RequestQuery request, RocksStore.View view, ReadableState state) {
    String path = request.getPath();
    long height = view.height();
    if (request.getProve() && height == 0) {
      return new Answer(
          QueryResult.rejected(
              QueryError.HEIGHT_UNAVAILABLE, "no committed height to prove against yet"),
          height,
          List.of());
    }
    ReadRecorder recorder = request.getProve() ? new ReadRecorder(view) : null;
    ReadableState source = recorder == null ? state : recorder;
    QueryResult result;
    try {
      result =
          path.startsWith(STORE)
              ? raw(source, path.substring(STORE.length()), height)
              : LedgerQueries.answer(source, path, height);
    } catch (ReadRecorder.ScanRefused e) {
      return new Answer(
          QueryResult.rejected(
              QueryError.INVALID_ARGUMENT,
              "proofs cover single-record paths; '%s' lists records",
              path),
          height,
          List.of());
    } catch (HistoricalScanException e) {
      return new Answer(
          QueryResult.rejected(
              QueryError.HEIGHT_UNAVAILABLE,
              "height %d: '%s' lists records, and list queries answer at the latest height only",
              height,
              path),
          height,
          List.of());
    }
    if (result == null) {
      result = QueryResult.rejected(QueryError.UNKNOWN_PATH, "'%s' (see docs/queries.md)", path);
    }
    if (recorder == null) {
      return new Answer(result, height, List.of());
    }
    List<ProofOp> proofs = new ArrayList<>();
    for (byte[] key : recorder.reads()) {
      Lookup lookup = view.lookup(key);
      if (!lookup.isPresent() && lookup.left() == null && lookup.right() == null) {
        // Only a chain without genesis state gets here: ICS-23 shows an absence by neighbours.
        return new Answer(
            QueryResult.rejected(
                QueryError.HEIGHT_UNAVAILABLE,
                "height %d holds no state, and an absence from an empty tree has no proof",
                height),
            height,
            List.of());
      }
      proofs.add(proof(key, lookup));
    }
    return new Answer(result, height, proofs);
  }

  /** {@code /store/{hex key}}: the raw bytes stored under a state key. */
  private static QueryResult raw(ReadableState state, String hexKey, long height) {
    if (!HEX_KEY.matcher(hexKey).matches()) {
      return QueryResult.rejected(
          QueryError.INVALID_ARGUMENT,
          "expected /store/{key as hex}, an even number of hex digits, 1 to %d bytes",
          MAX_STORE_KEY);
    }
    byte[] key = Hex.decode(hexKey);
    byte[] value = state.get(key);
    if (value == null) {
      return new QueryResult(
          key,
          new byte[0],
          Rejection.of(
              QueryError.NOT_FOUND,
              "no value under key %s at height %d",
              hexKey.toLowerCase(java.util.Locale.ROOT),
              height));
    }
    return QueryResult.found(key, value);
  }

  private static ProofOp proof(byte[] key, Lookup lookup) {
    return ProofOp.newBuilder()
        .setType(ProofOpTypes.LEASECHAIN)
        .setKey(ByteString.copyFrom(key))
        .setData(CommitmentProofs.of(lookup).toByteString())
        .build();
  }

  private static Answer appHash(RocksStore store, String heightText, boolean prove) {
    long latest = store.lastCommit().height();
    if (prove) {
      // Not state: the app hash is what a proof is checked against, signed in header height + 1.
      return new Answer(
          QueryResult.rejected(
              QueryError.INVALID_ARGUMENT,
              "proofs cover state paths; the app hash of height H is in the signed header of H+1"),
          latest,
          List.of());
    }
    long height;
    try {
      height = Long.parseLong(heightText);
    } catch (NumberFormatException e) {
      return new Answer(
          QueryResult.rejected(
              QueryError.INVALID_ARGUMENT, "height '%s' is not a number", heightText),
          latest,
          List.of());
    }
    if (height < 1) {
      return new Answer(
          QueryResult.rejected(QueryError.NOT_FOUND, "no block committed at height %d", height),
          latest,
          List.of());
    }
    try (RocksStore.View view = store.viewAt(height)) {
      return new Answer(
          QueryResult.found(
              new byte[0],
              AppHashResponse.newBuilder()
                  .setHeight(height)
                  .setAppHash(ByteString.copyFrom(view.appHash()))
                  .build()
                  .toByteArray()),
          view.height(),
          List.of());
    } catch (HeightUnavailableException e) {
      return new Answer(unavailable(height, e.oldest(), e.latest()), e.latest(), List.of());
    }
  }

  private static QueryResult unavailable(long height, long oldest, long latest) {
    if (height > latest) {
      return QueryResult.rejected(
          QueryError.HEIGHT_UNAVAILABLE,
          "height %d is above the latest committed height %d",
          height,
          latest);
    }
    return QueryResult.rejected(
        QueryError.HEIGHT_UNAVAILABLE,
        "height %d is pruned: this node keeps heights %d..%d",
        height,
        oldest,
        latest);
  }

  private static ResponseQuery respond(Answer answer) {
    QueryResult result = answer.result();
    ResponseQuery.Builder response =
        ResponseQuery.newBuilder()
            .setHeight(answer.height())
            .setKey(ByteString.copyFrom(result.key()));
    if (!answer.proofs().isEmpty()) {
      response.setProofOps(ProofOps.newBuilder().addAllOps(answer.proofs()));
    }
    if (result.isOk()) {
      return response.setValue(ByteString.copyFrom(result.value())).build();
    }
    Rejection rejection = result.rejection();
    return response
        .setCode(rejection.error().code())
        .setCodespace(rejection.error().codespace())
        .setLog(rejection.log())
        .build();
  }

  /** A result with the height it was answered at and the proofs of the keys it read. */
  private record Answer(QueryResult result, long height, List<ProofOp> proofs) {}
}
