package io.leasechain.ledger.provider;

import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.provider.proto.Attributes;
import io.leasechain.ledger.provider.proto.Interconnect;
import io.leasechain.ledger.provider.proto.Label;
import io.leasechain.ledger.provider.proto.StorageClass;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Stateless checks of what a provider declares: attributes, host URI, region, labels. */
public final class ProviderRules {

  /** The attribute names an auditor may attest (Attributes' fields plus region and host_uri). */
  public static final Set<String> ATTESTABLE =
      Set.of(
          "gpu_model",
          "vram_gib",
          "gpu_count",
          "interconnect",
          "cpu_millicores",
          "memory_mib",
          "storage_gib",
          "storage_class",
          "public_ips",
          "region",
          "host_uri");

  public static final Pattern GPU_MODEL = Pattern.compile("[a-z0-9][a-z0-9-]{1,63}");
  private static final Pattern HOST_URI =
      Pattern.compile("https?://[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?(/[\\x21-\\x7e]*)?");

  /** A region slug, as providers declare it and orders require it. */
  public static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  private static final Pattern LABEL_KEY = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");

  private ProviderRules() {}

  /** Null when everything is well-formed; otherwise the first problem. */
  public static Rejection check(
      String hostUri, String region, Attributes attributes, List<Label> labels, int maxLabels) {
    if (hostUri.length() > 256 || !HOST_URI.matcher(hostUri).matches()) {
      return Rejection.of(
          ProviderError.INVALID_HOST_URI, "'%s': expected http(s)://host[:port][/path]", hostUri);
    }
    if (!REGION.matcher(region).matches()) {
      return Rejection.of(
          ProviderError.INVALID_ATTRIBUTES,
          "region '%s': lower-case letters, digits and '-'",
          region);
    }
    Rejection attributeProblem = check(attributes);
    if (attributeProblem != null) {
      return attributeProblem;
    }
    if (labels.size() > maxLabels) {
      return Rejection.of(
          ProviderError.INVALID_LABELS, "%d labels, at most %d", labels.size(), maxLabels);
    }
    Set<String> keys = new TreeSet<>();
    for (Label label : labels) {
      if (!LABEL_KEY.matcher(label.getKey()).matches() || label.getValue().length() > 64) {
        return Rejection.of(
            ProviderError.INVALID_LABELS,
            "label '%s': key [a-z0-9_.-]{1,32}, value at most 64 chars",
            label.getKey());
      }
      if (!keys.add(label.getKey())) {
        return Rejection.of(ProviderError.INVALID_LABELS, "label '%s' given twice", label.getKey());
      }
    }
    return null;
  }

  /**
   * Whether {@code updated} in {@code region} claims what the council did not approve in {@code
   * approved} in {@code approvedRegion}: other hardware (model, interconnect, storage class), more
   * of a quantity, or another region. Promising less needs no new approval.
   */
  public static boolean claimsBeyond(
      Attributes approved, String approvedRegion, Attributes updated, String region) {
    return !updated.getGpuModel().equals(approved.getGpuModel())
        || updated.getInterconnect() != approved.getInterconnect()
        || updated.getStorageClass() != approved.getStorageClass()
        || !region.equals(approvedRegion)
        || updated.getVramGib() > approved.getVramGib()
        || updated.getGpuCount() > approved.getGpuCount()
        || updated.getCpuMillicores() > approved.getCpuMillicores()
        || updated.getMemoryMib() > approved.getMemoryMib()
        || updated.getStorageGib() > approved.getStorageGib()
        || updated.getPublicIps() > approved.getPublicIps();
  }

  private static Rejection check(Attributes attributes) {
    if (!GPU_MODEL.matcher(attributes.getGpuModel()).matches()) {
      return Rejection.of(
          ProviderError.INVALID_ATTRIBUTES,
          "gpu_model '%s': a lower-case slug such as nvidia-h100-80gb",
          attributes.getGpuModel());
    }
    if (attributes.getVramGib() <= 0 || attributes.getVramGib() > 4096) {
      return Rejection.of(ProviderError.INVALID_ATTRIBUTES, "vram_gib must be 1..4096");
    }
    if (attributes.getGpuCount() <= 0 || attributes.getGpuCount() > 65_536) {
      return Rejection.of(ProviderError.INVALID_ATTRIBUTES, "gpu_count must be 1..65536");
    }
    if (attributes.getInterconnect() == Interconnect.INTERCONNECT_UNSPECIFIED
        || attributes.getInterconnect() == Interconnect.UNRECOGNIZED) {
      return Rejection.of(
          ProviderError.INVALID_ATTRIBUTES, "interconnect must be pcie, nvlink or infiniband");
    }
    if (attributes.getStorageClass() == StorageClass.UNRECOGNIZED) {
      return Rejection.of(ProviderError.INVALID_ATTRIBUTES, "unknown storage_class");
    }
    if (attributes.getCpuMillicores() < 0
        || attributes.getMemoryMib() < 0
        || attributes.getStorageGib() < 0
        || attributes.getPublicIps() < 0) {
      return Rejection.of(ProviderError.INVALID_ATTRIBUTES, "resources must be below 2^63");
    }
    return null;
  }
}
