package io.leasechain.ledger.provider;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.BankAddresses;
import io.leasechain.ledger.provider.proto.MsgUpdateProvider;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.tx.MsgContext;
import io.leasechain.ledger.tx.MsgHandler;
import java.util.List;

/**
 * MsgUpdateProvider: replaces what the provider declares. Changed attributes void earlier
 * attestations, since an auditor vouched for the old values, not the new ones. Claiming other or
 * more hardware, or another region, than the council approved sends the provider back to pending
 * for a new approval; that is refused while leases or bids made on the approved offer remain.
 */
public final class UpdateProviderHandler implements MsgHandler<MsgUpdateProvider> {

  @Override
  public Rejection validate(MsgUpdateProvider msg) {
    Rejection owner = BankAddresses.check("owner", msg.getOwner());
    if (owner != null) {
      return owner;
    }
    return ProviderRules.check(
        msg.getHostUri(), msg.getRegion(), msg.getAttributes(), msg.getLabelsList(), 256);
  }

  @Override
  public List<Address> signers(MsgUpdateProvider msg) {
    return List.of(Address.fromBech32(msg.getOwner()));
  }

  @Override
  public Outcome execute(MsgContext context, MsgUpdateProvider msg) {
    Address owner = Address.fromBech32(msg.getOwner());
    ProviderKeeper providers = new ProviderKeeper(context.state());
    Provider provider = providers.get(owner);
    if (provider == null) {
      return Outcome.reject(ProviderError.NOT_FOUND, "%s", owner);
    }
    if (provider.getState() == ProviderState.PROVIDER_STATE_RETIRED) {
      return Outcome.reject(ProviderError.WRONG_STATE, "%s is retired", owner);
    }
    int maxLabels = ProviderParamsRules.STORE.get(context.state()).getMaxLabels();
    if (msg.getLabelsCount() > maxLabels) {
      return Outcome.reject(
          ProviderError.INVALID_LABELS, "%d labels, at most %d", msg.getLabelsCount(), maxLabels);
    }
    if (provider.getLeasedUnits() > msg.getAttributes().getGpuCount()) {
      return Outcome.reject(
          ProviderError.INVALID_ATTRIBUTES,
          "gpu_count %d is below the %d units in active leases",
          msg.getAttributes().getGpuCount(),
          provider.getLeasedUnits());
    }
    boolean reapproval =
        provider.getState() != ProviderState.PROVIDER_STATE_PENDING
            && ProviderRules.claimsBeyond(
                provider.getAttributes(),
                provider.getRegion(),
                msg.getAttributes(),
                msg.getRegion());
    if (reapproval && provider.getState() == ProviderState.PROVIDER_STATE_SUSPENDED) {
      return Outcome.reject(
          ProviderError.WRONG_STATE,
          "%s is suspended: it may only promise less until the council reinstates it",
          owner);
    }
    if (reapproval && (provider.getLeasedUnits() > 0 || provider.getOpenBids() > 0)) {
      return Outcome.reject(
          ProviderError.HAS_ACTIVE_LEASES,
          "%s has %d leased units and %d open bids, made on the approved offer; other or more"
              + " hardware needs a new approval, so it waits until they end",
          owner,
          provider.getLeasedUnits(),
          provider.getOpenBids());
    }
    boolean unchanged =
        provider.getAttributes().equals(msg.getAttributes())
            && provider.getRegion().equals(msg.getRegion())
            && provider.getHostUri().equals(msg.getHostUri());
    Provider.Builder updated =
        provider.toBuilder()
            .setHostUri(msg.getHostUri())
            .setRegion(msg.getRegion())
            .setAttributes(msg.getAttributes())
            .clearLabels()
            .addAllLabels(msg.getLabelsList());
    if (!unchanged) {
      updated.clearAttestations();
    }
    if (reapproval) {
      updated.setState(ProviderState.PROVIDER_STATE_PENDING);
    }
    Provider saved = updated.build();
    providers.save(saved);
    return Outcome.ok(ProviderEvents.of("provider_updated", saved));
  }
}
