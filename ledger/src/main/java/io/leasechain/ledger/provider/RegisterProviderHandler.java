package io.leasechain.ledger.provider;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.BankAddresses;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.provider.proto.MsgRegisterProvider;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.provider.proto.ProviderParams;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.tx.MsgContext;
import io.leasechain.ledger.tx.MsgHandler;
import java.util.List;

/** MsgRegisterProvider: an account offers GPUs; it locks a bond and waits for council approval. */
public final class RegisterProviderHandler implements MsgHandler<MsgRegisterProvider> {

  @Override
  public Rejection validate(MsgRegisterProvider msg) {
    Rejection owner = BankAddresses.check("owner", msg.getOwner());
    if (owner != null) {
      return owner;
    }
    if (msg.getBond() <= 0) {
      return Rejection.of(ProviderError.BOND_TOO_LOW, "bond must be between 1 and 2^63-1 ulease");
    }
    return ProviderRules.check(
        msg.getHostUri(), msg.getRegion(), msg.getAttributes(), msg.getLabelsList(), 256);
  }

  @Override
  public List<Address> signers(MsgRegisterProvider msg) {
    return List.of(Address.fromBech32(msg.getOwner()));
  }

  @Override
  public Outcome execute(MsgContext context, MsgRegisterProvider msg) {
    ProviderParams params = ProviderParamsRules.STORE.get(context.state());
    Address owner = Address.fromBech32(msg.getOwner());
    ProviderKeeper providers = new ProviderKeeper(context.state());
    if (providers.get(owner) != null) {
      return Outcome.reject(ProviderError.ALREADY_REGISTERED, "%s is already a provider", owner);
    }
    if (msg.getBond() < params.getMinBond()) {
      return Outcome.reject(
          ProviderError.BOND_TOO_LOW,
          "bond %d ulease, minimum %d",
          msg.getBond(),
          params.getMinBond());
    }
    if (msg.getLabelsCount() > params.getMaxLabels()) {
      return Outcome.reject(
          ProviderError.INVALID_LABELS,
          "%d labels, at most %d",
          msg.getLabelsCount(),
          params.getMaxLabels());
    }
    Rejection funds =
        new BankKeeper(context.state())
            .transfer(owner, ModuleAccount.PROVIDER_BONDS.address(), msg.getBond());
    if (funds != null) {
      return Outcome.reject(funds);
    }
    Provider provider =
        Provider.newBuilder()
            .setAddress(owner.toBech32())
            .setHostUri(msg.getHostUri())
            .setRegion(msg.getRegion())
            .setAttributes(msg.getAttributes())
            .addAllLabels(msg.getLabelsList())
            .setBond(msg.getBond())
            .setState(ProviderState.PROVIDER_STATE_PENDING)
            .setRegisteredHeight(context.block().height())
            .build();
    providers.save(provider);
    return Outcome.ok(ProviderEvents.of("provider_registered", provider));
  }
}
