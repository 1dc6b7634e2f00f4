package io.leasechain.testnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.client.LeasechainClient;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.CometRpcException;
import io.leasechain.client.rpc.CommitResult;
import io.leasechain.client.rpc.TxResult;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Hashes;
import io.leasechain.crypto.Hex;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the application process (never cometbft) with SIGKILL at seeded random heights while
 * transfers are being committed, and once through a failpoint that halts it after FinalizeBlock but
 * before Commit. After each restart the chain must go on, the app hash the node committed at every
 * height must equal the one in the next block header, and every transfer that broadcast_tx_commit
 * reported as committed must be there.
 */
class CrashRecoveryTest {

  private static final String CHAIN_ID = "leasechain-crash-test";
  private static final int SENDERS = 4;
  private static final int ACCOUNTS_PER_SENDER = 5;
  private static final int MIN_TRANSFERS = 200;
  private static final long INITIAL_BALANCE = 1_000_000_000L;
  private static final int MAX_TRANSFERS = 400;
  private static final long FEE = 250;
  private static final Duration RECOVERY = Duration.ofSeconds(120);

  /** One signed transfer and what its broadcast said. */
  private record Sent(byte[] tx, Address from, Address to, long amount, boolean confirmed) {}

  @Test
  void chainSurvivesKillsIncludingBetweenFinalizeBlockAndCommit(@TempDir Path temp)
      throws Exception {
    Binaries binaries = Binaries.fromSystemProperties();
    List<TestWallet> wallets = new ArrayList<>();
    for (int i = 0; i < SENDERS; i++) {
      wallets.add(new TestWallet(CHAIN_ID, ACCOUNTS_PER_SENDER, 11 + i));
    }
    List<Address> everyone =
        wallets.stream().flatMap(wallet -> wallet.addresses().stream()).toList();
    try (LocalNode node =
        LocalNode.init(
            binaries, temp.resolve("node"), CHAIN_ID, "crashy", Duration.ofMillis(200))) {
      for (Address address : everyone) {
        node.addGenesisAccount(address, INITIAL_BALANCE);
      }
      node.setRewards(TestRewards.FEES_TO_VALIDATORS);
      node.start();
      node.awaitHeight(2, Duration.ofSeconds(60));

      List<Sent> sent = java.util.Collections.synchronizedList(new ArrayList<>());
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> senderFailure = new AtomicReference<>();
      List<Thread> senders = new ArrayList<>();
      for (int i = 0; i < SENDERS; i++) {
        TestWallet wallet = wallets.get(i);
        long seed = 99 + i;
        Thread sender =
            new Thread(
                () -> {
                  try {
                    send(node, wallet, everyone, seed, sent, stop);
                  } catch (Throwable t) {
                    senderFailure.set(t);
                  }
                },
                "transfer-sender-" + i);
        sender.start();
        senders.add(sender);
      }

      Random random = new Random(2026);
      for (int kill = 0; kill < 3; kill++) {
        long at = node.height() + 4 + random.nextInt(10);
        node.awaitHeight(at, RECOVERY);
        node.killApp();
        node.start();
        node.awaitHeight(at + 2, RECOVERY);
      }

      // The failpoint: the next start halts inside Commit of a chosen height, before any write.
      long haltAt = node.height() + 3;
      node.killApp();
      node.start(Map.of("LEASECHAIN_FAILPOINT_HALT_BEFORE_COMMIT", Long.toString(haltAt)));
      assertEquals(86, node.awaitAppExit(RECOVERY), "the failpoint halted the application");
      assertTrue(
          node.appLog()
              .contains("halting at height " + haltAt + " after FinalizeBlock, before Commit"));
      node.start();
      node.awaitHeight(haltAt + 3, RECOVERY);

      Deadline.await(
          MIN_TRANSFERS + " transfers sent", RECOVERY, () -> sent.size() >= MIN_TRANSFERS);
      stop.set(true);
      for (Thread sender : senders) {
        sender.join(RECOVERY.toMillis());
        assertFalse(sender.isAlive(), "the sender stopped");
      }
      assertNull(senderFailure.get(), () -> "a sender failed: " + senderFailure.get());

      verify(node, everyone, sent);
    }
  }

  // Sends transfers one by one with broadcast_tx_commit until told to stop; a call that fails
  // because the node is down leaves its tx's fate unknown, and sequences are reloaded after it.
  private static void send(
      LocalNode node,
      TestWallet wallet,
      List<Address> everyone,
      long seed,
      List<Sent> sent,
      AtomicBoolean stop) {
    Random random = new Random(seed);
    CometRpcClient rpc = node.rpc();
    while (!stop.get() && sent.size() < MAX_TRANSFERS) {
      int from = random.nextInt(wallet.size());
      Address to = everyone.get(random.nextInt(everyone.size()));
      long amount = 1 + random.nextInt(100_000);
      byte[] tx = wallet.send(from, to, amount, FEE);
      boolean confirmed;
      try {
        CommitResult result = rpc.broadcastTxCommit(tx);
        confirmed = result.isOk();
        if (!confirmed && result.checkTx().code() != 0) {
          wallet.resync(node.client());
        }
      } catch (CometRpcException e) {
        confirmed = false;
        Deadline.await(
            "the node to answer again",
            RECOVERY,
            () -> {
              wallet.resync(node.client());
              return true;
            });
      }
      sent.add(new Sent(tx, wallet.address(from), to, amount, confirmed));
    }
  }

  private static void verify(LocalNode node, List<Address> everyone, List<Sent> sent) {
    CometRpcClient rpc = node.rpc();
    LeasechainClient client = node.client();
    Map<Address, Long> expected = new java.util.TreeMap<>();
    everyone.forEach(address -> expected.put(address, INITIAL_BALANCE));
    long fees = 0;
    int confirmed = 0;
    for (Sent transfer : sent) {
      TxResult result = committed(rpc, transfer.tx());
      if (transfer.confirmed()) {
        confirmed++;
        assertTrue(
            result != null && result.result().isOk(), "a transfer reported committed is on chain");
      }
      if (result == null) {
        continue;
      }
      fees += FEE;
      expected.merge(transfer.from(), -FEE, Long::sum);
      if (result.result().isOk()) {
        expected.merge(transfer.from(), -transfer.amount(), Long::sum);
        expected.merge(transfer.to(), transfer.amount(), Long::sum);
      }
    }
    assertTrue(
        confirmed >= 100, "enough transfers were committed around the crashes: " + confirmed);
    for (Address address : everyone) {
      assertEquals(
          expected.get(address), client.account(address).getBalance(), "balance of " + address);
    }
    try {
      assertEquals(fees, node.feesHeld(), "fees collected and paid to the validator");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertEquals(everyone.size() * INITIAL_BALANCE, client.supply(), "supply unchanged");

    long top = node.height();
    for (long height = 1; height < top; height++) {
      assertArrayEquals(
          rpc.block(height + 1).appHash(),
          client.appHashAt(height),
          "app hash committed after height " + height + " equals the next header's");
    }
    assertFalse(node.appLog().contains("invariants broken"), "no invariant broke");
  }

  private static TxResult committed(CometRpcClient rpc, byte[] tx) {
    try {
      return rpc.tx(Hashes.sha256(tx));
    } catch (CometRpcException e) {
      if (e.getMessage().contains("not found")) {
        return null;
      }
      throw new IllegalStateException("tx lookup failed for " + Hex.encode(Hashes.sha256(tx)), e);
    }
  }
}
