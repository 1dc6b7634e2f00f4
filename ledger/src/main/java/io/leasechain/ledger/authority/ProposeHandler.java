package io.leasechain.ledger.authority;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.authority.proto.Council;
import io.leasechain.ledger.authority.proto.MsgCouncilPropose;
import io.leasechain.ledger.authority.proto.Proposal;
import io.leasechain.ledger.authority.proto.ProposalState;
import io.leasechain.ledger.bank.BankAddresses;
import io.leasechain.ledger.tx.MsgContext;
import io.leasechain.ledger.tx.MsgHandler;
import io.leasechain.ledger.tx.TxParamsRules;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * MsgCouncilPropose: a member proposes an action, approved at once by the proposer and every
 * co-signer; with k signers in one tx the action executes in that tx.
 */
public final class ProposeHandler implements MsgHandler<MsgCouncilPropose> {

  /** A proposal stores its approvals, so one tx adds a bounded number of them. */
  public static final int MAX_CO_SIGNERS = TxParamsRules.MAX_SIGNERS - 1;

  @Override
  public Rejection validate(MsgCouncilPropose msg) {
    Rejection proposer = BankAddresses.check("proposer", msg.getProposer());
    if (proposer != null) {
      return proposer;
    }
    if (msg.getCoSignersCount() > MAX_CO_SIGNERS) {
      return Rejection.of(
          AuthorityError.INVALID_ACTION,
          "%d co_signers, at most %d (more members approve with MsgCouncilApprove)",
          msg.getCoSignersCount(),
          MAX_CO_SIGNERS);
    }
    TreeSet<String> seen = new TreeSet<>(List.of(msg.getProposer()));
    for (String coSigner : msg.getCoSignersList()) {
      Rejection bad = BankAddresses.check("co_signers", coSigner);
      if (bad != null) {
        return bad;
      }
      if (!seen.add(coSigner)) {
        return Rejection.of(AuthorityError.ALREADY_APPROVED, "%s is named twice", coSigner);
      }
    }
    return CouncilActions.validate(msg.getAction());
  }

  @Override
  public List<Address> signers(MsgCouncilPropose msg) {
    List<Address> signers = new ArrayList<>();
    signers.add(Address.fromBech32(msg.getProposer()));
    msg.getCoSignersList().forEach(coSigner -> signers.add(Address.fromBech32(coSigner)));
    return signers;
  }

  @Override
  public Outcome execute(MsgContext context, MsgCouncilPropose msg) {
    Council council = AuthorityKeeper.council(context.state());
    List<String> approvals = new ArrayList<>();
    approvals.add(msg.getProposer());
    approvals.addAll(msg.getCoSignersList());
    for (String member : approvals) {
      if (!council.getMembersList().contains(member)) {
        return Outcome.reject(AuthorityError.NOT_A_MEMBER, "%s", member);
      }
    }
    long height = context.block().height();
    Proposal proposal =
        Proposal.newBuilder()
            .setId(AuthorityKeeper.PROPOSAL_IDS.next(context.state()))
            .setProposer(msg.getProposer())
            .setAction(msg.getAction())
            .addAllApprovals(approvals)
            .setCreatedHeight(height)
            .setExpiresHeight(
                Math.addExact(
                    height, AuthorityParamsRules.STORE.get(context.state()).getProposalTtlBlocks()))
            .setState(ProposalState.PROPOSAL_STATE_OPEN)
            .build();
    return Proposals.record(context.state(), proposal, height, "proposal_created");
  }
}
