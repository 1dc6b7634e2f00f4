package io.leasechain.ledger.provider;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.Keys;
import java.util.ArrayList;
import java.util.List;

/** Returns the bonds of retired providers whose unbonding period ends at this height. */
public final class ProviderEndBlocker {

  private ProviderEndBlocker() {}

  public static List<Event> endBlock(KeyValueState state, long height) {
    List<Event> events = new ArrayList<>();
    ProviderKeeper providers = new ProviderKeeper(state);
    for (byte[] suffix : ProviderKeeper.UNBONDING.suffixes(state, Keys.uint64(height))) {
      Address address = Address.of(suffix);
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
      events.addAll(List.of(ProviderEvents.of("provider_unbonded", unbonded)));
    }
    return events;
  }
}
