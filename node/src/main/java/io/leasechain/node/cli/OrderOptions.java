package io.leasechain.node.cli;

import io.leasechain.ledger.market.proto.ResourceSpec;
import io.leasechain.ledger.provider.proto.Interconnect;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** What `tx market create-order` asks for: the resources and the auction's terms. */
final class OrderOptions {

  @Option(
      names = "--gpu-units",
      required = true,
      paramLabel = "N",
      converter = Converters.U32.class,
      description = "GPUs wanted")
  int gpuUnits;

  @Option(
      names = "--gpu-model",
      paramLabel = "MODEL",
      description = "Acceptable GPU model (repeatable; none = any)")
  List<String> gpuModels = new ArrayList<>();

  @Option(
      names = "--min-vram-gib",
      defaultValue = "0",
      paramLabel = "N",
      converter = Converters.U32.class,
      description = "Least VRAM per GPU (default: any)")
  int minVramGib;

  @Option(
      names = "--interconnect",
      paramLabel = "pcie|nvlink|infiniband",
      description = "Required interconnect (default: any)")
  Interconnect interconnect = Interconnect.INTERCONNECT_UNSPECIFIED;

  @Option(
      names = "--cpu-millicores-per-unit",
      defaultValue = "0",
      paramLabel = "N",
      converter = Converters.U64.class,
      description = "CPU per GPU unit, in millicores")
  long cpuMillicoresPerUnit;

  @Option(
      names = "--memory-mib-per-unit",
      defaultValue = "0",
      paramLabel = "N",
      converter = Converters.U64.class,
      description = "Memory per GPU unit, in MiB")
  long memoryMibPerUnit;

  @Option(
      names = "--storage-gib-per-unit",
      defaultValue = "0",
      paramLabel = "N",
      converter = Converters.U64.class,
      description = "Storage per GPU unit, in GiB")
  long storageGibPerUnit;

  @Option(
      names = "--public-ips",
      defaultValue = "0",
      paramLabel = "N",
      converter = Converters.U32.class,
      description = "Public IPv4 addresses per GPU unit")
  int publicIps;

  @Option(
      names = "--region",
      defaultValue = "",
      paramLabel = "REGION",
      description = "Required region (default: any)")
  String region;

  @Option(
      names = "--required-auditor",
      paramLabel = "ADDR",
      description = "Only providers attested by this auditor (lease1… address or key name) may bid")
  String requiredAuditor;

  @Option(
      names = "--max-price",
      required = true,
      paramLabel = "MICRO_ULEASE",
      converter = Converters.U64.class,
      description = "Highest price accepted: micro-ulease (10^-6 ulease) per GPU unit per block")
  long maxPrice;

  @Option(
      names = "--bid-window",
      required = true,
      paramLabel = "BLOCKS",
      converter = Converters.U64.class,
      description = "Blocks during which providers may bid")
  long bidWindow;

  @Option(
      names = "--duration",
      defaultValue = "0",
      paramLabel = "BLOCKS",
      converter = Converters.U64.class,
      description = "Blocks a lease runs (default 0: until closed or out of funds)")
  long duration;

  @Option(names = "--allow-split", description = "Several providers may fill the order")
  boolean allowSplit;

  @Option(
      names = "--min-units-per-provider",
      defaultValue = "0",
      paramLabel = "N",
      converter = Converters.U32.class,
      description = "With --allow-split, the fewest units one provider may fill")
  int minUnitsPerProvider;

  @Option(
      names = "--deposit",
      required = true,
      paramLabel = "AMOUNT",
      converter = Converters.Ulease.class,
      description = "ulease moved into the order's escrow, e.g. 100lease")
  long deposit;

  ResourceSpec spec() {
    return ResourceSpec.newBuilder()
        .setGpuUnits(gpuUnits)
        .addAllGpuModels(gpuModels)
        .setMinVramGib(minVramGib)
        .setInterconnect(interconnect)
        .setCpuMillicoresPerUnit(cpuMillicoresPerUnit)
        .setMemoryMibPerUnit(memoryMibPerUnit)
        .setStorageGibPerUnit(storageGibPerUnit)
        .setPublicIps(publicIps)
        .setRegion(region)
        .build();
  }
}
