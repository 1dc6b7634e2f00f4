package io.leasechain.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.CommitResult;
import io.leasechain.client.tx.TxSigner;
import io.leasechain.ledger.market.proto.MsgCreateOrder;
import io.leasechain.ledger.market.proto.ResourceSpec;
import io.leasechain.ledger.tx.proto.Msg;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant that types its address in upper case (valid bech32) on a real chain: the order is its
 * own, and CometBFT's tx_search finds the order's event under the lower-case address that every
 * other event and query uses.
 */
@Timeout(120)
class UpperCaseAddressTest {

  private static final String CHAIN_ID = "leasechain-upper-case";

  @Test
  void anOrderPlacedInUpperCaseIsIndexedUnderTheCanonicalAddress(@TempDir Path temp)
      throws Exception {
    TestWallet wallet = new TestWallet(CHAIN_ID, 1, 77);
    String canonical = wallet.address(0).toBech32();
    try (LocalNode node =
        LocalNode.init(
            Binaries.fromSystemProperties(),
            temp.resolve("node"),
            CHAIN_ID,
            "upper-case",
            Duration.ofMillis(200))) {
      node.addGenesisAccount(wallet.address(0), 1_000_000_000L);
      node.start();
      node.awaitHeight(1, Duration.ofSeconds(60));
      CometRpcClient rpc = node.rpc();
      Msg order =
          Msg.newBuilder()
              .setCreateOrder(
                  MsgCreateOrder.newBuilder()
                      .setTenant(canonical.toUpperCase(Locale.ROOT))
                      .setSpec(ResourceSpec.newBuilder().setGpuUnits(1).setMinVramGib(24))
                      .setMaxPrice(1_000)
                      .setBidWindow(10)
                      .setDeposit(2_000_000))
              .build();
      byte[] tx =
          TxSigner.sign(
              List.of(order),
              List.of(new TxSigner.SignerAccount(wallet.key(0), 0)),
              TxSigner.Options.of(CHAIN_ID, 1_000, TestWallet.GAS_LIMIT));
      CommitResult result = rpc.broadcastTxCommit(tx);
      assertTrue(result.isOk(), () -> result.toString());
      Deadline.await(
          "tx_search to index the order",
          Duration.ofSeconds(30),
          () -> rpc.txSearch("order_created.tenant='" + canonical + "'", 1, 10).totalCount() == 1);
      assertEquals(
          0,
          rpc.txSearch("order_created.tenant='" + canonical.toUpperCase(Locale.ROOT) + "'", 1, 10)
              .totalCount(),
          "only the canonical spelling is indexed");
    }
  }
}
