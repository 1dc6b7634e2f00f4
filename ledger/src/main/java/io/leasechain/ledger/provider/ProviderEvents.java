package io.leasechain.ledger.provider;

import io.leasechain.ledger.Event;
import io.leasechain.ledger.provider.proto.Provider;

/** Events of the provider module; each carries provider.address for tx_search. */
public final class ProviderEvents {

  private ProviderEvents() {}

  /** A typed event plus the "provider" event indexed by address. */
  public static Event[] of(String type, Provider provider) {
    return new Event[] {
      Event.builder(type)
          .indexed("address", provider.getAddress())
          .plain("state", provider.getState().name())
          .plain("bond", provider.getBond())
          .build(),
      ref(provider.getAddress(), type)
    };
  }

  /** provider{address, event}: what {@code tx_search "provider.address='lease1…'"} finds. */
  public static Event ref(String address, String type) {
    return Event.builder("provider").indexed("address", address).indexed("event", type).build();
  }
}
