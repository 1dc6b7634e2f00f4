package io.leasechain.ledger.provider;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.EndBlock;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.state.KeyValueState;
import java.util.List;

/** Returns the bonds of retired providers whose unbonding period has ended. */
public final class ProviderEndBlocker {

  public static final List<EndBlock.Queue> QUEUES =
      List.of(new EndBlock.Queue(ProviderKeeper.UNBONDING, ProviderEndBlocker::returnBond));

  private ProviderEndBlocker() {}

  private static List<Event> returnBond(
      KeyValueState state, byte[] suffix, long dueHeight, long height) {
    Address address = Address.of(suffix);
    ProviderKeeper providers = new ProviderKeeper(state);
    Provider provider = providers.get(address);
    Rejection paid =
        new BankKeeper(state)
            .transfer(ModuleAccount.PROVIDER_BONDS.address(), address, provider.getBond());
    if (paid != null) {
      throw new IllegalStateException(
          "bond pool cannot return the bond of " + address + ": " + paid.log());
    }
    Provider unbonded = provider.toBuilder().setBond(0).setUnbondingHeight(0).build();
    providers.save(unbonded);
    return List.of(ProviderEvents.of("provider_unbonded", unbonded));
  }
}
