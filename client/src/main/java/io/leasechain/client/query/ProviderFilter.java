package io.leasechain.client.query;

import io.leasechain.ledger.provider.proto.ProviderState;

/** Which providers {@code /providers} lists; null fields do not filter. */
public record ProviderFilter(ProviderState state, String gpuModel) {

  public static ProviderFilter all() {
    return new ProviderFilter(null, null);
  }
}
