package io.leasechain.ledger.authority;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.authority.proto.MsgCouncilRevoke;
import io.leasechain.ledger.authority.proto.Proposal;
import io.leasechain.ledger.authority.proto.ProposalState;
import io.leasechain.ledger.bank.BankAddresses;
import io.leasechain.ledger.tx.MsgContext;
import io.leasechain.ledger.tx.MsgHandler;
import java.util.ArrayList;
import java.util.List;

/** MsgCouncilRevoke: a member withdraws its approval of a proposal that has not executed. */
public final class RevokeHandler implements MsgHandler<MsgCouncilRevoke> {

  @Override
  public Rejection validate(MsgCouncilRevoke msg) {
    return BankAddresses.check("member", msg.getMember());
  }

  @Override
  public List<Address> signers(MsgCouncilRevoke msg) {
    return List.of(Address.fromBech32(msg.getMember()));
  }

  @Override
  public Outcome execute(MsgContext context, MsgCouncilRevoke msg) {
    Proposal proposal = AuthorityKeeper.proposal(context.state(), msg.getProposalId());
    if (proposal == null) {
      return Outcome.reject(AuthorityError.PROPOSAL_NOT_FOUND, "proposal %d", msg.getProposalId());
    }
    if (proposal.getState() != ProposalState.PROPOSAL_STATE_OPEN) {
      return Outcome.reject(
          AuthorityError.PROPOSAL_NOT_OPEN,
          "proposal %d is %s",
          proposal.getId(),
          proposal.getState());
    }
    if (!proposal.getApprovalsList().contains(msg.getMember())) {
      return Outcome.reject(
          AuthorityError.NOT_APPROVED,
          "%s has not approved proposal %d",
          msg.getMember(),
          proposal.getId());
    }
    List<String> remaining = new ArrayList<>(proposal.getApprovalsList());
    remaining.remove(msg.getMember());
    Proposal revoked = proposal.toBuilder().clearApprovals().addAllApprovals(remaining).build();
    new AuthorityKeeper(context.state()).save(revoked);
    return Outcome.ok(
        Proposals.event("proposal_revoked", revoked),
        io.leasechain.ledger.Event.builder("proposal")
            .indexed("id", revoked.getId())
            .indexed("event", "proposal_revoked")
            .build());
  }
}
