package io.leasechain.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.leasechain.client.rpc.AbciQueryResult;
import io.leasechain.client.rpc.BroadcastResult;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.CommitResult;
import io.leasechain.client.rpc.TxResult;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.crypto.Hashes;
import io.leasechain.ledger.authority.proto.AddValidator;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.authority.proto.RemoveValidator;
import io.leasechain.ledger.authority.proto.SetValidatorPower;
import io.leasechain.ledger.query.proto.ValidatorsResponse;
import io.leasechain.ledger.rewards.proto.Validator;
import io.leasechain.ledger.rewards.proto.ValidatorStatus;
import io.leasechain.ledger.tx.proto.Msg;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several council changes to one validator key in one block, on a real chain (one cometbft + node
 * with power 100; the keys changed belong to no running node and stay small, so the chain never
 * depends on them): add then remove, add then set power, set power then remove, remove then re-add,
 * two power changes, as several messages of one tx and as two txs of one block. After each, the
 * chain keeps making blocks and CometBFT's /validators two heights later (when it applies the
 * block's updates) equals the ledger's active set; finally the node restarts (the handshake replays
 * nothing it refused) and goes on.
 */
class ValidatorChangesInOneBlockNetworkTest {

  private static final String CHAIN_ID = "leasechain-validator-changes-test";
  private static final long NODE_POWER = 100;
  private static final long FEE = 1_000;
  private static final long FUNDS = 1_000_000_000L;
  private static final int C1 = 0, C2 = 1, C3 = 2;
  private static final Duration BLOCK_TIME = Duration.ofMillis(300);
  private static final Duration WAIT = Duration.ofSeconds(40);

  private final TestWallet wallet = new TestWallet(CHAIN_ID, 3, 23);
  private final byte[] x = phantom("x");
  private final byte[] y = phantom("y");

  private CometRpcClient rpc;
  private String nodeAddress;

  @Test
  void severalChangesToOneKeyInOneBlockKeepTheChainGoing(@TempDir Path temp) throws Exception {
    long began = System.nanoTime();
    try (LocalNetwork net =
        LocalNetwork.init(
            Binaries.fromSystemProperties(),
            temp,
            CHAIN_ID,
            List.of(NODE_POWER),
            BLOCK_TIME,
            first -> {
              for (int member : new int[] {C1, C2, C3}) {
                first.addGenesisAccount(wallet.address(member), FUNDS);
              }
              first.setCouncil(
                  List.of(wallet.address(C1), wallet.address(C2), wallet.address(C3)), 2);
            })) {
      LocalNode node = net.node(0);
      nodeAddress = hex(node.validatorKey().address().bytes());
      net.start();
      rpc = node.rpc();
      node.awaitHeight(2, Duration.ofSeconds(60));

      try {
        changeKeysInOneBlock();
      } catch (RuntimeException | AssertionError e) {
        String halt =
            node.cometLog()
                .lines()
                .filter(line -> line.contains("CONSENSUS FAILURE"))
                .map(line -> line.replaceFirst(" stack=.*", ""))
                .findFirst()
                .orElse(null);
        if (halt != null) {
          throw new AssertionError("the chain halted: " + halt, e);
        }
        throw e;
      }

      long before = node.height();
      net.stop(0);
      net.restart(0);
      long after = node.awaitHeight(before + 3, WAIT);
      assertEquals(expected(Map.of()), comet(after));
      assertEquals(expected(Map.of()), ledgerSet());
      assertTrue(node.isRunning());
      assertNull(net.brokenInvariants(), "no invariant broke");
    }
    System.out.printf(
        "ValidatorChangesInOneBlockNetworkTest took %d ms%n",
        (System.nanoTime() - began) / 1_000_000);
  }

  private void changeKeysInOneBlock() {
    // The regression: before the net rule, CometBFT got {x: 0} for a key it never had and
    // halted ("applying the validator changes would result in empty set").
    councilInOneTx("add x, remove x", add(x, 5), remove(x));
    assertEquals(
        ValidatorStatus.VALIDATOR_STATUS_REMOVED,
        ledgerRecord(x).getStatus(),
        "the ledger keeps x's record, removed");
    councilInOneTx("add x, set power x", add(x, 5), setPower(x, 7), Map.of(x, 7L));
    councilInOneTx("set power x, remove x", setPower(x, 3), remove(x));
    councilInOneTx("add x", add(x, 4), Map.of(x, 4L));
    councilInOneTx("remove x, add x with another power", remove(x), add(x, 6), Map.of(x, 6L));
    councilInOneTx("remove x, add x with the same power", remove(x), add(x, 6), Map.of(x, 6L));
    councilInOneTx(
        "set power x twice, back to where it was", setPower(x, 8), setPower(x, 6), Map.of(x, 6L));
    councilInOneTx("set power x to its power", setPower(x, 6), Map.of(x, 6L));
    twoTxsInOneBlock("add y; remove y", add(y, 2), remove(y), List.of(), Map.of(x, 6L));
    twoTxsInOneBlock(
        "add y; set power y", add(y, 2), setPower(y, 3), List.of(remove(y)), Map.of(x, 6L, y, 3L));
    twoTxsInOneBlock("remove y; add y", remove(y), add(y, 1), List.of(), Map.of(x, 6L, y, 1L));
    councilInOneTx("remove x, remove y", remove(x), remove(y));
  }

  private void councilInOneTx(String name, CouncilAction action, Map<byte[], Long> others) {
    councilInOneTx(name, List.of(action), others);
  }

  private void councilInOneTx(String name, CouncilAction first, CouncilAction second) {
    councilInOneTx(name, List.of(first, second), Map.of());
  }

  private void councilInOneTx(
      String name, CouncilAction first, CouncilAction second, Map<byte[], Long> others) {
    councilInOneTx(name, List.of(first, second), others);
  }

  /** One tx with one council proposal per action, each executed at once (2 of 3 sign). */
  private void councilInOneTx(String name, List<CouncilAction> actions, Map<byte[], Long> others) {
    assertSetsAgreeAfter(name, council(name, actions), others);
  }

  /** Commits one council tx carrying {@code actions}; returns its height. */
  private long council(String name, List<CouncilAction> actions) {
    List<Msg> msgs = new ArrayList<>();
    actions.forEach(action -> msgs.add(propose(action)));
    CommitResult result = rpc.broadcastTxCommit(wallet.sign(List.of(C1, C2), msgs, FEE));
    assertTrue(
        result.isOk(),
        () -> name + ": check " + result.checkTx().log() + " / deliver " + result.txResult().log());
    return result.height();
  }

  /**
   * Two council txs in one block: sent right after a commit, both reach the mempool well before the
   * next proposal (timeout_commit later). Should the machine stall and split them over two blocks,
   * {@code restore} undoes their effect and they are sent again.
   */
  private void twoTxsInOneBlock(
      String name,
      CouncilAction first,
      CouncilAction second,
      List<CouncilAction> restore,
      Map<byte[], Long> others) {
    for (int attempt = 0; attempt < 5; attempt++) {
      rpc.waitForHeight(rpc.status().latestBlockHeight() + 1, WAIT);
      BroadcastResult one =
          rpc.broadcastTxSync(wallet.sign(List.of(C1, C2), List.of(propose(first)), FEE));
      BroadcastResult two =
          rpc.broadcastTxSync(wallet.sign(List.of(C1, C2), List.of(propose(second)), FEE));
      assertTrue(one.isOk() && two.isOk(), name + ": " + one.log() + " / " + two.log());
      TxResult committedOne = committed(one);
      TxResult committedTwo = committed(two);
      assertTrue(
          committedOne.result().isOk() && committedTwo.result().isOk(),
          name + ": " + committedOne.result().log() + " / " + committedTwo.result().log());
      if (committedOne.height() == committedTwo.height()) {
        assertSetsAgreeAfter(name, committedOne.height(), others);
        return;
      }
      if (!restore.isEmpty()) {
        council(name + ", undone", restore);
      }
    }
    throw new AssertionError(name + ": the two txs never landed in one block");
  }

  private TxResult committed(BroadcastResult sent) {
    TxResult[] found = new TxResult[1];
    Deadline.await(
        "tx " + sent.hash() + " in a block",
        WAIT,
        () -> (found[0] = rpc.tx(HexFormat.of().parseHex(sent.hash()))) != null);
    return found[0];
  }

  /**
   * The chain goes on past {@code height} + 2, where CometBFT applies that block's updates; its set
   * there equals the ledger's (nothing else changes the set meanwhile), which is node0 plus {@code
   * others}.
   */
  private void assertSetsAgreeAfter(String name, long height, Map<byte[], Long> others) {
    long reached = rpc.waitForHeight(height + 3, WAIT);
    assertTrue(reached >= height + 3, name + ": the chain goes on");
    Map<String, Long> expected = expected(others);
    assertEquals(expected, comet(height + 2), name + ": CometBFT's set at " + (height + 2));
    assertEquals(expected, ledgerSet(), name + ": the ledger's active set");
  }

  private Map<String, Long> expected(Map<byte[], Long> others) {
    Map<String, Long> set = new TreeMap<>();
    set.put(nodeAddress, NODE_POWER);
    others.forEach((key, power) -> set.put(address(key), power));
    return set;
  }

  private Map<String, Long> comet(long height) {
    Map<String, Long> set = new TreeMap<>();
    rpc.validators(height).validators().forEach(v -> set.put(v.address(), v.votingPower()));
    return set;
  }

  private Map<String, Long> ledgerSet() {
    Map<String, Long> set = new TreeMap<>();
    for (Validator v : ledgerValidators()) {
      if (v.getStatus() == ValidatorStatus.VALIDATOR_STATUS_ACTIVE) {
        set.put(hex(v.getAddress().toByteArray()), v.getPower());
      }
    }
    return set;
  }

  private Validator ledgerRecord(byte[] key) {
    return ledgerValidators().stream()
        .filter(v -> hex(v.getAddress().toByteArray()).equals(address(key)))
        .findFirst()
        .orElseThrow();
  }

  private List<Validator> ledgerValidators() {
    AbciQueryResult result = rpc.abciQuery("/validators", new byte[0], 0, false);
    assertTrue(result.isOk(), result.log());
    try {
      return new ArrayList<>(ValidatorsResponse.parseFrom(result.value()).getValidatorsList());
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private Msg propose(CouncilAction action) {
    return MarketMsgs.council(wallet.address(C1), List.of(wallet.address(C2)), action);
  }

  private CouncilAction add(byte[] key, long power) {
    return CouncilAction.newBuilder()
        .setAddValidator(
            AddValidator.newBuilder()
                .setPublicKey(ByteString.copyFrom(key))
                .setPower(power)
                .setOperator(wallet.address(C3).toBech32()))
        .build();
  }

  private static CouncilAction setPower(byte[] key, long power) {
    return CouncilAction.newBuilder()
        .setSetValidatorPower(
            SetValidatorPower.newBuilder().setPublicKey(ByteString.copyFrom(key)).setPower(power))
        .build();
  }

  private static CouncilAction remove(byte[] key) {
    return CouncilAction.newBuilder()
        .setRemoveValidator(RemoveValidator.newBuilder().setPublicKey(ByteString.copyFrom(key)))
        .build();
  }

  /** A consensus key no node runs. */
  private static byte[] phantom(String name) {
    return Ed25519PrivateKey.fromSeed(
            Hashes.sha256(
                ("leasechain/phantom-validator/" + name).getBytes(StandardCharsets.UTF_8)))
        .publicKey()
        .bytes();
  }

  private static String address(byte[] key) {
    return hex(Ed25519PublicKey.of(key).address().bytes());
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().withUpperCase().formatHex(bytes);
  }
}
