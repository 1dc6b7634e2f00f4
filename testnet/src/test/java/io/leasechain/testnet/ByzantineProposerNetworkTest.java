package io.leasechain.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.leasechain.client.LeasechainClient;
import io.leasechain.client.rpc.BlockResults;
import io.leasechain.client.rpc.BroadcastResult;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.CometRpcException;
import io.leasechain.client.rpc.TxOutcome;
import io.leasechain.crypto.Hashes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One validator of four is byzantine: started with the failpoint
 * LEASECHAIN_FAILPOINT_BYZANTINE_PROPOSER, every block it proposes also carries txs a correct
 * proposer never includes (a bad signature, a wrong sequence, an oversized tx, a zero fee,
 * undecodable bytes). The three others refuse those blocks in ProcessProposal, the round moves on
 * to the next proposer, the chain goes on, and no block commits anything but the valid transfers
 * the test sent, each once, with code 0.
 */
@Timeout(420)
class ByzantineProposerNetworkTest {

  private static final String CHAIN_ID = "leasechain-byzantine";
  private static final int BYZANTINE = 3;
  private static final int ACCOUNTS = 4;
  private static final long BALANCE = 1_000_000_000L;
  private static final long FEE = 250;
  private static final int MIN_TRANSFERS = 16;
  private static final int MIN_BYZANTINE_PROPOSALS = 3;
  private static final Duration WAIT = Duration.ofSeconds(180);

  private final Binaries binaries = Binaries.fromSystemProperties();
  private final TestWallet wallet = new TestWallet(CHAIN_ID, ACCOUNTS, 4_004);

  @Test
  void honestValidatorsRefuseTheByzantineProposalsAndTheChainGoesOn(@TempDir Path temp)
      throws Exception {
    try (LocalNetwork net =
        LocalNetwork.init(
            binaries,
            temp,
            CHAIN_ID,
            List.of(10L, 10L, 10L, 10L),
            Duration.ofMillis(300),
            first -> {
              for (int i = 0; i < ACCOUNTS; i++) {
                first.addGenesisAccount(wallet.address(i), BALANCE);
              }
            })) {
      for (int i = 0; i < net.validators().size(); i++) {
        net.node(i)
            .start(
                i == BYZANTINE
                    ? Map.of("LEASECHAIN_FAILPOINT_BYZANTINE_PROPOSER", "true")
                    : Map.of());
      }
      CometRpcClient rpc = net.node(0).rpc();
      // Transfers go to every node in turn: each must answer RPC first (3 of 4 make blocks
      // without a node that is still starting).
      for (LocalNode node : net.validators()) {
        node.awaitHeight(1, WAIT);
      }

      // A transfer per block flows through every node in turn (the byzantine one too: its CheckTx
      // is honest) until the byzantine node has proposed several blocks.
      Map<ByteString, Integer> sent = new HashMap<>();
      long[] balances = new long[ACCOUNTS];
      java.util.Arrays.fill(balances, BALANCE);
      long[] lastSendHeight = {0};
      Deadline.await(
          "the byzantine validator to propose " + MIN_BYZANTINE_PROPOSALS + " blocks",
          WAIT,
          () -> {
            long height = rpc.status().latestBlockHeight();
            if (height > lastSendHeight[0] && sent.size() < 4 * MIN_TRANSFERS) {
              lastSendHeight[0] = height;
              int n = sent.size();
              int from = n % ACCOUNTS;
              int to = (n + 1) % ACCOUNTS;
              long amount = 1_000 + n;
              byte[] tx = wallet.send(from, wallet.address(to), amount, FEE);
              BroadcastResult result;
              try {
                result = net.node(n % 4).rpc().broadcastTxSync(tx);
              } catch (RuntimeException e) {
                throw new AssertionError("transfer " + n + " could not be sent", e);
              }
              assertTrue(result.isOk(), () -> "transfer " + n + " refused: " + result.log());
              sent.put(ByteString.copyFrom(tx), n);
              balances[from] -= amount + FEE;
              balances[to] += amount;
            }
            return sent.size() >= MIN_TRANSFERS
                && byzantineProposals(net) >= MIN_BYZANTINE_PROPOSALS;
          });
      for (ByteString tx : sent.keySet()) {
        awaitCommitted(rpc, tx.toByteArray());
      }

      long last = rpc.status().latestBlockHeight();
      Set<ByteString> committed = new HashSet<>();
      List<String> failures = new ArrayList<>();
      for (long h = 1; h <= last; h++) {
        List<byte[]> txs = rpc.block(h).txs();
        BlockResults results = rpc.blockResults(h);
        for (int i = 0; i < txs.size(); i++) {
          ByteString tx = ByteString.copyFrom(txs.get(i));
          TxOutcome outcome = results.txResults().get(i);
          if (!sent.containsKey(tx)) {
            failures.add("height " + h + " tx " + i + " was never sent by the test");
          }
          if (!committed.add(tx)) {
            failures.add("height " + h + " tx " + i + " committed twice");
          }
          if (!outcome.isOk()) {
            failures.add("height " + h + " tx " + i + " has code " + outcome.code());
          }
        }
      }
      assertEquals(List.of(), failures);
      assertEquals(sent.keySet(), committed, "every transfer committed");

      LeasechainClient client = net.node(0).client();
      for (int i = 0; i < ACCOUNTS; i++) {
        assertEquals(balances[i], client.account(wallet.address(i)).getBalance(), "account " + i);
        assertEquals(
            wallet.sequence(i), client.account(wallet.address(i)).getSequence(), "account " + i);
      }
      long refusals = 0;
      for (int i = 0; i < net.validators().size(); i++) {
        if (i != BYZANTINE) {
          refusals += count(net.node(i).appLog(), "ProcessProposal: rejecting block");
        }
      }
      assertTrue(refusals >= MIN_BYZANTINE_PROPOSALS, refusals + " refusals by honest nodes");
      // The chain went on past the byzantine proposals.
      net.node(0).awaitHeight(last + 2, WAIT);
      for (LocalNode node : net.all()) {
        assertTrue(node.isRunning(), node.home() + " is still running");
      }
      assertNull(net.brokenInvariants(), "no invariant broke on any node");
      System.out.printf(
          "%d transfers over %d heights; %d byzantine proposals, %d refusals%n",
          sent.size(), last, byzantineProposals(net), refusals);
    }
  }

  private static long byzantineProposals(LocalNetwork net) {
    return count(
        net.node(BYZANTINE).appLog(), "LEASECHAIN_FAILPOINT_BYZANTINE_PROPOSER: proposing");
  }

  private static long count(String log, String needle) {
    return log.lines().filter(line -> line.contains(needle)).count();
  }

  private static void awaitCommitted(CometRpcClient rpc, byte[] tx) {
    byte[] hash = Hashes.sha256(tx);
    Deadline.await(
        "a transfer to be committed",
        WAIT,
        () -> {
          try {
            rpc.tx(hash);
            return true;
          } catch (CometRpcException e) {
            return false;
          }
        });
  }
}
