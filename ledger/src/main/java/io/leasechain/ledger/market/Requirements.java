package io.leasechain.ledger.market;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.market.proto.Order;
import io.leasechain.ledger.market.proto.ResourceSpec;
import io.leasechain.ledger.provider.ProviderKeeper;
import io.leasechain.ledger.provider.proto.Attestation;
import io.leasechain.ledger.provider.proto.Attributes;
import io.leasechain.ledger.provider.proto.Auditor;
import io.leasechain.ledger.provider.proto.Interconnect;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.state.ReadableState;

/**
 * Whether a provider can serve a share of an order: its attributes, region, attestation, capacity.
 */
public final class Requirements {

  private Requirements() {}

  /** Null when {@code provider} can supply {@code units} GPU units of {@code order}. */
  public static Rejection check(ReadableState state, Order order, Provider provider, long units) {
    ResourceSpec spec = order.getSpec();
    Attributes offered = provider.getAttributes();
    if (spec.getGpuModelsCount() > 0 && !spec.getGpuModelsList().contains(offered.getGpuModel())) {
      return Rejection.of(
          MarketError.REQUIREMENTS_NOT_MET,
          "GPU model %s is not one of %s",
          offered.getGpuModel(),
          spec.getGpuModelsList());
    }
    if (offered.getVramGib() < spec.getMinVramGib()) {
      return Rejection.of(
          MarketError.REQUIREMENTS_NOT_MET,
          "%d GiB VRAM per GPU, order needs %d",
          offered.getVramGib(),
          spec.getMinVramGib());
    }
    if (spec.getInterconnect() != Interconnect.INTERCONNECT_UNSPECIFIED
        && offered.getInterconnect() != spec.getInterconnect()) {
      return Rejection.of(
          MarketError.REQUIREMENTS_NOT_MET,
          "interconnect %s, order needs %s",
          offered.getInterconnect(),
          spec.getInterconnect());
    }
    if (!spec.getRegion().isEmpty() && !spec.getRegion().equals(provider.getRegion())) {
      return Rejection.of(
          MarketError.REQUIREMENTS_NOT_MET,
          "region %s, order needs %s",
          provider.getRegion(),
          spec.getRegion());
    }
    if (units > resourceUnits(spec, offered)) {
      return Rejection.of(
          MarketError.REQUIREMENTS_NOT_MET,
          "too little CPU, memory or storage for %d GPU units",
          units);
    }
    if (offered.getPublicIps() < spec.getPublicIps()) {
      return Rejection.of(
          MarketError.REQUIREMENTS_NOT_MET,
          "%d public IPs, order needs %d",
          offered.getPublicIps(),
          spec.getPublicIps());
    }
    if (!order.getRequiredAuditor().isEmpty()
        && !attestedBy(state, provider, order.getRequiredAuditor())) {
      return Rejection.of(
          MarketError.REQUIREMENTS_NOT_MET,
          "not attested by auditor %s",
          order.getRequiredAuditor());
    }
    long free = freeGpus(provider);
    if (units > free) {
      return Rejection.of(
          MarketError.INSUFFICIENT_CAPACITY, "%d GPUs free, %d needed", free, units);
    }
    return null;
  }

  /**
   * The most GPU units of {@code order} that {@code provider} has room for: its free GPUs, and the
   * CPU, memory and storage each unit needs. The share a provider takes is judged by this, not by
   * the units its bid offered.
   */
  public static long maxUnits(Order order, Provider provider) {
    return Math.min(freeGpus(provider), resourceUnits(order.getSpec(), provider.getAttributes()));
  }

  private static long freeGpus(Provider provider) {
    return (long) provider.getAttributes().getGpuCount() - provider.getLeasedUnits();
  }

  /** Divides rather than multiplies, so a huge per-unit demand cannot overflow. */
  private static long resourceUnits(ResourceSpec spec, Attributes offered) {
    return Math.min(
        unitsOf(offered.getCpuMillicores(), spec.getCpuMillicoresPerUnit()),
        Math.min(
            unitsOf(offered.getMemoryMib(), spec.getMemoryMibPerUnit()),
            unitsOf(offered.getStorageGib(), spec.getStorageGibPerUnit())));
  }

  private static long unitsOf(long offered, long perUnit) {
    return perUnit == 0 ? Long.MAX_VALUE : offered / perUnit;
  }

  /**
   * Whether {@code auditor} vouches for {@code provider} now: an attestation counts only while its
   * auditor is appointed, and only if made during the current appointment, so removing an auditor
   * withdraws its attestations without rewriting every provider record.
   */
  private static boolean attestedBy(ReadableState state, Provider provider, String auditor) {
    Auditor appointed = ProviderKeeper.auditor(state, Address.fromBech32(auditor));
    if (appointed == null) {
      return false;
    }
    for (Attestation attestation : provider.getAttestationsList()) {
      if (attestation.getAuditor().equals(auditor)
          && attestation.getHeight() >= appointed.getAppointedHeight()) {
        return true;
      }
    }
    return false;
  }
}
