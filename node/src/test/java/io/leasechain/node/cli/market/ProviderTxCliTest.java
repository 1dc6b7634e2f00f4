package io.leasechain.node.cli.market;

import static io.leasechain.node.cli.market.Cli.address;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.provider.proto.Attributes;
import io.leasechain.ledger.provider.proto.Interconnect;
import io.leasechain.ledger.provider.proto.Label;
import io.leasechain.ledger.provider.proto.MsgAttestProvider;
import io.leasechain.ledger.provider.proto.MsgRegisterProvider;
import io.leasechain.ledger.provider.proto.MsgUpdateProvider;
import io.leasechain.ledger.provider.proto.StorageClass;
import io.leasechain.ledger.tx.proto.Msg;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `tx provider …` signed offline: every flag lands in the right field of the message. */
class ProviderTxCliTest {

  @TempDir Path home;
  Cli cli;
  Ed25519PrivateKey gpuco;
  Ed25519PrivateKey auditor;

  private static final List<String> OFFER =
      List.of(
          "--host-uri",
          "https://gpu.example.com:8443",
          "--region",
          "eu-west",
          "--gpu-model",
          "nvidia-h100-80gb",
          "--vram-gib",
          "80",
          "--gpu-count",
          "8",
          "--interconnect",
          "nvlink",
          "--cpu-millicores",
          "128000",
          "--memory-mib",
          "1048576",
          "--storage-gib",
          "7680",
          "--storage-class",
          "NVME",
          "--public-ips",
          "4",
          "--label",
          "tier=gold",
          "--label",
          "dc=ams-1=b");

  private static final Attributes EXPECTED_ATTRIBUTES =
      Attributes.newBuilder()
          .setGpuModel("nvidia-h100-80gb")
          .setVramGib(80)
          .setGpuCount(8)
          .setInterconnect(Interconnect.INTERCONNECT_NVLINK)
          .setCpuMillicores(128_000)
          .setMemoryMib(1_048_576)
          .setStorageGib(7680)
          .setStorageClass(StorageClass.STORAGE_CLASS_NVME)
          .setPublicIps(4)
          .build();

  private static final List<Label> EXPECTED_LABELS =
      List.of(
          Label.newBuilder().setKey("tier").setValue("gold").build(),
          Label.newBuilder().setKey("dc").setValue("ams-1=b").build());

  @BeforeEach
  void keys() {
    cli = new Cli(home);
    gpuco = cli.addKey("gpuco", 1);
    auditor = cli.addKey("auditor", 2);
  }

  private static String[] args(List<String> head, List<String> tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(tail);
    return all.toArray(String[]::new);
  }

  @Test
  void registerMapsEveryFlag() throws Exception {
    Msg msg =
        cli.offline(
                args(
                    List.of("tx", "provider", "register", "gpuco", "--bond", "2500.5lease"), OFFER))
            .msg();
    MsgRegisterProvider register = msg.getRegisterProvider();
    assertEquals(Msg.SumCase.REGISTER_PROVIDER, msg.getSumCase());
    assertEquals(address(gpuco), register.getOwner());
    assertEquals("https://gpu.example.com:8443", register.getHostUri());
    assertEquals("eu-west", register.getRegion());
    assertEquals(EXPECTED_ATTRIBUTES, register.getAttributes());
    assertEquals(EXPECTED_LABELS, register.getLabelsList());
    assertEquals(2_500_500_000L, register.getBond());
  }

  @Test
  void updateReplacesTheOfferWithoutABond() throws Exception {
    MsgUpdateProvider update =
        cli.offline(args(List.of("tx", "provider", "update", "gpuco"), OFFER))
            .msg()
            .getUpdateProvider();
    assertEquals(address(gpuco), update.getOwner());
    assertEquals(EXPECTED_ATTRIBUTES, update.getAttributes());
    assertEquals(EXPECTED_LABELS, update.getLabelsList());
    cli.offline(args(List.of("tx", "provider", "update", "gpuco", "--bond", "1"), OFFER))
        .fails("--bond");
  }

  @Test
  void retireAndAttest() throws Exception {
    assertEquals(
        address(gpuco),
        cli.offline("tx", "provider", "retire", "gpuco").msg().getRetireProvider().getOwner());

    // The provider by key name or by address; attributes repeated or comma-separated.
    for (String provider : List.of("gpuco", address(gpuco))) {
      MsgAttestProvider attest =
          cli.offline(
                  "tx",
                  "provider",
                  "attest",
                  "auditor",
                  provider,
                  "--attribute",
                  "gpu_model",
                  "--attribute",
                  "vram_gib,interconnect")
              .msg()
              .getAttestProvider();
      assertEquals(address(auditor), attest.getAuditor());
      assertEquals(address(gpuco), attest.getProvider());
      assertEquals(List.of("gpu_model", "vram_gib", "interconnect"), attest.getAttributeKeysList());
    }
  }

  @Test
  void refusesWhatTheLedgerCouldNotMeanToReceive() {
    List<String> register = List.of("tx", "provider", "register", "gpuco", "--bond", "1000lease");
    List<String> badInterconnect = new ArrayList<>(OFFER);
    badInterconnect.set(badInterconnect.indexOf("nvlink"), "ethernet");
    cli.offline(args(register, badInterconnect)).fails("pcie, nvlink, infiniband");
    List<String> negative = new ArrayList<>(OFFER);
    negative.set(negative.indexOf("80"), "-80");
    cli.offline(args(register, negative)).fails("--vram-gib");
    List<String> badLabel = new ArrayList<>(OFFER);
    badLabel.set(badLabel.indexOf("tier=gold"), "tier");
    cli.offline(args(register, badLabel)).fails("--label");
    cli.offline(args(List.of("tx", "provider", "register", "gpuco"), OFFER)).fails("--bond");
    cli.offline(args(register, OFFER.subList(2, OFFER.size()))).fails("--host-uri");
    cli.offline("tx", "provider", "attest", "auditor", "gpuco", "--attribute", "price")
        .fails("gpu_model, vram_gib");
    cli.offline("tx", "provider", "attest", "auditor", "nobody", "--attribute", "vram_gib")
        .fails("nobody");
    cli.offline("tx", "provider", "retire", "nobody").fails("no key named");
  }
}
