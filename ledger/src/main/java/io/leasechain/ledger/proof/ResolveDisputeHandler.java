package io.leasechain.ledger.proof;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.BankAddresses;
import io.leasechain.ledger.market.MarketKeeper;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.proof.proto.Dispute;
import io.leasechain.ledger.proof.proto.DisputeState;
import io.leasechain.ledger.proof.proto.MsgResolveDispute;
import io.leasechain.ledger.proof.proto.Verdict;
import io.leasechain.ledger.provider.ProviderKeeper;
import io.leasechain.ledger.state.ReadableState;
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
    String required = requiredAuditor(context.state(), dispute);
    if (!required.isEmpty() && !required.equals(msg.getAuditor())) {
      return Outcome.reject(
          ProofError.NOT_REQUIRED_AUDITOR,
          "dispute %d is for auditor %s",
          dispute.getId(),
          required);
    }
    if (dispute.getState() != DisputeState.DISPUTE_STATE_OPEN) {
      return Outcome.reject(
          ProofError.DISPUTE_NOT_OPEN, "dispute %d is %s", dispute.getId(), dispute.getState());
    }
    // The verdict moves the slash or the deposit between tenant and provider: neither judges.
    if (msg.getAuditor().equals(dispute.getTenant())
        || msg.getAuditor().equals(dispute.getProvider())) {
      return Outcome.reject(
          ProofError.AUDITOR_IS_PARTY,
          "%s is the %s of dispute %d",
          msg.getAuditor(),
          msg.getAuditor().equals(dispute.getTenant()) ? "tenant" : "provider",
          dispute.getId());
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

  /**
   * The auditor the lease's order requires, while the council keeps it appointed; empty when any
   * auditor may resolve (no requirement, or the required one was removed and would otherwise strand
   * the dispute until it lapses).
   */
  private static String requiredAuditor(ReadableState state, Dispute dispute) {
    Lease lease = MarketKeeper.lease(state, dispute.getLeaseId());
    String required = MarketKeeper.order(state, lease.getOrderId()).getRequiredAuditor();
    return required.isEmpty() || ProviderKeeper.auditor(state, Address.fromBech32(required)) == null
        ? ""
        : required;
  }
}
