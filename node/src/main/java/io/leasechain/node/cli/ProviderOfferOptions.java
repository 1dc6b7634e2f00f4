package io.leasechain.node.cli;

import io.leasechain.ledger.provider.proto.Attributes;
import io.leasechain.ledger.provider.proto.Interconnect;
import io.leasechain.ledger.provider.proto.Label;
import io.leasechain.ledger.provider.proto.StorageClass;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** What a provider offers, as `tx provider register` and `tx provider update` take it. */
final class ProviderOfferOptions {

  @Option(
      names = "--host-uri",
      required = true,
      paramLabel = "URI",
      description = "Where tenants reach the provider")
  String hostUri;

  @Option(names = "--region", required = true, paramLabel = "REGION")
  String region;

  @Option(
      names = "--gpu-model",
      required = true,
      paramLabel = "MODEL",
      description = "Lower-case slug, e.g. nvidia-h100-80gb")
  String gpuModel;

  @Option(
      names = "--vram-gib",
      required = true,
      paramLabel = "N",
      converter = Converters.U32.class,
      description = "VRAM per GPU, in GiB")
  int vramGib;

  @Option(
      names = "--gpu-count",
      required = true,
      paramLabel = "N",
      converter = Converters.U32.class)
  int gpuCount;

  @Option(names = "--interconnect", required = true, paramLabel = "pcie|nvlink|infiniband")
  Interconnect interconnect;

  @Option(
      names = "--cpu-millicores",
      required = true,
      paramLabel = "N",
      converter = Converters.U64.class)
  long cpuMillicores;

  @Option(
      names = "--memory-mib",
      required = true,
      paramLabel = "N",
      converter = Converters.U64.class)
  long memoryMib;

  @Option(
      names = "--storage-gib",
      required = true,
      paramLabel = "N",
      converter = Converters.U64.class)
  long storageGib;

  @Option(names = "--storage-class", required = true, paramLabel = "hdd|ssd|nvme")
  StorageClass storageClass;

  @Option(
      names = "--public-ips",
      defaultValue = "0",
      paramLabel = "N",
      converter = Converters.U32.class,
      description = "Public IPv4 addresses (default ${DEFAULT-VALUE})")
  int publicIps;

  @Option(
      names = "--label",
      paramLabel = "KEY=VALUE",
      description = "A free-form label (repeatable)")
  Map<String, String> labels = new LinkedHashMap<>();

  Attributes attributes() {
    return Attributes.newBuilder()
        .setGpuModel(gpuModel)
        .setVramGib(vramGib)
        .setGpuCount(gpuCount)
        .setInterconnect(interconnect)
        .setCpuMillicores(cpuMillicores)
        .setMemoryMib(memoryMib)
        .setStorageGib(storageGib)
        .setStorageClass(storageClass)
        .setPublicIps(publicIps)
        .build();
  }

  /** The labels in the order given. */
  List<Label> labels() {
    return labels.entrySet().stream()
        .map(label -> Label.newBuilder().setKey(label.getKey()).setValue(label.getValue()).build())
        .toList();
  }
}
