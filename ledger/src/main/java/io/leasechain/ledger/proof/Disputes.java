package io.leasechain.ledger.proof;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.BasisPoints;
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
import io.leasechain.ledger.proof.proto.ProofState;
import io.leasechain.ledger.provider.ProviderKeeper;
import io.leasechain.ledger.provider.ProviderParamsRules;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.provider.proto.Reputation;
import io.leasechain.ledger.rewards.Distribution;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.Keys;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * How a dispute ends. Upheld: the provider's bond is slashed (a share to the tenant, the rest
 * burnt), the frozen payment returns to the tenant and the lease closes dispute_lost. Rejected: the
 * deposit goes to the provider and the payment is released. Lapsed (no auditor in time): the same
 * as rejected, except that the provider's reputation does not count it as won.
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
    long slashed = BasisPoints.share(provider.getBond(), params.getSlashBps());
    long toTenant = BasisPoints.share(slashed, params.getSlashToTenantBps());
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
    // A verdict must not wait for the end-block budget: a dispute refused until then may lapse.
    LeaseLifecycle leases = new LeaseLifecycle(state);
    long at = leases.asOf(MarketKeeper.lease(state, dispute.getLeaseId()), height);
    ProofSettlement settlement = new ProofSettlement(state);
    events.addAll(settlement.returnToTenant(ProofKeeper.proof(state, dispute.getProofId()), at));
    // Found cheating on this lease, the provider is not paid for its other proofs still in their
    // window either; those under their own dispute wait for its verdict.
    for (byte[] id : ProofKeeper.BY_LEASE.suffixes(state, Keys.uint64(dispute.getLeaseId()))) {
      Proof other = ProofKeeper.proof(state, ByteBuffer.wrap(id).getLong());
      if (other.getState() == ProofState.PROOF_STATE_PENDING) {
        events.addAll(settlement.returnToTenant(other, at));
      }
    }
    Lease lease = MarketKeeper.lease(state, dispute.getLeaseId());
    if (lease.getState() == LeaseState.LEASE_STATE_ACTIVE) {
      events.addAll(leases.close(lease, CloseReason.CLOSE_REASON_DISPUTE_LOST, at));
    } else if (LeaseLifecycle.holdsUnproven(lease)) {
      // Found cheating, the provider may not prove the rest of a lease closed before the verdict.
      events.addAll(leases.release(lease, at));
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

  /**
   * An accusation no auditor upheld stays unproven: the deposit pays the provider for the payment
   * it could not withdraw, so that freezing payments with disputes is never free.
   */
  List<Event> lapse(Dispute dispute, long height) {
    pay(
        new BankKeeper(state),
        ModuleAccount.DISPUTE_DEPOSITS.address(),
        Address.fromBech32(dispute.getProvider()),
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
