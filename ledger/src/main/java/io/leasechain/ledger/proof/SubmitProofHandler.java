package io.leasechain.ledger.proof;

import com.google.protobuf.ByteString;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.BankAddresses;
import io.leasechain.ledger.escrow.EscrowKeeper;
import io.leasechain.ledger.market.LeaseLifecycle;
import io.leasechain.ledger.market.MarketKeeper;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.Order;
import io.leasechain.ledger.proof.proto.MsgSubmitProof;
import io.leasechain.ledger.proof.proto.Proof;
import io.leasechain.ledger.proof.proto.ProofDoc;
import io.leasechain.ledger.proof.proto.ProofParams;
import io.leasechain.ledger.proof.proto.ProofState;
import io.leasechain.ledger.provider.ProviderKeeper;
import io.leasechain.ledger.provider.ProviderRules;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.tx.MsgContext;
import io.leasechain.ledger.tx.MsgHandler;
import io.leasechain.ledger.tx.TxError;
import java.util.List;
import java.util.OptionalLong;

/**
 * MsgSubmitProof: the lease's provider proves a period of GPU work with a job agent's signature.
 * The period's accrual becomes a pending payment, withdrawable once its challenge window passes
 * without a dispute.
 */
public final class SubmitProofHandler implements MsgHandler<MsgSubmitProof> {

  @Override
  public Rejection validate(MsgSubmitProof msg) {
    Rejection provider = BankAddresses.check("provider", msg.getProvider());
    if (provider != null) {
      return provider;
    }
    if (msg.getToHeight() <= msg.getFromHeight()) {
      return Rejection.of(ProofError.INVALID_PROOF, "to_height must be above from_height");
    }
    if (msg.getOutputRoot().size() != 32) {
      return Rejection.of(
          ProofError.INVALID_PROOF,
          "output_root must be 32 bytes, got %d",
          msg.getOutputRoot().size());
    }
    if (msg.getAgentPublicKey().size() != 32 || msg.getAgentSignature().size() != 64) {
      return Rejection.of(ProofError.INVALID_PROOF, "agent key must be 32 bytes and signature 64");
    }
    if (!ProviderRules.GPU_MODEL.matcher(msg.getUsage().getGpuModel()).matches()
        || msg.getUsage().getGpuSeconds() < 0
        || msg.getUsage().getPeakVramMib() < 0) {
      return Rejection.of(
          ProofError.IMPLAUSIBLE_USAGE,
          "usage needs a gpu_model slug (at most 64 characters), gpu_seconds and peak_vram_mib"
              + " below 2^63");
    }
    return null;
  }

  @Override
  public List<Address> signers(MsgSubmitProof msg) {
    return List.of(Address.fromBech32(msg.getProvider()));
  }

  @Override
  public Outcome execute(MsgContext context, MsgSubmitProof msg) {
    // A retired provider's bond is returned after unbonding: a proof it submitted could never be
    // slashed.
    Provider prover = ProviderKeeper.get(context.state(), Address.fromBech32(msg.getProvider()));
    if (prover != null && prover.getState() == ProviderState.PROVIDER_STATE_RETIRED) {
      return Outcome.reject(ProofError.PROVIDER_RETIRED, "%s retired", msg.getProvider());
    }
    long height = context.block().height();
    Lease lease = MarketKeeper.lease(context.state(), msg.getLeaseId());
    if (lease == null) {
      return Outcome.reject(ProofError.LEASE_NOT_FOUND, "lease %d", msg.getLeaseId());
    }
    if (!lease.getProvider().equals(msg.getProvider())) {
      return Outcome.reject(
          ProofError.NOT_LEASE_PROVIDER,
          "lease %d is served by %s",
          lease.getId(),
          lease.getProvider());
    }
    boolean held = LeaseLifecycle.holdsUnproven(lease);
    if (lease.getState() != LeaseState.LEASE_STATE_ACTIVE && !held) {
      return Outcome.reject(
          ProofError.LEASE_NOT_ACTIVE, "lease %d is %s", lease.getId(), lease.getState());
    }
    if (held && height > lease.getProofDeadline()) {
      // The hold has ended and its release waits for the end-block budget: that accrual is the
      // tenant's now.
      return Outcome.reject(
          TxError.OVERDUE,
          "lease %d stopped holding its accrual at height %d",
          lease.getId(),
          lease.getProofDeadline());
    }
    if (held && msg.getToHeight() > lease.getClosedHeight()) {
      return Outcome.reject(
          ProofError.PERIOD_AFTER_CLOSE,
          "to_height %d, lease %d closed at height %d",
          msg.getToHeight(),
          lease.getId(),
          lease.getClosedHeight());
    }
    if (msg.getToHeight() > height) {
      return Outcome.reject(
          ProofError.PERIOD_IN_FUTURE,
          "to_height %d, current height %d",
          msg.getToHeight(),
          height);
    }
    LeaseLifecycle leases = new LeaseLifecycle(context.state());
    lease = leases.forfeitLate(lease, height);
    if (msg.getFromHeight() != lease.getProvenThrough()) {
      return Outcome.reject(
          ProofError.PERIOD_NOT_CONTIGUOUS,
          "lease %d is proven through height %d; the next period must start there",
          lease.getId(),
          lease.getProvenThrough());
    }
    Provider provider =
        ProviderKeeper.get(context.state(), Address.fromBech32(lease.getProvider()));
    if (!provider.getAgentKeysList().contains(msg.getAgentPublicKey())) {
      return Outcome.reject(ProofError.UNKNOWN_AGENT_KEY, "register it with MsgSetAgentKeys first");
    }
    ProofDoc doc =
        ProofDoc.newBuilder()
            .setChainId(context.block().chainId())
            .setLeaseId(lease.getId())
            .setFromHeight(msg.getFromHeight())
            .setToHeight(msg.getToHeight())
            .setOutputRoot(msg.getOutputRoot())
            .setUsage(msg.getUsage())
            .build();
    Ed25519PublicKey agent = Ed25519PublicKey.of(msg.getAgentPublicKey().toByteArray());
    if (!agent.verify(doc.toByteArray(), msg.getAgentSignature().toByteArray())) {
      return Outcome.reject(
          ProofError.BAD_AGENT_SIGNATURE,
          "over ProofDoc of lease %d, %d..%d on chain %s",
          lease.getId(),
          msg.getFromHeight(),
          msg.getToHeight(),
          context.block().chainId());
    }
    Rejection implausible = plausibility(context, lease, provider, msg);
    if (implausible != null) {
      return Outcome.reject(implausible);
    }
    long amount = leases.prove(lease, msg.getToHeight(), height);
    ProofParams params = ProofParamsRules.STORE.get(context.state());
    Proof proof =
        Proof.newBuilder()
            .setId(ProofKeeper.PROOF_IDS.next(context.state()))
            .setLeaseId(lease.getId())
            .setProvider(lease.getProvider())
            .setFromHeight(msg.getFromHeight())
            .setToHeight(msg.getToHeight())
            .setOutputRoot(msg.getOutputRoot())
            .setUsage(msg.getUsage())
            .setAgentPublicKey(ByteString.copyFrom(agent.bytes()))
            .setSubmittedHeight(height)
            .setChallengeEndHeight(Math.addExact(height, params.getChallengeWindow()))
            .setState(ProofState.PROOF_STATE_PENDING)
            .setAmountMicro(amount)
            .build();
    new ProofKeeper(context.state()).save(proof);
    new EscrowKeeper(context.state()).addPending(lease.getOrderId(), 1);
    ProviderKeeper providers = new ProviderKeeper(context.state());
    Provider owner = providers.get(Address.fromBech32(lease.getProvider()));
    providers.save(owner.toBuilder().setOpenProofs(owner.getOpenProofs() + 1).build());
    return Outcome.ok(ProofEvents.proof("proof_submitted", proof));
  }

  private static Rejection plausibility(
      MsgContext context, Lease lease, Provider provider, MsgSubmitProof msg) {
    String model = msg.getUsage().getGpuModel();
    if (!model.equals(provider.getAttributes().getGpuModel())) {
      return Rejection.of(
          ProofError.IMPLAUSIBLE_USAGE,
          "gpu_model %s, the lease runs on %s",
          model,
          provider.getAttributes().getGpuModel());
    }
    // Memory is per device: no job can use more of one GPU than the GPU has.
    long vramMib = Math.multiplyExact((long) provider.getAttributes().getVramGib(), 1024L);
    if (msg.getUsage().getPeakVramMib() > vramMib) {
      return Rejection.of(
          ProofError.IMPLAUSIBLE_USAGE,
          "peak_vram_mib %d, one %s has %d MiB",
          msg.getUsage().getPeakVramMib(),
          model,
          vramMib);
    }
    Order order = MarketKeeper.order(context.state(), lease.getOrderId());
    if (order.getSpec().getGpuModelsCount() > 0
        && !order.getSpec().getGpuModelsList().contains(model)) {
      return Rejection.of(
          ProofError.IMPLAUSIBLE_USAGE, "gpu_model %s is not one the order allowed", model);
    }
    long blocks = msg.getToHeight() - msg.getFromHeight();
    long limit =
        Math.multiplyExact(
            Math.multiplyExact((long) lease.getGpuUnits(), blocks),
            ProofParamsRules.STORE.get(context.state()).getMaxGpuSecondsPerBlock());
    if (msg.getUsage().getGpuSeconds() > limit) {
      return Rejection.of(
          ProofError.IMPLAUSIBLE_USAGE,
          "%d GPU-seconds, at most %d for %d units over %d blocks",
          msg.getUsage().getGpuSeconds(),
          limit,
          lease.getGpuUnits(),
          blocks);
    }
    // GPUs cannot run longer than the period took; CheckTx cannot know the time of a period
    // ending at the coming block, so only FinalizeBlock checks those.
    OptionalLong seconds =
        BlockTimes.elapsedSeconds(context.state(), msg.getFromHeight(), msg.getToHeight());
    if (seconds.isPresent()
        && msg.getUsage().getGpuSeconds()
            > Math.multiplyExact((long) lease.getGpuUnits(), seconds.getAsLong())) {
      return Rejection.of(
          ProofError.IMPLAUSIBLE_USAGE,
          "%d GPU-seconds, at most %d for %d units over %d seconds of block time",
          msg.getUsage().getGpuSeconds(),
          Math.multiplyExact((long) lease.getGpuUnits(), seconds.getAsLong()),
          lease.getGpuUnits(),
          seconds.getAsLong());
    }
    return null;
  }
}
