package io.leasechain.node.cli.market;

import static io.leasechain.node.cli.market.Cli.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.escrow.proto.MsgTopUpEscrow;
import io.leasechain.ledger.escrow.proto.MsgWithdrawLease;
import io.leasechain.ledger.market.proto.MsgAcceptBids;
import io.leasechain.ledger.market.proto.MsgCreateBid;
import io.leasechain.ledger.market.proto.MsgCreateOrder;
import io.leasechain.ledger.market.proto.MsgWithdrawBid;
import io.leasechain.ledger.market.proto.ResourceSpec;
import io.leasechain.ledger.provider.proto.Interconnect;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `tx market …` and `tx escrow …` signed offline. */
class MarketTxCliTest {

  @TempDir Path home;
  Cli cli;
  Ed25519PrivateKey tenant;
  Ed25519PrivateKey gpuco;
  Ed25519PrivateKey auditor;

  @BeforeEach
  void keys() {
    cli = new Cli(home);
    tenant = cli.addKey("tenant", 1);
    gpuco = cli.addKey("gpuco", 2);
    auditor = cli.addKey("auditor", 3);
  }

  @Test
  void createOrderMapsEveryFlag() throws Exception {
    MsgCreateOrder order =
        cli.offline(
                "tx",
                "market",
                "create-order",
                "tenant",
                "--gpu-units",
                "16",
                "--gpu-model",
                "nvidia-h100-80gb",
                "--gpu-model",
                "nvidia-h200-141gb",
                "--min-vram-gib",
                "80",
                "--interconnect",
                "infiniband",
                "--cpu-millicores-per-unit",
                "16000",
                "--memory-mib-per-unit",
                "131072",
                "--storage-gib-per-unit",
                "960",
                "--public-ips",
                "2",
                "--region",
                "us-east",
                "--required-auditor",
                "auditor",
                "--max-price",
                "1500000000",
                "--bid-window",
                "20",
                "--duration",
                "7200",
                "--allow-split",
                "--min-units-per-provider",
                "8",
                "--deposit",
                "250lease")
            .msg()
            .getCreateOrder();
    assertEquals(address(tenant), order.getTenant());
    assertEquals(
        ResourceSpec.newBuilder()
            .setGpuUnits(16)
            .addGpuModels("nvidia-h100-80gb")
            .addGpuModels("nvidia-h200-141gb")
            .setMinVramGib(80)
            .setInterconnect(Interconnect.INTERCONNECT_INFINIBAND)
            .setCpuMillicoresPerUnit(16_000)
            .setMemoryMibPerUnit(131_072)
            .setStorageGibPerUnit(960)
            .setPublicIps(2)
            .setRegion("us-east")
            .build(),
        order.getSpec());
    assertEquals(address(auditor), order.getRequiredAuditor());
    assertEquals(1_500_000_000L, order.getMaxPrice());
    assertEquals(20, order.getBidWindow());
    assertEquals(7200, order.getDuration());
    assertTrue(order.getAllowSplit());
    assertEquals(8, order.getMinUnitsPerProvider());
    assertEquals(250_000_000L, order.getDeposit());
  }

  @Test
  void createOrderDefaultsMeanAny() throws Exception {
    MsgCreateOrder order =
        cli.offline(
                "tx",
                "market",
                "create-order",
                "tenant",
                "--gpu-units",
                "1",
                "--max-price",
                "10",
                "--bid-window",
                "5",
                "--deposit",
                "1000ulease")
            .msg()
            .getCreateOrder();
    assertEquals(ResourceSpec.newBuilder().setGpuUnits(1).build(), order.getSpec());
    assertEquals(Interconnect.INTERCONNECT_UNSPECIFIED, order.getSpec().getInterconnect());
    assertEquals("", order.getRequiredAuditor());
    assertEquals(0, order.getDuration());
    assertFalse(order.getAllowSplit());
    assertEquals(1000, order.getDeposit());

    cli.offline(
            "tx",
            "market",
            "create-order",
            "tenant",
            "--gpu-units",
            "1",
            "--max-price",
            "10",
            "--bid-window",
            "5")
        .fails("--deposit");
    cli.offline(
            "tx",
            "market",
            "create-order",
            "tenant",
            "--gpu-units",
            "1",
            "--max-price",
            "10",
            "--bid-window",
            "5",
            "--deposit",
            "1ulease",
            "--interconnect",
            "unspecified")
        .fails("pcie, nvlink, infiniband");
  }

  @Test
  void bidsAndLeases() throws Exception {
    MsgCreateBid bid =
        cli.offline(
                "tx",
                "market",
                "bid",
                "gpuco",
                "42",
                "--gpu-units",
                "8",
                "--price",
                "1200000000",
                "--deposit",
                "10lease")
            .msg()
            .getCreateBid();
    assertEquals(
        MsgCreateBid.newBuilder()
            .setProvider(address(gpuco))
            .setOrderId(42)
            .setGpuUnits(8)
            .setPrice(1_200_000_000L)
            .setDeposit(10_000_000L)
            .build(),
        bid);

    assertEquals(
        MsgWithdrawBid.newBuilder().setProvider(address(gpuco)).setOrderId(42).setBidId(3).build(),
        cli.offline("tx", "market", "withdraw-bid", "gpuco", "42", "3").msg().getWithdrawBid());

    MsgAcceptBids accept =
        cli.offline("tx", "market", "accept-bids", "tenant", "42", "3", "1", "7")
            .msg()
            .getAcceptBids();
    assertEquals(address(tenant), accept.getTenant());
    assertEquals(42, accept.getOrderId());
    assertEquals(List.of(3L, 1L, 7L), accept.getBidIdsList());
    cli.offline("tx", "market", "accept-bids", "tenant", "42").fails("BID_ID");

    // uint64 ids: the full range, never a minus sign.
    var close =
        cli.offline("tx", "market", "close-lease", "gpuco", "18446744073709551615")
            .msg()
            .getCloseLease();
    assertEquals(address(gpuco), close.getSender());
    assertEquals("18446744073709551615", Long.toUnsignedString(close.getLeaseId()));
    cli.offline("tx", "market", "close-lease", "gpuco", "18446744073709551616")
        .fails("18446744073709551615");
    cli.offline("tx", "market", "close-lease", "gpuco", "lease-1").fails("whole number");

    var closeOrder =
        cli.offline("tx", "market", "close-order", "tenant", "42").msg().getCloseOrder();
    assertEquals(address(tenant), closeOrder.getTenant());
    assertEquals(42, closeOrder.getOrderId());
  }

  @Test
  void escrow() throws Exception {
    assertEquals(
        MsgTopUpEscrow.newBuilder()
            .setOwner(address(tenant))
            .setOrderId(42)
            .setAmount(1_500_000)
            .build(),
        cli.offline("tx", "escrow", "top-up", "tenant", "42", "1.5lease").msg().getTopUpEscrow());
    assertEquals(
        MsgWithdrawLease.newBuilder().setProvider(address(gpuco)).setLeaseId(9).build(),
        cli.offline("tx", "escrow", "withdraw", "gpuco", "9").msg().getWithdrawLease());
    cli.offline("tx", "escrow", "top-up", "tenant", "42", "0.0000001lease")
        .fails("more than 6 decimals");
  }

  @Test
  void everyMarketTxCarriesTheSignOptions() throws Exception {
    Cli.Result result =
        cli.run(
            "tx",
            "escrow",
            "withdraw",
            "gpuco",
            "9",
            "--offline",
            "--chain-id",
            "c",
            "--sequence",
            "12",
            "--fees",
            "900ulease",
            "--gas",
            "150000",
            "--memo",
            "payday",
            "-o",
            "json");
    assertEquals("payday", result.body().getMemo());
    assertEquals(12, result.authInfo().getSigners(0).getSequence());
    assertEquals(900, result.authInfo().getFee().getAmount());
    assertEquals(150_000, result.authInfo().getFee().getGasLimit());
    Cli.Result text =
        cli.run(
                "tx",
                "escrow",
                "withdraw",
                "gpuco",
                "9",
                "--offline",
                "--chain-id",
                "c",
                "--sequence",
                "12")
            .ok();
    assertTrue(text.out().startsWith("tx: "), text.out());
  }
}
