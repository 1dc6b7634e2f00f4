package io.leasechain.ledger.rewards;

import static io.leasechain.ledger.testing.TestValidators.add;
import static io.leasechain.ledger.testing.TestValidators.duplicateVote;
import static io.leasechain.ledger.testing.TestValidators.remove;
import static io.leasechain.ledger.testing.TestValidators.setPower;
import static io.leasechain.ledger.testing.TestValidators.update;
import static io.leasechain.ledger.testing.TestValidators.updates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.BlockContext;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.GenesisState;
import io.leasechain.ledger.LedgerError;
import io.leasechain.ledger.TxOutcome;
import io.leasechain.ledger.authority.AuthorityError;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.testing.CometValidatorSet;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.testing.Outcomes;
import io.leasechain.ledger.testing.TestChain;
import io.leasechain.ledger.testing.TestValidators;
import io.leasechain.ledger.tx.proto.Msg;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Several changes to one validator key in one block (each its own council tx, or several in one
 * tx): the block hands CometBFT only the net change of each key against the set CometBFT was last
 * told, and every block's updates are applied to a model of CometBFT's own set with its checks, so
 * a block that would halt the chain fails here. Genesis: validators 0-3 with power 10 each (40);
 * key 4 was never a validator.
 */
class ValidatorChangesInOneBlockTest {

  private static final List<GenesisState.Validator> GENESIS =
      TestValidators.genesis(10, 10, 10, 10);

  /**
   * A council action in the block and the rejection expected for it (null: it succeeds), unless its
   * outcome is left {@code open}.
   */
  private record Act(CouncilAction action, LedgerError refused, boolean open) {
    static Act ok(CouncilAction action) {
      return new Act(action, null, false);
    }

    static Act refused(LedgerError error, CouncilAction action) {
      return new Act(action, error, false);
    }

    static Act either(CouncilAction action) {
      return new Act(action, null, true);
    }
  }

  private static Arguments combo(String name, List<Act> acts, String... updates) {
    return Arguments.of(name, List.of(), acts, List.of(updates));
  }

  private static Arguments after(
      String name, List<CouncilAction> earlier, List<Act> acts, String... updates) {
    return Arguments.of(name, earlier, acts, List.of(updates));
  }

  static Stream<Arguments> combinations() {
    return Stream.of(
        // A key CometBFT does not know.
        combo("new: add, remove", List.of(Act.ok(add(4, 5)), Act.ok(remove(4)))),
        combo(
            "new: add, set power",
            List.of(Act.ok(add(4, 5)), Act.ok(setPower(4, 7))),
            update(4, 7)),
        combo(
            "new: add, set power to the same",
            List.of(Act.ok(add(4, 5)), Act.ok(setPower(4, 5))),
            update(4, 5)),
        combo(
            "new: add, add",
            List.of(Act.ok(add(4, 5)), Act.refused(AuthorityError.VALIDATOR_EXISTS, add(4, 6))),
            update(4, 5)),
        combo(
            "new: add, remove, add",
            List.of(Act.ok(add(4, 5)), Act.ok(remove(4)), Act.ok(add(4, 6))),
            update(4, 6)),
        combo(
            "new: add, remove, set power",
            List.of(
                Act.ok(add(4, 5)),
                Act.ok(remove(4)),
                Act.refused(AuthorityError.VALIDATOR_NOT_FOUND, setPower(4, 6)))),
        combo(
            "new: add, remove, remove",
            List.of(
                Act.ok(add(4, 5)),
                Act.ok(remove(4)),
                Act.refused(AuthorityError.VALIDATOR_NOT_FOUND, remove(4)))),
        combo(
            "new: add, set power, remove",
            List.of(Act.ok(add(4, 5)), Act.ok(setPower(4, 8)), Act.ok(remove(4)))),
        combo(
            "new: set power, add",
            List.of(
                Act.refused(AuthorityError.VALIDATOR_NOT_FOUND, setPower(4, 5)), Act.ok(add(4, 5))),
            update(4, 5)),
        combo(
            "new: remove, add",
            List.of(Act.refused(AuthorityError.VALIDATOR_NOT_FOUND, remove(4)), Act.ok(add(4, 5))),
            update(4, 5)),
        // A key CometBFT has.
        combo("known: set power to the same", List.of(Act.ok(setPower(0, 10)))),
        combo(
            "known: set power, set power back",
            List.of(Act.ok(setPower(0, 12)), Act.ok(setPower(0, 10)))),
        combo(
            "known: set power, set power",
            List.of(Act.ok(setPower(0, 12)), Act.ok(setPower(0, 14))),
            update(0, 14)),
        combo(
            "known: set power, remove",
            List.of(Act.ok(setPower(0, 12)), Act.ok(remove(0))),
            update(0, 0)),
        combo(
            "known: remove, add with the same power",
            List.of(Act.ok(remove(0)), Act.ok(add(0, 10)))),
        combo(
            "known: remove, add with another power",
            List.of(Act.ok(remove(0)), Act.ok(add(0, 7))),
            update(0, 7)),
        combo(
            "known: remove, set power",
            List.of(
                Act.ok(remove(0)), Act.refused(AuthorityError.VALIDATOR_NOT_FOUND, setPower(0, 5))),
            update(0, 0)),
        combo(
            "known: remove, remove",
            List.of(Act.ok(remove(0)), Act.refused(AuthorityError.VALIDATOR_NOT_FOUND, remove(0))),
            update(0, 0)),
        combo(
            "known: remove, add, remove",
            List.of(Act.ok(remove(0)), Act.ok(add(0, 10)), Act.ok(remove(0))),
            update(0, 0)),
        combo(
            "known: add, set power",
            List.of(
                Act.refused(AuthorityError.VALIDATOR_EXISTS, add(0, 5)), Act.ok(setPower(0, 6))),
            update(0, 6)),
        // Changes of earlier blocks that CometBFT was told of but has not applied yet (it applies
        // a block's updates two heights later, but checks them against every update before them).
        after(
            "added in the block before: remove, add",
            List.of(add(4, 5)),
            List.of(Act.ok(remove(4)), Act.ok(add(4, 5)))),
        after(
            "added in the block before: set power, remove",
            List.of(add(4, 5)),
            List.of(Act.ok(setPower(4, 6)), Act.ok(remove(4))),
            update(4, 0)),
        after(
            "removed in the block before: add, remove",
            List.of(remove(0)),
            List.of(Act.ok(add(0, 5)), Act.ok(remove(0)))),
        after(
            "removed in the block before: add, set power",
            List.of(remove(0)),
            List.of(Act.ok(add(0, 5)), Act.ok(setPower(0, 9))),
            update(0, 9)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"combinations", "budgets"})
  void eachKeyIsHandedToCometBftOnlyWithItsNetChange(
      String name, List<CouncilAction> earlier, List<Act> acts, List<String> expected) {
    Network network = new Network(GENESIS);
    for (CouncilAction action : earlier) {
      network.block(List.of(Act.ok(action)));
    }
    BlockResult block = network.block(acts);
    assertEquals(expected.stream().sorted().toList(), updates(block), "in public-key order");
    assertEquals(List.of(), updates(network.block(List.of())), "nothing is left staged");
  }

  /**
   * The third rule (authority/13) counts, for each key, what it lost net in the block; what it
   * gains net must stay below half of the power the block keeps (authority/15).
   */
  static Stream<Arguments> budgets() {
    return Stream.of(
        combo(
            "a cut undone in the block does not use the budget",
            List.of(Act.ok(setPower(0, 1)), Act.ok(setPower(0, 10)), Act.ok(remove(1))),
            update(1, 0)),
        combo(
            "a validator added and removed in the block does not use the budget",
            List.of(Act.ok(add(4, 15)), Act.ok(remove(4)), Act.ok(remove(1))),
            update(1, 0)),
        combo(
            "raising one key does not offset cutting another",
            List.of(
                Act.ok(setPower(0, 1)),
                Act.ok(setPower(1, 20)),
                Act.refused(AuthorityError.POWER_CHANGE_TOO_LARGE, remove(2))),
            update(0, 1),
            update(1, 20)),
        combo(
            "power added stays below half of what the block keeps (authority/15)",
            List.of(
                Act.ok(setPower(0, 1)),
                Act.refused(AuthorityError.POWER_GAIN_TOO_LARGE, add(4, 16)),
                Act.ok(add(4, 15))),
            update(0, 1),
            update(4, 15)),
        combo(
            "a key cut, removed and re-added counts what it lost net",
            List.of(
                Act.ok(setPower(0, 4)),
                Act.ok(remove(0)),
                Act.ok(add(0, 4)),
                Act.ok(setPower(1, 3)),
                Act.refused(AuthorityError.POWER_CHANGE_TOO_LARGE, setPower(2, 9))),
            update(0, 4),
            update(1, 3)));
  }

  // ---- one tx, several actions --------------------------------------------------------------

  /** The combinations without a refused action (one refused action fails its whole tx). */
  static Stream<Arguments> allSucceed() {
    return Stream.concat(combinations(), budgets())
        .filter(
            args -> {
              @SuppressWarnings("unchecked")
              List<Act> acts = (List<Act>) args.get()[2];
              return acts.stream().allMatch(act -> act.refused() == null);
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allSucceed")
  void severalActionsInOneTxNetTheSameWay(
      String name, List<CouncilAction> earlier, List<Act> acts, List<String> expected) {
    Network network = new Network(GENESIS);
    for (CouncilAction action : earlier) {
      network.block(List.of(Act.ok(action)));
    }
    BlockResult block = network.oneTx(acts.stream().map(Act::action).toList());
    Outcomes.assertOk(block.txs().get(0));
    assertEquals(expected.stream().sorted().toList(), updates(block));
  }

  // ---- evidence and the council in one block ----------------------------------------------

  @Test
  void evidenceThenACouncilChangeOfTheSameKeyIsOneUpdate() {
    Network network = new Network(GENESIS);
    BlockResult setPowerAfterEvidence =
        network.block(
            List.of(duplicateVote(0, 1)),
            List.of(Act.refused(AuthorityError.VALIDATOR_NOT_FOUND, setPower(0, 5))));
    assertEquals(List.of(update(0, 0)), updates(setPowerAfterEvidence));

    BlockResult reAddedAfterEvidence =
        network.block(List.of(duplicateVote(1, 2)), List.of(Act.ok(add(1, 10)), Act.ok(remove(2))));
    assertEquals(
        List.of(update(2, 0)),
        updates(reAddedAfterEvidence),
        "key 1 is back at the power CometBFT has: no update for it");
  }

  // ---- CometBFT's maximum total power -----------------------------------------------------

  @Test
  void theTotalPowerNeverExceedsCometBftsMaximum() {
    long max = CometValidatorSet.MAX_TOTAL_POWER;
    Network network = new Network(TestValidators.genesis(max - 20, 10));
    BlockResult block =
        network.block(
            List.of(
                Act.refused(AuthorityError.TOTAL_POWER_TOO_LARGE, add(4, 11)),
                Act.refused(AuthorityError.TOTAL_POWER_TOO_LARGE, setPower(1, 21)),
                Act.ok(add(4, 5)),
                Act.ok(setPower(1, 15))));
    assertEquals(
        List.of(update(1, 15), update(4, 5)).stream().sorted().toList(),
        updates(block).stream().sorted().toList());
    assertEquals(max, network.comet.powers().values().stream().mapToLong(Long::longValue).sum());
  }

  // ---- any mix, any number of blocks ------------------------------------------------------

  /** One step of a random block: evidence against a key, or a council action on it. */
  private record Step(int kind, int key, long power) {}

  @Provide
  Arbitrary<List<List<Step>>> blocks() {
    Arbitrary<Step> step =
        Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 5),
                Arbitraries.of(1L, 4L, 10L, 12L))
            .as(Step::new);
    return step.list().ofMaxSize(5).list().ofMinSize(1).ofMaxSize(4);
  }

  @Property(tries = 150)
  void cometBftAcceptsEveryBlockAndAgreesWithTheLedger(@ForAll("blocks") List<List<Step>> blocks) {
    Network network = new Network(GENESIS);
    for (List<Step> steps : blocks) {
      List<BlockContext.Misbehaviour> evidence = new ArrayList<>();
      List<Act> acts = new ArrayList<>();
      for (Step step : steps) {
        switch (step.kind()) {
          case 0 -> evidence.add(duplicateVote(step.key(), network.chain.height()));
          case 1 -> acts.add(Act.either(add(step.key(), step.power())));
          case 2 -> acts.add(Act.either(setPower(step.key(), step.power())));
          default -> acts.add(Act.either(remove(step.key())));
        }
      }
      Map<String, Long> told = network.comet.powers();
      BlockResult block = network.block(evidence, acts);
      for (BlockResult.ValidatorUpdate u : block.validatorUpdates()) {
        assertNotEquals(
            told.getOrDefault(HexFormat.of().formatHex(u.publicKey()), 0L),
            u.power(),
            "an update repeats what CometBFT already has: " + updates(block));
      }
    }
  }

  /**
   * The ledger under test next to CometBFT's set: every block's updates go through {@link
   * CometValidatorSet}, which then must equal the ledger's active set.
   */
  private static final class Network {
    private final MarketFixture market;
    private final TestChain chain;
    private final CometValidatorSet comet;

    Network(List<GenesisState.Validator> genesis) {
      market = MarketFixture.create(b -> b.validators(genesis));
      chain = market.chain();
      comet = new CometValidatorSet(genesis);
    }

    BlockResult block(List<Act> acts) {
      return block(List.of(), acts);
    }

    /** One block with the evidence and one council tx per act; checks each act's outcome. */
    BlockResult block(List<BlockContext.Misbehaviour> evidence, List<Act> acts) {
      List<byte[]> txs = new ArrayList<>();
      for (int i = 0; i < acts.size(); i++) {
        txs.add(councilTx(List.of(acts.get(i).action()), i));
      }
      BlockResult block = chain.finalizeBlockWith(List.of(), evidence, txs);
      for (int i = 0; i < acts.size(); i++) {
        Act act = acts.get(i);
        TxOutcome outcome = block.txs().get(i);
        if (act.open()) {
          continue;
        }
        if (act.refused() == null) {
          Outcomes.assertOk(outcome);
        } else {
          Outcomes.assertRejected(act.refused(), outcome);
        }
      }
      return checked(block);
    }

    /** One block with one tx carrying every action. */
    BlockResult oneTx(List<CouncilAction> actions) {
      return checked(chain.finalizeBlock(councilTx(actions, 0)));
    }

    private BlockResult checked(BlockResult block) {
      comet.apply(block);
      assertEquals(
          comet.powers(),
          CometValidatorSet.ledgerSet(chain.committed()),
          "CometBFT's set and the ledger's after block " + block.height());
      market.assertInvariants();
      return block;
    }

    // Members 0 and 1 propose (and so execute) each action; the i-th tx of a block uses the i-th
    // sequence after the committed one, as every tx in it, ok or refused, bumps both.
    private byte[] councilTx(List<CouncilAction> actions, int i) {
      List<Msg> msgs = new ArrayList<>();
      for (CouncilAction action : actions) {
        msgs.add(Msgs.propose(market.memberAddress(0), action, market.memberAddress(1)));
      }
      Ed25519PrivateKey m0 = market.member(0);
      Ed25519PrivateKey m1 = market.member(1);
      var tx = chain.tx().fee(TestChain.DEFAULT_FEE * 10).gasLimit(TestChain.DEFAULT_GAS_LIMIT * 4);
      msgs.forEach(tx::msg);
      return tx.signer(m0, chain.sequence(m0.publicKey().address()) + i)
          .signer(m1, chain.sequence(m1.publicKey().address()) + i)
          .build();
    }
  }
}
