package io.leasechain.ledger.authority;

import io.leasechain.ledger.authority.proto.Council;
import io.leasechain.ledger.authority.proto.Proposal;
import io.leasechain.ledger.state.Counter;
import io.leasechain.ledger.state.Index;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.state.Records;

/** Typed access to the council and its proposals. */
public final class AuthorityKeeper {

  public static final Counter PROPOSAL_IDS = new Counter("proposal");
  public static final Index EXPIRY = new Index(KeySpace.PROPOSAL_EXPIRY);
  public static final Index BY_STATE = new Index(KeySpace.PROPOSALS_BY_STATE);
  private static final byte[] COUNCIL_KEY = Keys.of(KeySpace.AUTHORITY, new byte[] {0});

  private final KeyValueState state;

  public AuthorityKeeper(KeyValueState state) {
    this.state = state;
  }

  public static byte[] proposalKey(long id) {
    return Keys.of(KeySpace.AUTHORITY, new byte[] {1}, Keys.uint64(id));
  }

  public static Council council(ReadableState state) {
    Council council = Records.read(state, COUNCIL_KEY, Council.parser());
    if (council == null) {
      throw new IllegalStateException("council missing from state");
    }
    return council;
  }

  public static Proposal proposal(ReadableState state, long id) {
    return Records.read(state, proposalKey(id), Proposal.parser());
  }

  public void setCouncil(Council council) {
    state.put(COUNCIL_KEY, council.toByteArray());
  }

  public void save(Proposal proposal) {
    Proposal old = proposal(state, proposal.getId());
    byte[] id = Keys.uint64(proposal.getId());
    if (old != null) {
      BY_STATE.remove(state, new byte[] {(byte) old.getStateValue()}, id);
      EXPIRY.remove(state, Keys.uint64(old.getExpiresHeight()), id);
    }
    BY_STATE.add(state, new byte[] {(byte) proposal.getStateValue()}, id);
    if (proposal.getState()
        == io.leasechain.ledger.authority.proto.ProposalState.PROPOSAL_STATE_OPEN) {
      EXPIRY.add(state, Keys.uint64(proposal.getExpiresHeight()), id);
    }
    state.put(proposalKey(proposal.getId()), proposal.toByteArray());
  }
}
