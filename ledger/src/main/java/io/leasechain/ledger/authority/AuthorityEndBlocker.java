package io.leasechain.ledger.authority;

import io.leasechain.ledger.EndBlock;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.authority.proto.Proposal;
import io.leasechain.ledger.authority.proto.ProposalState;
import io.leasechain.ledger.state.KeyValueState;
import java.nio.ByteBuffer;
import java.util.List;

/** Expires the proposals whose time-to-live has ended. */
public final class AuthorityEndBlocker {

  public static final List<EndBlock.Queue> QUEUES =
      List.of(new EndBlock.Queue(AuthorityKeeper.EXPIRY, AuthorityEndBlocker::expire));

  private AuthorityEndBlocker() {}

  private static List<Event> expire(
      KeyValueState state, byte[] suffix, long dueHeight, long height) {
    Proposal proposal = AuthorityKeeper.proposal(state, ByteBuffer.wrap(suffix).getLong());
    if (proposal.getState() != ProposalState.PROPOSAL_STATE_OPEN) {
      return List.of();
    }
    Proposal expired = proposal.toBuilder().setState(ProposalState.PROPOSAL_STATE_EXPIRED).build();
    new AuthorityKeeper(state).save(expired);
    return List.of(Proposals.event("proposal_expired", expired));
  }
}
