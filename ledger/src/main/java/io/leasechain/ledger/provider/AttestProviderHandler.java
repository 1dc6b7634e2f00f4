package io.leasechain.ledger.provider;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.BankAddresses;
import io.leasechain.ledger.provider.proto.Attestation;
import io.leasechain.ledger.provider.proto.MsgAttestProvider;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.tx.MsgContext;
import io.leasechain.ledger.tx.MsgHandler;
import java.util.List;
import java.util.TreeSet;

/** MsgAttestProvider: an appointed auditor vouches for some of a provider's attributes. */
public final class AttestProviderHandler implements MsgHandler<MsgAttestProvider> {

  @Override
  public Rejection validate(MsgAttestProvider msg) {
    Rejection auditor = BankAddresses.check("auditor", msg.getAuditor());
    if (auditor != null) {
      return auditor;
    }
    Rejection provider = BankAddresses.check("provider", msg.getProvider());
    if (provider != null) {
      return provider;
    }
    if (msg.getAttributeKeysCount() == 0) {
      return Rejection.of(ProviderError.UNKNOWN_ATTRIBUTE, "name at least one attribute");
    }
    if (msg.getAttributeKeysCount() > ProviderRules.ATTESTABLE.size()) {
      return Rejection.of(
          ProviderError.UNKNOWN_ATTRIBUTE,
          "%d attribute names, at most %d (one per attestable attribute)",
          msg.getAttributeKeysCount(),
          ProviderRules.ATTESTABLE.size());
    }
    for (String key : msg.getAttributeKeysList()) {
      if (!ProviderRules.ATTESTABLE.contains(key)) {
        return Rejection.of(
            ProviderError.UNKNOWN_ATTRIBUTE,
            "'%s' (known: %s)",
            key,
            new TreeSet<>(ProviderRules.ATTESTABLE));
      }
    }
    return null;
  }

  @Override
  public List<Address> signers(MsgAttestProvider msg) {
    return List.of(Address.fromBech32(msg.getAuditor()));
  }

  @Override
  public Outcome execute(MsgContext context, MsgAttestProvider msg) {
    ProviderKeeper providers = new ProviderKeeper(context.state());
    Address auditor = Address.fromBech32(msg.getAuditor());
    if (providers.auditor(auditor) == null) {
      return Outcome.reject(ProviderError.NOT_AUDITOR, "%s", auditor);
    }
    Provider provider = providers.get(Address.fromBech32(msg.getProvider()));
    if (provider == null) {
      return Outcome.reject(ProviderError.NOT_FOUND, "%s", msg.getProvider());
    }
    // A provider's account is its owner's: vouching for it would be vouching for oneself.
    if (provider.getAddress().equals(auditor.toBech32())) {
      return Outcome.reject(
          ProviderError.AUDITOR_IS_PARTY, "%s would attest its own provider", auditor);
    }
    Provider.Builder updated = provider.toBuilder().clearAttestations();
    for (Attestation existing : provider.getAttestationsList()) {
      if (!existing.getAuditor().equals(auditor.toBech32())) {
        updated.addAttestations(existing);
      }
    }
    updated.addAttestations(
        Attestation.newBuilder()
            .setAuditor(auditor.toBech32())
            .addAllAttributeKeys(new TreeSet<>(msg.getAttributeKeysList()))
            .setHeight(context.block().height()));
    Provider saved = updated.build();
    providers.save(saved);
    Event attested =
        Event.builder("provider_attested")
            .indexed("address", saved.getAddress())
            .indexed("auditor", auditor)
            .plain("attributes", String.join(",", new TreeSet<>(msg.getAttributeKeysList())))
            .build();
    return Outcome.ok(attested, ProviderEvents.ref(saved.getAddress(), "provider_attested"));
  }
}
