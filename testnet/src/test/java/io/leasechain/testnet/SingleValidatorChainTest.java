package io.leasechain.testnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.client.LeasechainClient;
import io.leasechain.client.rpc.BroadcastResult;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.TxResult;
import io.leasechain.crypto.Hex;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real single-validator chain (cometbft + the node on RocksDB, invariants checked after every
 * block) under 240 signed transfers between 20 accounts, then a second node that replays the whole
 * chain from the first one's blocks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SingleValidatorChainTest {

  private static final String CHAIN_ID = "leasechain-load-test";
  private static final int ACCOUNTS = 20;
  private static final long INITIAL_BALANCE = 1_000_000_000L;
  private static final int TRANSFERS = 240;
  private static final long FEE = 250;

  private final Binaries binaries = Binaries.fromSystemProperties();
  private final TestWallet wallet = new TestWallet(CHAIN_ID, ACCOUNTS, 7);
  private final long[] expected = new long[ACCOUNTS];
  private LocalNode validator;
  private LocalNode follower;
  private long feesPaid;
  private Path temp;

  @BeforeAll
  void runLoad(@TempDir Path temp) throws Exception {
    this.temp = temp;
    validator =
        LocalNode.init(
            binaries, temp.resolve("validator"), CHAIN_ID, "validator", Duration.ofMillis(200));
    for (int i = 0; i < ACCOUNTS; i++) {
      validator.addGenesisAccount(wallet.address(i), INITIAL_BALANCE);
      expected[i] = INITIAL_BALANCE;
    }
    validator.setRewards(TestRewards.FEES_TO_VALIDATORS);
    validator.start();
    validator.awaitHeight(2, Duration.ofSeconds(60));

    CometRpcClient rpc = validator.rpc();
    Random random = new Random(42);
    List<String> hashes = new ArrayList<>();
    for (int n = 0; n < TRANSFERS; n++) {
      int from = random.nextInt(ACCOUNTS);
      int to = random.nextInt(ACCOUNTS);
      long amount = 1 + random.nextInt(1_000_000);
      BroadcastResult result =
          rpc.broadcastTxSync(wallet.send(from, wallet.address(to), amount, FEE));
      assertEquals(0, result.code(), () -> "CheckTx rejected transfer: " + result.log());
      hashes.add(result.hash());
      expected[from] -= amount + FEE;
      expected[to] += amount;
      feesPaid += FEE;
    }
    for (String hash : hashes) {
      Deadline.await(
          "tx " + hash + " to be committed",
          Duration.ofSeconds(60),
          () -> {
            TxResult tx = rpc.tx(HexFormat.of().parseHex(hash));
            assertEquals(
                0, tx.result().code(), () -> "tx " + hash + " failed: " + tx.result().log());
            return true;
          });
    }
  }

  @AfterAll
  void stopNodes() throws Exception {
    if (follower != null) {
      follower.close();
    }
    if (validator != null) {
      validator.close();
    }
  }

  @Test
  void everyBalanceMatchesAndSupplyIsConserved() throws Exception {
    LeasechainClient client = validator.client();
    long sum = 0;
    for (int i = 0; i < ACCOUNTS; i++) {
      long balance = client.account(wallet.address(i)).getBalance();
      assertEquals(expected[i], balance, "balance of account " + i);
      assertEquals(
          wallet.sequence(i),
          client.account(wallet.address(i)).getSequence(),
          "sequence of account " + i);
      sum += balance;
    }
    assertEquals(
        ACCOUNTS * INITIAL_BALANCE - feesPaid, sum, "accounts hold the genesis total minus fees");
    assertEquals(feesPaid, validator.feesHeld(), "fees collected and paid to the validator");
    assertEquals(ACCOUNTS * INITIAL_BALANCE, client.supply(), "total supply is unchanged");

    // The node checks every invariant after each Commit and halts if one breaks: blocks go on.
    long height = validator.height();
    validator.awaitHeight(height + 2, Duration.ofSeconds(30));
    assertFalse(validator.appLog().contains("invariants broken"), "no invariant broke");
  }

  @Test
  void followerReplaysTheChainToTheSameAppHashAtEveryHeight() throws Exception {
    follower =
        LocalNode.init(
            binaries, temp.resolve("follower"), CHAIN_ID, "follower", Duration.ofMillis(200));
    follower.follow(validator);
    follower.start();
    long target = validator.height();
    follower.awaitHeight(target, Duration.ofSeconds(120));

    LeasechainClient original = validator.client();
    LeasechainClient replayed = follower.client();
    CometRpcClient rpc = validator.rpc();
    for (long height = 1; height < target; height++) {
      byte[] header = rpc.block(height + 1).appHash();
      assertArrayEquals(
          header, original.appHashAt(height), "validator's app hash after height " + height);
      assertArrayEquals(
          header,
          replayed.appHashAt(height),
          "follower's app hash after height "
              + height
              + " ("
              + Hex.encode(replayed.appHashAt(height))
              + ")");
    }
    assertTrue(target > 5, "the replayed chain has blocks with transactions");
  }
}
