package io.leasechain.ledger.authority;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.authority.proto.MsgCouncilApprove;
import io.leasechain.ledger.authority.proto.Proposal;
import io.leasechain.ledger.authority.proto.ProposalState;
import io.leasechain.ledger.bank.BankAddresses;
import io.leasechain.ledger.tx.MsgContext;
import io.leasechain.ledger.tx.MsgHandler;
import java.util.List;

/** MsgCouncilApprove: a member approves an open proposal; the k-th approval executes it. */
public final class ApproveHandler implements MsgHandler<MsgCouncilApprove> {

  @Override
  public Rejection validate(MsgCouncilApprove msg) {
    return BankAddresses.check("member", msg.getMember());
  }

  @Override
  public List<Address> signers(MsgCouncilApprove msg) {
    return List.of(Address.fromBech32(msg.getMember()));
  }

  @Override
  public Outcome execute(MsgContext context, MsgCouncilApprove msg) {
    if (!AuthorityKeeper.council(context.state()).getMembersList().contains(msg.getMember())) {
      return Outcome.reject(AuthorityError.NOT_A_MEMBER, "%s", msg.getMember());
    }
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
    if (context.block().height() > proposal.getExpiresHeight()) {
      // Expired; end-block may not have recorded it yet (max_end_block_items).
      return Outcome.reject(
          AuthorityError.PROPOSAL_NOT_OPEN,
          "proposal %d expired at height %d",
          proposal.getId(),
          proposal.getExpiresHeight());
    }
    if (proposal.getApprovalsList().contains(msg.getMember())) {
      return Outcome.reject(
          AuthorityError.ALREADY_APPROVED,
          "%s approved proposal %d already",
          msg.getMember(),
          proposal.getId());
    }
    Proposal approved = proposal.toBuilder().addApprovals(msg.getMember()).build();
    return Proposals.record(
        context.state(), approved, context.block().height(), "proposal_approved");
  }
}
