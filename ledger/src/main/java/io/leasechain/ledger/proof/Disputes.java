package io.leasechain.ledger.proof;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.market.LeaseLifecycle;
import io.leasechain.ledger.market.MarketKeeper;
import io.leasechain.ledger.market.proto.CloseReason;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.proof.proto.Dispute;
import io.leasechain.ledger.proof.proto.DisputeState;
import io.leasechain.ledger.proof.proto.Proof;
import io.leasechain.ledger.proof.proto.ProofParams;
import io.leasechain.ledger.provider.ProviderKeeper;
import io.leasechain.ledger.provider.ProviderParamsRules;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.provider.proto.Reputation;
import io.leasechain.ledger.rewards.Distribution;
import io.leasechain.ledger.state.KeyValueState;
import java.util.ArrayList;
import java.util.List;

/**
 * How a dispute ends. Upheld: the provider's bond is slashed (a share to the tenant, the rest
 * burnt), the frozen payment returns to the tenant and the lease closes dispute_lost. Rejected: the
 * deposit goes to the provider and the payment is released. Lapsed (no auditor in time): treated as
 * rejected, but the deposit goes back to the tenant.
 */
final class Disputes {

  private final KeyValueState state;

  Disputes(KeyValueState state) {
    this.state = state;
  }

  List<Event> uphold(Dispute dispute, String auditor, long height) {
    List<Event> events = new ArrayList<>();
    ProofParams params = ProofParamsRules.STORE.get(state);
    BankKeeper bank = new BankKeeper(state);
    ProviderKeeper providers = new ProviderKeeper(state);
    Address providerAddress = Address.fromBech32(dispute.getProvider());
    Address tenant = Address.fromBech32(dispute.getTenant());
    Provider provider = providers.get(providerAddress);
    long slashed = Math.multiplyExact(provider.getBond(), (long) params.getSlashBps()) / 10_000;
    long toTenant = Math.multiplyExact(slashed, (long) params.getSlashToTenantBps()) / 10_000;
    pay(bank, ModuleAccount.PROVIDER_BONDS.address(), tenant, toTenant);
    bank.burn(ModuleAccount.PROVIDER_BONDS.address(), slashed - toTenant);
    Distribution.recordBurn(state, slashed - toTenant);
    pay(bank, ModuleAccount.DISPUTE_DEPOSITS.address(), tenant, dispute.getDeposit());
    long bond = provider.getBond() - slashed;
    Reputation reputation =
        provider.getReputation().toBuilder()
            .setDisputesLost(provider.getReputation().getDisputesLost() + 1)
            .build();
    boolean underBond =
        bond < ProviderParamsRules.STORE.get(state).getMinBond()
            && provider.getState() == ProviderState.PROVIDER_STATE_ACTIVE;
    providers.save(
        provider.toBuilder()
            .setBond(bond)
            .setReputation(reputation)
            .setState(underBond ? ProviderState.PROVIDER_STATE_SUSPENDED : provider.getState())
            .build());
    Proof proof = ProofKeeper.proof(state, dispute.getProofId());
    events.addAll(new ProofSettlement(state).returnToTenant(proof, height));
    Lease lease = MarketKeeper.lease(state, dispute.getLeaseId());
    if (lease.getState() == LeaseState.LEASE_STATE_ACTIVE) {
      events.addAll(
          new LeaseLifecycle(state).close(lease, CloseReason.CLOSE_REASON_DISPUTE_LOST, height));
    }
    Dispute upheld =
        dispute.toBuilder()
            .setState(DisputeState.DISPUTE_STATE_UPHELD)
            .setResolvedBy(auditor)
            .setResolvedHeight(height)
            .setSlashed(slashed)
            .setSlashedToTenant(toTenant)
            .build();
    new ProofKeeper(state).save(upheld);
    events.addAll(ProofEvents.dispute("dispute_upheld", upheld));
    return events;
  }

  List<Event> reject(Dispute dispute, String auditor, long height) {
    pay(
        new BankKeeper(state),
        ModuleAccount.DISPUTE_DEPOSITS.address(),
        Address.fromBech32(dispute.getProvider()),
        dispute.getDeposit());
    ProviderKeeper providers = new ProviderKeeper(state);
    Provider provider = providers.get(Address.fromBech32(dispute.getProvider()));
    providers.save(
        provider.toBuilder()
            .setReputation(
                provider.getReputation().toBuilder()
                    .setDisputesWon(provider.getReputation().getDisputesWon() + 1))
            .build());
    return end(dispute, DisputeState.DISPUTE_STATE_REJECTED, auditor, height, "dispute_rejected");
  }

  List<Event> lapse(Dispute dispute, long height) {
    pay(
        new BankKeeper(state),
        ModuleAccount.DISPUTE_DEPOSITS.address(),
        Address.fromBech32(dispute.getTenant()),
        dispute.getDeposit());
    return end(dispute, DisputeState.DISPUTE_STATE_LAPSED, "", height, "dispute_lapsed");
  }

  private List<Event> end(
      Dispute dispute, DisputeState outcome, String auditor, long height, String type) {
    Dispute ended =
        dispute.toBuilder()
            .setState(outcome)
            .setResolvedBy(auditor)
            .setResolvedHeight(height)
            .build();
    new ProofKeeper(state).save(ended);
    List<Event> events =
        new ArrayList<>(
            new ProofSettlement(state)
                .accept(ProofKeeper.proof(state, dispute.getProofId()), height));
    events.addAll(ProofEvents.dispute(type, ended));
    return events;
  }

  private static void pay(BankKeeper bank, Address from, Address to, long amount) {
    if (amount == 0) {
      return;
    }
    Rejection paid = bank.transfer(from, to, amount);
    if (paid != null) {
      throw new IllegalStateException("dispute payout failed: " + paid.log());
    }
  }
}
