package io.leasechain.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.leasechain.client.LeasechainClient;
import io.leasechain.client.rpc.AbciQueryResult;
import io.leasechain.client.rpc.Block;
import io.leasechain.client.rpc.BlockResults;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.Event;
import io.leasechain.client.rpc.Validators;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.ledger.authority.proto.AddValidator;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.authority.proto.RemoveValidator;
import io.leasechain.ledger.bank.proto.Account;
import io.leasechain.ledger.query.proto.SupplyResponse;
import io.leasechain.ledger.query.proto.ValidatorsResponse;
import io.leasechain.ledger.rewards.RewardsParamsRules;
import io.leasechain.ledger.rewards.proto.EmissionState;
import io.leasechain.ledger.rewards.proto.RewardsParams;
import io.leasechain.ledger.rewards.proto.Validator;
import io.leasechain.ledger.rewards.proto.ValidatorStatus;
import io.leasechain.ledger.tx.proto.Msg;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The validator-set issue on a real 4-validator network (four cometbft + four nodes on loopback,
 * every invariant checked after every block by every node), with powers 10, 20, 30 and 40 and a
 * 2-of-3 council: rewards land on the signing validators, each its power's share of the whole set;
 * a validator stopped for some blocks earns nothing for them (nor do the others gain its share);
 * the council adds a fifth validator, which starts signing and earning, and removes the smallest
 * one, which stops.
 *
 * <p>Exactness: a background thread records the observer node's {@code /validators} answer keyed by
 * the height abci_query reports (the app answers queries under the same lock as Commit, so the
 * answer is the state after exactly that block). Afterwards the expected rewards_earned and
 * blocks_signed at every recorded height are recomputed from the chain's own blocks: each block's
 * last-commit signatures, the CometBFT validator set (powers) of the previous height, the emission
 * schedule, the fees of the txs this test sent, and the heights at which the council's changes
 * executed. Every recorded height must match exactly; so must each block's "rewards" event, and at
 * the end each operator's balance, the minted total and the supply, queried at one pinned height.
 */
class ValidatorSetNetworkTest {

  private static final String CHAIN_ID = "leasechain-validator-set-test";
  private static final List<Long> POWERS = List.of(10L, 20L, 30L, 40L);
  private static final long FIFTH_POWER = 10;
  private static final long EMISSION = 1_000_000;
  private static final long VALIDATOR_BPS = 6_000;
  private static final long PROVIDER_BPS = 3_000;
  private static final long FEE = 1_000;
  private static final long FUNDS = 1_000_000_000L;
  private static final int C1 = 0, C2 = 1, C3 = 2, FIFTH_OPERATOR = 3;

  /**
   * Node 0 (power 10) is removed by the council, node 1 (power 20) is stopped for a while, node 3
   * is observed.
   */
  private static final int REMOVED = 0, STOPPED = 1, OBSERVER = 3;

  private static final Duration BLOCK_TIME = Duration.ofMillis(300);
  // Blocks whose last commit carries all four signatures can be rare while the machine is busy
  // (a slow validator's precommit arrives after the proposer's timeout_commit): a generous bound.
  private static final Duration WAIT = Duration.ofSeconds(120);

  private static final RewardsParams REWARDS =
      RewardsParamsRules.DEFAULTS.toBuilder()
          .setInitialEmission(EMISSION)
          .setDecayBps(500)
          .setEpochBlocks(1_000_000)
          .setValidatorShareBps((int) VALIDATOR_BPS)
          .setProviderShareBps((int) PROVIDER_BPS)
          .build();

  private final TestWallet wallet = new TestWallet(CHAIN_ID, 4, 11);

  /**
   * Fees paid by the txs committed at each height (they reach the validators at the next block).
   */
  private final Map<Long, Long> feesAt = new HashMap<>();

  @Test
  void councilAddsAndRemovesValidatorsAndRewardsFollowSignatures(@TempDir Path temp)
      throws Exception {
    long began = System.nanoTime();
    try (LocalNetwork net =
        LocalNetwork.init(
            Binaries.fromSystemProperties(),
            temp,
            CHAIN_ID,
            POWERS,
            BLOCK_TIME,
            first -> {
              for (int member : new int[] {C1, C2, C3}) {
                first.addGenesisAccount(wallet.address(member), FUNDS);
              }
              first.setCouncil(
                  List.of(wallet.address(C1), wallet.address(C2), wallet.address(C3)), 2);
              first.setRewards(REWARDS);
            })) {
      List<String> address = new ArrayList<>();
      for (LocalNode node : net.validators()) {
        address.add(hex(node.validatorKey().address()));
      }
      net.start();
      LocalNode observer = net.node(OBSERVER);
      CometRpcClient rpc = observer.rpc();
      LeasechainClient client = observer.client();
      observer.awaitHeight(3, Duration.ofSeconds(60));

      try (Recorder recorder = new Recorder(client)) {
        // (a) A block whose last commit has all four signatures pays each exactly
        // floor(floor(emission x 60%) x power / 100): 60k, 120k, 180k and 240k.
        long[] pair =
            awaitPair(
                recorder, rpc, h -> h >= 3 && committed(rpc.block(h)).equals(Set.copyOf(address)));
        Map<String, Validator> before = recorder.at(pair[0]);
        Map<String, Validator> after = recorder.at(pair[1]);
        long part = EMISSION * VALIDATOR_BPS / 10_000;
        for (int i = 0; i < 4; i++) {
          Validator v = after.get(address.get(i));
          assertEquals(
              part * POWERS.get(i) / 100,
              v.getRewardsEarned() - before.get(address.get(i)).getRewardsEarned(),
              "node" + i + "'s reward in block " + pair[1]);
          assertEquals(1, v.getBlocksSigned() - before.get(address.get(i)).getBlocksSigned());
          assertEquals(
              Address.fromPublicKey(net.node(i).validatorKey()).toBech32(),
              v.getOperator(),
              "operator of node" + i);
          assertEquals(POWERS.get(i), v.getPower());
        }

        // (b) Stop node1 (power 20) for several blocks: blocks whose last commit lacks it pay it
        // nothing and pay the other three their share of the whole set's 100 (node1's share goes
        // to the community pool, not to them).
        long stopHeight = observer.height();
        net.stop(STOPPED);
        Validator atStop = recorder.latest().get(address.get(STOPPED));
        observer.awaitHeight(stopHeight + 7, WAIT);
        net.restart(STOPPED);
        long restartHeight = observer.height();
        long resigned =
            awaitBlock(
                rpc,
                restartHeight + 1,
                h -> committed(rpc.block(h)).contains(address.get(STOPPED)));
        Deadline.await("node1 to earn again", WAIT, () -> recorder.latestHeight() >= resigned);
        List<Long> missed = new ArrayList<>();
        for (long h = stopHeight + 1; h < resigned; h++) {
          if (!committed(rpc.block(h)).contains(address.get(STOPPED))) {
            missed.add(h);
          }
        }
        assertTrue(missed.size() >= 4, "node1 missed several blocks: " + missed);
        int missedPairs = 0;
        int threeSignerPairs = 0;
        for (long h : missed) {
          if (recorder.has(h - 1) && recorder.has(h)) {
            missedPairs++;
            Map<String, Validator> b = recorder.at(h - 1);
            Map<String, Validator> a = recorder.at(h);
            assertEquals(
                b.get(address.get(STOPPED)),
                a.get(address.get(STOPPED)),
                "node1 earns nothing for block " + h);
            if (committed(rpc.block(h))
                .equals(Set.of(address.get(0), address.get(2), address.get(3)))) {
              threeSignerPairs++;
              for (int i : new int[] {0, 2, 3}) {
                assertEquals(
                    part * POWERS.get(i) / 100,
                    a.get(address.get(i)).getRewardsEarned()
                        - b.get(address.get(i)).getRewardsEarned(),
                    "node" + i + "'s share out of 100 in block " + h);
              }
            }
          }
        }
        assertTrue(
            missedPairs > 0 && threeSignerPairs > 0,
            "recorded blocks that node1 missed: " + missedPairs + ", " + threeSignerPairs);
        Validator stoppedNow = recorder.latest().get(address.get(STOPPED));
        assertTrue(
            stoppedNow.getRewardsEarned() > atStop.getRewardsEarned(),
            "node1 earns again after its restart");
        assertTrue(net.node(STOPPED).isRunning());

        // (c) A fifth node follows the chain; the council adds it with power 10; it signs and
        // earns.
        LocalNode fifth = net.addFollower("node4");
        Deadline.await("node4 to catch up", WAIT, () -> fifth.height() >= observer.height() - 1);
        Ed25519PublicKey fifthKey = fifth.validatorKey();
        String fifthAddress = hex(fifthKey.address());
        long added =
            council(
                rpc,
                CouncilAction.newBuilder()
                    .setAddValidator(
                        AddValidator.newBuilder()
                            .setPublicKey(ByteString.copyFrom(fifthKey.bytes()))
                            .setPower(FIFTH_POWER)
                            .setOperator(wallet.address(FIFTH_OPERATOR).toBech32()))
                    .build());
        Deadline.await(
            "node4 in CometBFT's validator set",
            WAIT,
            () ->
                rpc.validators(0).validators().stream()
                    .anyMatch(
                        v -> v.address().equals(fifthAddress) && v.votingPower() == FIFTH_POWER));
        long fifthSigned =
            awaitBlock(rpc, added + 1, h -> committed(rpc.block(h)).contains(fifthAddress));
        assertTrue(
            fifthSigned >= added + 3,
            "a validator added at " + added + " signs from block " + (added + 2));
        Deadline.await(
            "node4 to earn",
            WAIT,
            () -> {
              Validator v = recorder.latest().get(fifthAddress);
              return v != null && v.getRewardsEarned() > 0;
            });
        Validator fifthRecord = recorder.latest().get(fifthAddress);
        assertEquals(ValidatorStatus.VALIDATOR_STATUS_ACTIVE, fifthRecord.getStatus());
        assertEquals(wallet.address(FIFTH_OPERATOR).toBech32(), fifthRecord.getOperator());
        assertEquals(added, fifthRecord.getAddedHeight());

        // (d) The council removes node0 (10 of 110: within the one-third rule); it leaves the set,
        // stops appearing in last commits, and its rewards stop at the removal.
        long removed =
            council(
                rpc,
                CouncilAction.newBuilder()
                    .setRemoveValidator(
                        RemoveValidator.newBuilder()
                            .setPublicKey(
                                ByteString.copyFrom(net.node(REMOVED).validatorKey().bytes())))
                    .build());
        Deadline.await(
            "node0 to leave CometBFT's validator set",
            WAIT,
            () ->
                rpc.validators(0).validators().stream()
                    .noneMatch(v -> v.address().equals(address.get(REMOVED))));
        long end = observer.awaitHeight(removed + 8, WAIT);
        Deadline.await("the recorder to reach " + end, WAIT, () -> recorder.latestHeight() >= end);
        int fifthSignatures = 0;
        for (long h = removed + 3; h <= end; h++) {
          Set<String> signers = committed(rpc.block(h));
          assertFalse(
              signers.contains(address.get(REMOVED)),
              "node0 is not in block " + h + "'s last commit");
          fifthSignatures += signers.contains(fifthAddress) ? 1 : 0;
        }
        assertTrue(fifthSignatures > 0, "node4 keeps signing after node0's removal");
        assertTrue(
            inSet(rpc.validators(removed + 1), address.get(REMOVED)),
            "node0 is in CometBFT's set through " + (removed + 1));
        assertFalse(
            inSet(rpc.validators(removed + 2), address.get(REMOVED)),
            "and out of it from " + (removed + 2));
        Validator removedAt = null;
        for (Map.Entry<Long, Map<String, Validator>> snapshot : recorder.from(removed).entrySet()) {
          Validator v = snapshot.getValue().get(address.get(REMOVED));
          assertEquals(ValidatorStatus.VALIDATOR_STATUS_REMOVED, v.getStatus());
          assertEquals(0, v.getPower());
          if (removedAt == null) {
            removedAt = v;
          }
          assertEquals(
              removedAt,
              v,
              "node0's record is frozen from its removal at "
                  + removed
                  + " (at "
                  + snapshot.getKey()
                  + ")");
        }
        assertNotNull(removedAt, "recorded a height after the removal");
        // CometBFT keeps node0 in the set until removed + 2, so it still signs blocks removed and
        // removed + 1 (last commits of removed + 1 and removed + 2), unpaid: the ledger removed it
        // at once.
        assertTrue(
            committed(rpc.block(removed + 1)).contains(address.get(REMOVED))
                || committed(rpc.block(removed + 2)).contains(address.get(REMOVED)),
            "node0 signed after its removal");

        // Operators' balances, the minted total and the supply at one pinned height.
        Map<String, String> operators = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
          operators.put(
              address.get(i), Address.fromPublicKey(net.node(i).validatorKey()).toBech32());
        }
        operators.put(fifthAddress, wallet.address(FIFTH_OPERATOR).toBech32());
        Pinned pinned = pinned(rpc, operators);
        recorder.close();

        // Every recorded height, and the pinned one, exactly as recomputed from the chain's own
        // blocks.
        long last = Math.max(pinned.height(), recorder.latestHeight());
        Expected expected = replay(rpc, last, address.get(REMOVED), removed, fifthAddress, added);
        int checked = 0;
        for (Map.Entry<Long, Map<String, Validator>> snapshot : recorder.snapshots.entrySet()) {
          long h = snapshot.getKey();
          for (Validator v : snapshot.getValue().values()) {
            String a = hex(v.getAddress().toByteArray());
            assertEquals(
                expected.rewards(h, a),
                v.getRewardsEarned(),
                "rewards_earned of " + a + " at height " + h);
            assertEquals(
                expected.signed(h, a),
                v.getBlocksSigned(),
                "blocks_signed of " + a + " at height " + h);
            checked++;
          }
        }
        long h = pinned.height();
        for (Map.Entry<String, Long> balance : pinned.balances().entrySet()) {
          assertEquals(
              expected.rewards(h, balance.getKey()),
              balance.getValue(),
              "balance of the operator of " + balance.getKey() + " at " + h);
          assertEquals(
              pinned.records().get(balance.getKey()).getRewardsEarned(), balance.getValue());
        }
        assertEquals(h * EMISSION, pinned.emitted(), "minted by height " + h);
        assertEquals(3 * FUNDS + h * EMISSION, pinned.supply(), "supply at " + h);
        System.out.printf(
            "checked %d validator records at %d of %d heights; node1 missed %s; node4 added at %d, signing from %d;"
                + " node0 removed at %d; balances pinned at %d%n",
            checked, recorder.snapshots.size(), last, missed, added, fifthSigned, removed, h);
      }

      net.node(OBSERVER).awaitHeight(observer.height() + 1, WAIT);
      for (LocalNode node : net.all()) {
        assertTrue(node.isRunning(), node.home() + " is still running");
      }
      assertNull(net.brokenInvariants(), "no invariant broke on any node");
    }
    System.out.printf(
        "ValidatorSetNetworkTest took %d ms%n", (System.nanoTime() - began) / 1_000_000);
  }

  /** Expected rewards_earned / blocks_signed after each height, recomputed from blocks. */
  private record Expected(NavigableMap<Long, Map<String, long[]>> after) {
    long rewards(long height, String address) {
      long[] value = after.get(height).get(address);
      return value == null ? 0 : value[0];
    }

    long signed(long height, String address) {
      long[] value = after.get(height).get(address);
      return value == null ? 0 : value[1];
    }
  }

  /**
   * Replays Distribution for heights 1..last from the chain's blocks: the pot is the carried pot
   * plus this block's emission plus the previous block's fees; the signers are the last commit's
   * validators that the ledger has active at the start of the block, with CometBFT's power of the
   * previous height (no test change alters a power), each paid its share of the power of the whole
   * set the ledger has active then (signers or not). Checks each block's "rewards" event on the
   * way.
   */
  private Expected replay(
      CometRpcClient rpc,
      long last,
      String removedAddress,
      long removedAt,
      String addedAddress,
      long addedAt) {
    NavigableMap<Long, Map<String, long[]>> after = new TreeMap<>();
    Map<String, long[]> totals = new HashMap<>();
    long pot = 0;
    for (long h = 1; h <= last; h++) {
      pot += EMISSION + feesAt.getOrDefault(h - 1, 0L);
      Map<String, Long> signers = new LinkedHashMap<>();
      Block block = rpc.block(h);
      if (!block.lastCommitSignatures().isEmpty()) {
        Map<String, Long> powers =
            rpc.validators(h - 1).validators().stream()
                .collect(
                    Collectors.toMap(
                        Validators.Validator::address, Validators.Validator::votingPower));
        for (Block.CommitSig sig : block.lastCommitSignatures()) {
          String a = sig.validatorAddress();
          boolean active =
              !(a.equals(removedAddress) && h > removedAt)
                  && !(a.equals(addedAddress) && h <= addedAt);
          if (sig.committed() && active) {
            signers.put(a, powers.get(a));
          }
        }
      }
      long power =
          POWERS.stream().mapToLong(Long::longValue).sum()
              - (h > removedAt ? POWERS.get(REMOVED) : 0)
              + (h > addedAt ? FIFTH_POWER : 0);
      Event event = rewardsEvent(rpc.blockResults(h));
      if (signers.isEmpty()) {
        assertNull(event, "no rewards event at " + h + " (no signer)");
      } else {
        long part = pot * VALIDATOR_BPS / 10_000;
        long paid = 0;
        for (Map.Entry<String, Long> signer : signers.entrySet()) {
          long amount =
              BigInteger.valueOf(part)
                  .multiply(BigInteger.valueOf(signer.getValue()))
                  .divide(BigInteger.valueOf(power))
                  .longValueExact();
          long[] total = totals.computeIfAbsent(signer.getKey(), k -> new long[2]);
          total[0] += amount;
          total[1] += 1;
          paid += amount;
        }
        assertNotNull(event, "rewards event at " + h);
        assertEquals(
            Long.toString(pot), event.attribute("distributed").orElse(null), "distributed at " + h);
        assertEquals(
            Long.toString(paid),
            event.attribute("validators").orElse(null),
            "paid to validators at " + h);
        assertEquals(
            Long.toString(pot * PROVIDER_BPS / 10_000),
            event.attribute("providers").orElse(null),
            "providers at " + h);
        pot = 0;
      }
      Map<String, long[]> copy = new HashMap<>();
      totals.forEach((k, v) -> copy.put(k, v.clone()));
      after.put(h, copy);
    }
    return new Expected(after);
  }

  private static Event rewardsEvent(BlockResults results) {
    return results.finalizeBlockEvents().stream()
        .filter(e -> e.type().equals("rewards"))
        .findFirst()
        .orElse(null);
  }

  private record Pinned(
      long height,
      Map<String, Validator> records,
      Map<String, Long> balances,
      long emitted,
      long supply) {}

  /**
   * /validators, then operator balances, emission and supply queried at the height it answered for.
   */
  private static Pinned pinned(CometRpcClient rpc, Map<String, String> operators)
      throws InvalidProtocolBufferException {
    for (int attempt = 0; attempt < 50; attempt++) {
      AbciQueryResult validators = rpc.abciQuery("/validators", new byte[0], 0, false);
      long h = validators.height();
      Map<String, AbciQueryResult> accounts = new LinkedHashMap<>();
      for (Map.Entry<String, String> operator : operators.entrySet()) {
        accounts.put(
            operator.getKey(),
            rpc.abciQuery("/account/" + operator.getValue(), new byte[0], h, false));
      }
      AbciQueryResult emission = rpc.abciQuery("/emission", new byte[0], h, false);
      AbciQueryResult supply = rpc.abciQuery("/supply", new byte[0], h, false);
      if (!validators.isOk()
          || !emission.isOk()
          || !supply.isOk()
          || accounts.values().stream().anyMatch(r -> !r.isOk())) {
        continue; // the chain moved on between the queries (the node keeps only its latest state):
        // pin again
      }
      Map<String, Long> balances = new LinkedHashMap<>();
      for (Map.Entry<String, AbciQueryResult> account : accounts.entrySet()) {
        balances.put(account.getKey(), Account.parseFrom(account.getValue().value()).getBalance());
      }
      return new Pinned(
          h,
          index(ValidatorsResponse.parseFrom(validators.value())),
          balances,
          EmissionState.parseFrom(emission.value()).getEmittedTotal(),
          SupplyResponse.parseFrom(supply.value()).getTotal());
    }
    throw new IllegalStateException("no height answered every pinned query");
  }

  private static boolean inSet(Validators validators, String address) {
    return validators.validators().stream().anyMatch(v -> v.address().equals(address));
  }

  // Council members C1 and C2 propose and approve in one tx; returns the height it executed at.
  private long council(CometRpcClient rpc, CouncilAction action) {
    Msg msg = MarketMsgs.council(wallet.address(C1), List.of(wallet.address(C2)), action);
    long height = MarketMsgs.commit(rpc, wallet.sign(List.of(C1, C2), List.of(msg), FEE));
    feesAt.merge(height, FEE, Long::sum);
    return height;
  }

  private static Set<String> committed(Block block) {
    return block.lastCommitSignatures().stream()
        .filter(Block.CommitSig::committed)
        .map(Block.CommitSig::validatorAddress)
        .collect(Collectors.toSet());
  }

  @FunctionalInterface
  private interface HeightTest {
    boolean test(long height);
  }

  /**
   * Waits for the first block at or after {@code from} that passes {@code test}; returns its
   * height.
   */
  private static long awaitBlock(CometRpcClient rpc, long from, HeightTest test) {
    long[] next = {from};
    long[] found = {-1};
    Deadline.await(
        "a block from " + from + " that passes the test",
        WAIT,
        () -> {
          long latest = rpc.status().latestBlockHeight();
          for (; next[0] <= latest; next[0]++) {
            if (test.test(next[0])) {
              found[0] = next[0];
              return true;
            }
          }
          return false;
        });
    return found[0];
  }

  /** Waits for recorded consecutive heights (h - 1, h) where block h passes {@code test}. */
  private static long[] awaitPair(Recorder recorder, CometRpcClient rpc, HeightTest test) {
    long[] found = new long[2];
    Deadline.await(
        "two consecutive recorded heights",
        WAIT,
        () -> {
          for (long h : recorder.snapshots.keySet()) {
            if (recorder.has(h - 1) && test.test(h)) {
              found[0] = h - 1;
              found[1] = h;
              return true;
            }
          }
          return false;
        });
    return found;
  }

  private static Map<String, Validator> index(ValidatorsResponse response) {
    Map<String, Validator> byAddress = new HashMap<>();
    for (Validator v : response.getValidatorsList()) {
      byAddress.put(hex(v.getAddress().toByteArray()), v);
    }
    return byAddress;
  }

  private static String hex(Address address) {
    return hex(address.bytes());
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().withUpperCase().formatHex(bytes);
  }

  /**
   * Polls the observer's /validators and keeps the first answer for each height the app reports.
   */
  private static final class Recorder implements AutoCloseable {

    final ConcurrentSkipListMap<Long, Map<String, Validator>> snapshots =
        new ConcurrentSkipListMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    Recorder(LeasechainClient client) {
      thread =
          new Thread(
              () -> {
                while (running) {
                  try {
                    AbciQueryResult result = client.query("/validators");
                    snapshots.putIfAbsent(
                        result.height(), index(ValidatorsResponse.parseFrom(result.value())));
                  } catch (RuntimeException | InvalidProtocolBufferException e) {
                    // the observer is busy or restarting; poll again
                  }
                  try {
                    Thread.sleep(25);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "validators-recorder");
      thread.setDaemon(true);
      thread.start();
      Deadline.await("a first /validators answer", WAIT, () -> !snapshots.isEmpty());
    }

    boolean has(long height) {
      return snapshots.containsKey(height);
    }

    Map<String, Validator> at(long height) {
      return snapshots.get(height);
    }

    long latestHeight() {
      return snapshots.lastKey();
    }

    Map<String, Validator> latest() {
      return snapshots.lastEntry().getValue();
    }

    NavigableMap<Long, Map<String, Validator>> from(long height) {
      return snapshots.tailMap(height, true);
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join(10_000);
    }
  }
}
