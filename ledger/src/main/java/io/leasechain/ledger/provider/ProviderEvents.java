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
      Event.builder("provider")
          .indexed("address", provider.getAddress())
          .indexed("event", type)
          .build()
    };
  }
}
