package io.leasechain.ledger.proof;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.BankAddresses;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.market.MarketKeeper;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.proof.proto.Dispute;
import io.leasechain.ledger.proof.proto.DisputeState;
import io.leasechain.ledger.proof.proto.MsgDisputeProof;
import io.leasechain.ledger.proof.proto.Proof;
import io.leasechain.ledger.proof.proto.ProofParams;
import io.leasechain.ledger.proof.proto.ProofState;
import io.leasechain.ledger.tx.MsgContext;
import io.leasechain.ledger.tx.MsgHandler;
import java.util.ArrayList;
import java.util.List;

/** MsgDisputeProof: the tenant challenges a proof in its window; its payment stays frozen. */
public final class DisputeProofHandler implements MsgHandler<MsgDisputeProof> {

  @Override
  public Rejection validate(MsgDisputeProof msg) {
    Rejection tenant = BankAddresses.check("tenant", msg.getTenant());
    if (tenant != null) {
      return tenant;
    }
    if (msg.getEvidenceUri().length() > 512 || msg.getEvidenceHash().size() > 64) {
      return Rejection.of(
          ProofError.INVALID_PROOF,
          "evidence_uri at most 512 chars, evidence_hash at most 64 bytes");
    }
    if (msg.getDeposit() < 0) {
      return Rejection.of(ProofError.DEPOSIT_TOO_LOW, "deposit must be below 2^63 ulease");
    }
    return null;
  }

  @Override
  public List<Address> signers(MsgDisputeProof msg) {
    return List.of(Address.fromBech32(msg.getTenant()));
  }

  @Override
  public Outcome execute(MsgContext context, MsgDisputeProof msg) {
    long height = context.block().height();
    Proof proof = ProofKeeper.proof(context.state(), msg.getProofId());
    if (proof == null) {
      return Outcome.reject(ProofError.PROOF_NOT_FOUND, "proof %d", msg.getProofId());
    }
    Lease lease = MarketKeeper.lease(context.state(), proof.getLeaseId());
    if (!lease.getTenant().equals(msg.getTenant())) {
      return Outcome.reject(
          ProofError.NOT_TENANT, "lease %d belongs to %s", lease.getId(), lease.getTenant());
    }
    if (proof.getState() != ProofState.PROOF_STATE_PENDING
        || height > proof.getChallengeEndHeight()) {
      return Outcome.reject(
          ProofError.NOT_DISPUTABLE,
          "proof %d is %s, its window ended at height %d",
          proof.getId(),
          proof.getState(),
          proof.getChallengeEndHeight());
    }
    ProofParams params = ProofParamsRules.STORE.get(context.state());
    if (msg.getDeposit() < params.getMinDisputeDeposit()) {
      return Outcome.reject(
          ProofError.DEPOSIT_TOO_LOW,
          "deposit %d ulease, minimum %d",
          msg.getDeposit(),
          params.getMinDisputeDeposit());
    }
    Rejection funds =
        new BankKeeper(context.state())
            .transfer(
                Address.fromBech32(msg.getTenant()),
                ModuleAccount.DISPUTE_DEPOSITS.address(),
                msg.getDeposit());
    if (funds != null) {
      return Outcome.reject(funds);
    }
    Dispute dispute =
        Dispute.newBuilder()
            .setId(ProofKeeper.DISPUTE_IDS.next(context.state()))
            .setProofId(proof.getId())
            .setLeaseId(lease.getId())
            .setTenant(lease.getTenant())
            .setProvider(lease.getProvider())
            .setDeposit(msg.getDeposit())
            .setEvidenceUri(msg.getEvidenceUri())
            .setEvidenceHash(msg.getEvidenceHash())
            .setOpenedHeight(height)
            .setDeadlineHeight(Math.addExact(height, params.getDisputeTimeout()))
            .setState(DisputeState.DISPUTE_STATE_OPEN)
            .build();
    ProofKeeper proofs = new ProofKeeper(context.state());
    proofs.save(dispute);
    Proof frozen =
        proof.toBuilder()
            .setState(ProofState.PROOF_STATE_DISPUTED)
            .setDisputeId(dispute.getId())
            .build();
    proofs.save(frozen);
    List<io.leasechain.ledger.Event> events =
        new ArrayList<>(ProofEvents.dispute("dispute_opened", dispute));
    events.addAll(ProofEvents.proof("proof_disputed", frozen));
    return Outcome.ok(events);
  }
}
