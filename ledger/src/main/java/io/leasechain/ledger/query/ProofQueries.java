package io.leasechain.ledger.query;

import io.leasechain.ledger.proof.ProofKeeper;
import io.leasechain.ledger.proof.proto.Dispute;
import io.leasechain.ledger.proof.proto.Proof;
import io.leasechain.ledger.query.proto.ProofsResponse;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import java.nio.ByteBuffer;

/** Proofs (by id and per lease) and disputes. */
final class ProofQueries {

  private ProofQueries() {}

  static QueryResult proof(ReadableState state, long id) {
    Proof proof = ProofKeeper.proof(state, id);
    return proof == null
        ? MarketQueries.notFound("proof", id)
        : QueryResult.found(ProofKeeper.proofKey(id), proof.toByteArray());
  }

  static QueryResult proofs(ReadableState state, QueryPath path) {
    String lease = path.param("lease");
    if (lease == null) {
      throw new IllegalArgumentException("give lease=");
    }
    Paging.Page<Proof> page =
        Paging.page(
            state,
            Keys.of(KeySpace.PROOFS_BY_LEASE, Keys.uint64(Long.parseLong(lease))),
            MarketQueries.cursor(path),
            Paging.limit(path),
            suffix -> ProofKeeper.proof(state, ByteBuffer.wrap(suffix).getLong()));
    return QueryResult.found(
        new byte[0],
        ProofsResponse.newBuilder()
            .addAllProofs(page.items())
            .setNext(MarketQueries.next(page))
            .build()
            .toByteArray());
  }

  static QueryResult dispute(ReadableState state, long id) {
    Dispute dispute = ProofKeeper.dispute(state, id);
    return dispute == null
        ? MarketQueries.notFound("dispute", id)
        : QueryResult.found(ProofKeeper.disputeKey(id), dispute.toByteArray());
  }
}
