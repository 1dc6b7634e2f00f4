package io.leasechain.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.client.LeasechainClient;
import io.leasechain.client.rpc.BroadcastResult;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.CometRpcException;
import io.leasechain.client.rpc.TxResult;
import io.leasechain.crypto.Hashes;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.authority.proto.MsgCouncilPropose;
import io.leasechain.ledger.authority.proto.SetParams;
import io.leasechain.ledger.bank.proto.MsgSend;
import io.leasechain.ledger.tx.TxError;
import io.leasechain.ledger.tx.TxParamsRules;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.ledger.tx.proto.TxParams;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regressions of the hardening issue on a real chain (cometbft + node): a malleated copy of a
 * signed tx is refused by CheckTx and the original still goes through; and a block holding a
 * council SetParams that raises max_tx_bytes followed by a tx only that raise makes valid no longer
 * stalls the chain.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class ProposalRulesChainTest {

  private static final String CHAIN_ID = "leasechain-proposal-rules";
  private static final long BALANCE = 1_000_000_000L;
  private static final long FEE = 250;
  private static final int OLD_MAX_TX_BYTES = 4_096;
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final Binaries binaries = Binaries.fromSystemProperties();
  // 0 and 1: the council; 2: the big tx's sender; 3: the malleated tx's sender, apart so that
  // neither test's txs can change the other's sequences.
  private final TestWallet wallet = new TestWallet(CHAIN_ID, 4, 77);
  private LocalNode node;
  private CometRpcClient rpc;
  private LeasechainClient client;

  @BeforeAll
  void startChain(@TempDir Path temp) throws Exception {
    // A long enough block time that two txs broadcast back to back land in one block.
    node =
        LocalNode.init(
            binaries, temp.resolve("node"), CHAIN_ID, "proposal-rules", Duration.ofSeconds(2));
    node.addGenesisAccounts(wallet, BALANCE);
    node.setCouncil(List.of(wallet.address(0), wallet.address(1)), 2);
    node.setParams(
        "tx",
        TxParamsRules.DEFAULTS.toBuilder().setMaxTxBytes(OLD_MAX_TX_BYTES).setMaxMsgs(64).build());
    node.start();
    node.awaitHeight(1, WAIT);
    rpc = node.rpc();
    client = node.client();
  }

  @AfterAll
  void stopChain() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void malleatedCopyOfASignedTxIsRefusedAndTheOriginalStillWorks() {
    long before = client.account(wallet.address(3)).getBalance();
    byte[] original = wallet.send(3, wallet.address(0), 1_000, FEE);
    byte[] malleated = Arrays.copyOf(original, original.length + 2);
    malleated[original.length] = 0x78; // field 15, varint: outside the signed bytes
    malleated[original.length + 1] = 0x01;

    BroadcastResult refused = rpc.broadcastTxSync(malleated);
    assertEquals(
        TxError.CODESPACE + "/" + TxError.NON_CANONICAL_ENCODING.code(),
        refused.codespace() + "/" + refused.code(),
        refused.log());

    TxResult committed = await(original, rpc.broadcastTxSync(original));
    assertTrue(committed.result().isOk(), committed.result().log());
    assertEquals(before - 1_000 - FEE, client.account(wallet.address(3)).getBalance());
  }

  @Test
  void setParamsRaisingMaxTxBytesAndABigTxInOneBlockDoNotStallTheChain() {
    TxParams raised =
        TxParamsRules.DEFAULTS.toBuilder()
            .setMaxTxBytes(4 * OLD_MAX_TX_BYTES)
            .setMaxMsgs(64)
            .build();
    Msg setParams =
        Msg.newBuilder()
            .setCouncilPropose(
                MsgCouncilPropose.newBuilder()
                    .setProposer(wallet.address(0).toBech32())
                    .addCoSigners(wallet.address(1).toBech32())
                    .setAction(
                        CouncilAction.newBuilder()
                            .setSetParams(SetParams.newBuilder().setTx(raised))))
            .build();
    List<Msg> sends = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      sends.add(
          Msg.newBuilder()
              .setSend(
                  MsgSend.newBuilder()
                      .setFrom(wallet.address(2).toBech32())
                      .setTo(wallet.address(1).toBech32())
                      .setAmount(1 + i))
              .build());
    }
    wallet.resync(client);
    byte[] council = wallet.sign(List.of(0, 1), List.of(setParams), FEE);
    // 60 messages need about 700,000 gas: 1,000 ulease covers 1,000,000 at the default price.
    byte[] big = wallet.sign(List.of(2), sends, 1_000, 1_000_000);
    assertTrue(big.length > OLD_MAX_TX_BYTES, big.length + " bytes");

    BroadcastResult councilSent = rpc.broadcastTxSync(council);
    BroadcastResult bigSent = rpc.broadcastTxSync(big);
    assertTrue(councilSent.isOk(), councilSent.log());
    assertTrue(bigSent.isOk(), "CheckTx sees the raised limit: " + bigSent.log());

    TxResult councilTx = await(council, councilSent);
    TxResult bigTx = await(big, bigSent);
    assertEquals(councilTx.height(), bigTx.height(), "both txs in one block (test precondition)");
    assertTrue(councilTx.result().isOk(), councilTx.result().log());
    assertTrue(bigTx.result().isOk(), bigTx.result().log());
    node.awaitHeight(bigTx.height() + 3, WAIT);
  }

  /** Waits (bounded: the stalled chain of the issue never commits them) for a tx's block. */
  private TxResult await(byte[] tx, BroadcastResult sent) {
    assertTrue(sent.isOk(), sent.log());
    byte[] hash = Hashes.sha256(tx);
    TxResult[] found = new TxResult[1];
    Deadline.await(
        "tx " + sent.hash() + " to be committed",
        WAIT,
        () -> {
          try {
            found[0] = rpc.tx(hash);
            return true;
          } catch (CometRpcException e) {
            return false;
          }
        });
    return found[0];
  }
}
