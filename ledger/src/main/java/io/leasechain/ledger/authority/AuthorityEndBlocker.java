package io.leasechain.ledger.authority;

import io.leasechain.ledger.Event;
import io.leasechain.ledger.authority.proto.Proposal;
import io.leasechain.ledger.authority.proto.ProposalState;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.Keys;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Expires the proposals whose time-to-live ends at this height. */
public final class AuthorityEndBlocker {

  private AuthorityEndBlocker() {}

  public static List<Event> endBlock(KeyValueState state, long height) {
    List<Event> events = new ArrayList<>();
    AuthorityKeeper keeper = new AuthorityKeeper(state);
    for (byte[] suffix : AuthorityKeeper.EXPIRY.suffixes(state, Keys.uint64(height))) {
      Proposal proposal = AuthorityKeeper.proposal(state, ByteBuffer.wrap(suffix).getLong());
      if (proposal.getState() == ProposalState.PROPOSAL_STATE_OPEN) {
        Proposal expired =
            proposal.toBuilder().setState(ProposalState.PROPOSAL_STATE_EXPIRED).build();
        keeper.save(expired);
        events.add(Proposals.event("proposal_expired", expired));
      }
    }
    return events;
  }
}
