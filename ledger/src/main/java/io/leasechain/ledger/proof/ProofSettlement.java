package io.leasechain.ledger.proof;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.escrow.EscrowKeeper;
import io.leasechain.ledger.market.LeaseLifecycle;
import io.leasechain.ledger.market.MarketKeeper;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.proof.proto.Proof;
import io.leasechain.ledger.proof.proto.ProofState;
import io.leasechain.ledger.provider.ProviderKeeper;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.rewards.ProvenWork;
import io.leasechain.ledger.state.KeyValueState;
import java.util.ArrayList;
import java.util.List;

/**
 * The two ends of a proof's payment: accepted (withdrawable) or returned to the tenant's escrow.
 */
public final class ProofSettlement {

  private final KeyValueState state;

  public ProofSettlement(KeyValueState state) {
    this.state = state;
  }

  /**
   * The payment becomes withdrawable and counts, with the take it will owe, for this epoch's
   * providers' pool.
   */
  public List<Event> accept(Proof proof, long height) {
    Proof accepted = proof.toBuilder().setState(ProofState.PROOF_STATE_ACCEPTED).build();
    new ProofKeeper(state).save(accepted);
    LeaseLifecycle leases = new LeaseLifecycle(state);
    long payout = leases.accept(proof.getLeaseId(), proof.getAmountMicro());
    Lease lease = MarketKeeper.lease(state, proof.getLeaseId());
    new EscrowKeeper(state).addPending(lease.getOrderId(), -1);
    Address providerAddress = Address.fromBech32(proof.getProvider());
    ProvenWork.add(
        state,
        providerAddress,
        proof.getUsage().getGpuSeconds(),
        proof.getAmountMicro(),
        leases.takeOf(payout));
    ProviderKeeper providers = new ProviderKeeper(state);
    Provider provider = providers.get(providerAddress);
    providers.save(
        provider.toBuilder()
            .setOpenProofs(provider.getOpenProofs() - 1)
            .setReputation(
                provider.getReputation().toBuilder()
                    .setProofsAccepted(provider.getReputation().getProofsAccepted() + 1))
            .build());
    List<Event> events = new ArrayList<>(ProofEvents.proof("proof_accepted", accepted));
    events.addAll(leases.finishEscrow(lease.getOrderId(), height));
    return events;
  }

  /** The frozen payment goes back to the tenant through the order's escrow. */
  public List<Event> returnToTenant(Proof proof, long height) {
    Proof rejected = proof.toBuilder().setState(ProofState.PROOF_STATE_REJECTED).build();
    new ProofKeeper(state).save(rejected);
    Lease lease = MarketKeeper.lease(state, proof.getLeaseId());
    EscrowKeeper escrows = new EscrowKeeper(state);
    escrows.credit(lease.getOrderId(), height, proof.getAmountMicro());
    escrows.addPending(lease.getOrderId(), -1);
    ProviderKeeper providers = new ProviderKeeper(state);
    Provider provider = providers.get(Address.fromBech32(proof.getProvider()));
    providers.save(provider.toBuilder().setOpenProofs(provider.getOpenProofs() - 1).build());
    List<Event> events = new ArrayList<>(ProofEvents.proof("proof_rejected", rejected));
    events.addAll(new LeaseLifecycle(state).finishEscrow(lease.getOrderId(), height));
    return events;
  }
}
