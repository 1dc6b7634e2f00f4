package io.leasechain.ledger.query;

import io.leasechain.ledger.authority.AuthorityKeeper;
import io.leasechain.ledger.authority.proto.Proposal;
import io.leasechain.ledger.authority.proto.ProposalState;
import io.leasechain.ledger.query.proto.ProposalsResponse;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import java.nio.ByteBuffer;
import java.util.Locale;

/** The council and its proposals. */
final class AuthorityQueries {

  private AuthorityQueries() {}

  static QueryResult council(ReadableState state) {
    return QueryResult.found(new byte[0], AuthorityKeeper.council(state).toByteArray());
  }

  static QueryResult proposal(ReadableState state, long id) {
    Proposal proposal = AuthorityKeeper.proposal(state, id);
    return proposal == null
        ? MarketQueries.notFound("proposal", id)
        : QueryResult.found(AuthorityKeeper.proposalKey(id), proposal.toByteArray());
  }

  static QueryResult proposals(ReadableState state, QueryPath path) {
    ProposalState wanted =
        path.param("state") == null
            ? null
            : ProposalState.valueOf(
                "PROPOSAL_STATE_" + path.param("state").toUpperCase(Locale.ROOT));
    byte[] prefix =
        wanted != null
            ? Keys.of(KeySpace.PROPOSALS_BY_STATE, new byte[] {(byte) wanted.getNumber()})
            : Keys.of(KeySpace.AUTHORITY, new byte[] {1});
    Paging.Page<Proposal> page =
        Paging.page(
            state,
            prefix,
            MarketQueries.cursor(path),
            Paging.limit(path),
            suffix -> AuthorityKeeper.proposal(state, ByteBuffer.wrap(suffix).getLong()));
    return QueryResult.found(
        new byte[0],
        ProposalsResponse.newBuilder()
            .addAllProposals(page.items())
            .setNext(MarketQueries.next(page))
            .build()
            .toByteArray());
  }
}
