package io.leasechain.ledger.authority;

import io.leasechain.ledger.Event;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.authority.proto.Proposal;
import io.leasechain.ledger.authority.proto.ProposalState;
import io.leasechain.ledger.state.KeyValueState;
import java.util.ArrayList;
import java.util.List;

/** Approving a proposal and executing it in the block where it reaches the threshold. */
final class Proposals {

  private Proposals() {}

  /** Saves {@code proposal}; if its approvals reach the threshold, executes its action too. */
  static Outcome record(KeyValueState state, Proposal proposal, long height, String eventType) {
    List<Event> events = new ArrayList<>();
    Proposal toSave = proposal;
    int threshold = AuthorityKeeper.council(state).getThreshold();
    if (proposal.getApprovalsCount() >= threshold) {
      Outcome executed =
          CouncilActions.execute(state, proposal.getAction(), height, proposal.getCreatedHeight());
      if (!executed.isOk()) {
        return executed;
      }
      events.addAll(executed.events());
      toSave =
          proposal.toBuilder()
              .setState(ProposalState.PROPOSAL_STATE_EXECUTED)
              .setExecutedHeight(height)
              .build();
    }
    new AuthorityKeeper(state).save(toSave);
    List<Event> all = new ArrayList<>();
    all.add(event(eventType, toSave));
    all.add(
        Event.builder("proposal")
            .indexed("id", toSave.getId())
            .indexed("event", eventType)
            .build());
    if (toSave.getState() == ProposalState.PROPOSAL_STATE_EXECUTED) {
      all.add(event("proposal_executed", toSave));
    }
    all.addAll(events);
    return Outcome.ok(all);
  }

  static Event event(String type, Proposal proposal) {
    return Event.builder(type)
        .indexed("proposal_id", proposal.getId())
        .plain(
            "action",
            proposal.getAction().getActionCase().name().toLowerCase(java.util.Locale.ROOT))
        .plain("approvals", proposal.getApprovalsCount())
        .plain("state", proposal.getState().name())
        .build();
  }
}
