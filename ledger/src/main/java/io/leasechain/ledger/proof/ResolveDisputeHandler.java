package io.leasechain.ledger.proof;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.BankAddresses;
import io.leasechain.ledger.proof.proto.Dispute;
import io.leasechain.ledger.proof.proto.DisputeState;
import io.leasechain.ledger.proof.proto.MsgResolveDispute;
import io.leasechain.ledger.proof.proto.Verdict;
import io.leasechain.ledger.provider.ProviderKeeper;
import io.leasechain.ledger.tx.MsgContext;
import io.leasechain.ledger.tx.MsgHandler;
import java.util.List;

/** MsgResolveDispute: an appointed auditor upholds or rejects an open dispute. */
public final class ResolveDisputeHandler implements MsgHandler<MsgResolveDispute> {

  @Override
  public Rejection validate(MsgResolveDispute msg) {
    Rejection auditor = BankAddresses.check("auditor", msg.getAuditor());
    if (auditor != null) {
      return auditor;
    }
    if (msg.getVerdict() != Verdict.VERDICT_UPHELD
        && msg.getVerdict() != Verdict.VERDICT_REJECTED) {
      return Rejection.of(ProofError.INVALID_VERDICT, "got %s", msg.getVerdict());
    }
    return null;
  }

  @Override
  public List<Address> signers(MsgResolveDispute msg) {
    return List.of(Address.fromBech32(msg.getAuditor()));
  }

  @Override
  public Outcome execute(MsgContext context, MsgResolveDispute msg) {
    if (ProviderKeeper.auditor(context.state(), Address.fromBech32(msg.getAuditor())) == null) {
      return Outcome.reject(ProofError.NOT_AUDITOR, "%s", msg.getAuditor());
    }
    Dispute dispute = ProofKeeper.dispute(context.state(), msg.getDisputeId());
    if (dispute == null) {
      return Outcome.reject(ProofError.DISPUTE_NOT_FOUND, "dispute %d", msg.getDisputeId());
    }
    if (dispute.getState() != DisputeState.DISPUTE_STATE_OPEN) {
      return Outcome.reject(
          ProofError.DISPUTE_NOT_OPEN, "dispute %d is %s", dispute.getId(), dispute.getState());
    }
    long height = context.block().height();
    if (height > dispute.getDeadlineHeight()) {
      // Lapsed; end-block may not have recorded it yet (max_end_block_items).
      return Outcome.reject(
          ProofError.DISPUTE_NOT_OPEN,
          "dispute %d lapsed at height %d",
          dispute.getId(),
          dispute.getDeadlineHeight());
    }
    Disputes disputes = new Disputes(context.state());
    return Outcome.ok(
        msg.getVerdict() == Verdict.VERDICT_UPHELD
            ? disputes.uphold(dispute, msg.getAuditor(), height)
            : disputes.reject(dispute, msg.getAuditor(), height));
  }
}
