package io.leasechain.ledger.provider;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.BankAddresses;
import io.leasechain.ledger.provider.proto.MsgRetireProvider;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.tx.MsgContext;
import io.leasechain.ledger.tx.MsgHandler;
import java.util.List;

/** MsgRetireProvider: leaves the market; the bond returns after the unbonding period. */
public final class RetireProviderHandler implements MsgHandler<MsgRetireProvider> {

  @Override
  public Rejection validate(MsgRetireProvider msg) {
    return BankAddresses.check("owner", msg.getOwner());
  }

  @Override
  public List<Address> signers(MsgRetireProvider msg) {
    return List.of(Address.fromBech32(msg.getOwner()));
  }

  @Override
  public Outcome execute(MsgContext context, MsgRetireProvider msg) {
    Address owner = Address.fromBech32(msg.getOwner());
    ProviderKeeper providers = new ProviderKeeper(context.state());
    Provider provider = providers.get(owner);
    if (provider == null) {
      return Outcome.reject(ProviderError.NOT_FOUND, "%s", owner);
    }
    if (provider.getState() == ProviderState.PROVIDER_STATE_RETIRED) {
      return Outcome.reject(ProviderError.WRONG_STATE, "%s is already retired", owner);
    }
    if (provider.getLeasedUnits() > 0
        || provider.getOpenBids() > 0
        || provider.getOpenProofs() > 0) {
      return Outcome.reject(
          ProviderError.HAS_ACTIVE_LEASES,
          "%d GPU units in active leases, %d open bids and %d proofs pending or disputed; settle them"
              + " first",
          provider.getLeasedUnits(),
          provider.getOpenBids(),
          provider.getOpenProofs());
    }
    long unbondAt =
        Math.addExact(
            context.block().height(),
            Math.max(1, ProviderParamsRules.STORE.get(context.state()).getUnbondingBlocks()));
    Provider retired =
        provider.toBuilder()
            .setState(ProviderState.PROVIDER_STATE_RETIRED)
            .setUnbondingHeight(unbondAt)
            .build();
    providers.save(retired);
    return Outcome.ok(ProviderEvents.of("provider_retired", retired));
  }
}
