package io.leasechain.ledger.rewards;

import static io.leasechain.ledger.testing.TestValidators.duplicateVote;
import static io.leasechain.ledger.testing.TestValidators.hex;
import static io.leasechain.ledger.testing.TestValidators.lightClientAttack;
import static io.leasechain.ledger.testing.TestValidators.update;
import static io.leasechain.ledger.testing.TestValidators.updates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.ledger.BlockContext;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.authority.AuthorityError;
import io.leasechain.ledger.invariant.Invariants;
import io.leasechain.ledger.rewards.proto.Validator;
import io.leasechain.ledger.rewards.proto.ValidatorStatus;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.testing.Outcomes;
import io.leasechain.ledger.testing.TestChain;
import io.leasechain.ledger.testing.TestValidators;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Evidence in FinalizeBlock (duplicate vote, light client attack) sets the validator's power to 0
 * in that very block, however large a share of the set that is, unless it would empty the set; the
 * record keeps the count and last height for the council. Unknown addresses are ignored.
 */
class MisbehaviourTest {

  private static TestChain chain(long... powers) {
    return TestChain.builder()
        .accounts(1, TestChain.DEFAULT_BALANCE)
        .validators(TestValidators.genesis(powers))
        .build();
  }

  private static BlockResult evidence(TestChain chain, BlockContext.Misbehaviour... misbehaviour) {
    BlockResult block = chain.finalizeBlockWith(List.of(), List.of(misbehaviour), List.of());
    assertEquals(List.of(), Invariants.broken(chain.committed(), chain.height()));
    return block;
  }

  private static Validator validator(TestChain chain, int i) {
    return TestValidators.validator(chain.committed(), i, chain.height());
  }

  private static List<String> misbehaviourEvents(BlockResult block) {
    return Outcomes.render(block.events()).stream()
        .filter(e -> e.startsWith("validator_misbehaved"))
        .toList();
  }

  @Test
  void aDuplicateVoteZeroesPowerInThatBlockEvenBeyondAThird() {
    TestChain chain = chain(10, 20, 33);
    chain.advanceTo(4);
    BlockResult block = evidence(chain, duplicateVote(2, 3)); // 33 of 63: more than a third, forced
    assertEquals(List.of(update(2, 0)), updates(block));
    Validator punished = validator(chain, 2);
    assertEquals(ValidatorStatus.VALIDATOR_STATUS_REMOVED, punished.getStatus());
    assertEquals(0, punished.getPower());
    assertEquals(1, punished.getMisbehaviourCount());
    assertEquals(3, punished.getLastMisbehaviourHeight());
    assertEquals(30, TestValidators.validators(chain.committed(), chain.height()).getTotalPower());
    assertEquals(
        List.of(
            "validator_misbehaved{address*="
                + hex(2)
                + ",type=DUPLICATE_VOTE,evidence_height=3,outcome=power set to 0}"),
        misbehaviourEvents(block));
    assertEquals(List.of(), updates(chain.emptyBlock()));
  }

  @Test
  void evidenceNeverEmptiesTheSet() {
    TestChain chain = chain(10, 50);
    assertEquals(List.of(update(1, 0)), updates(evidence(chain, lightClientAttack(1, 1))));
    BlockResult block = evidence(chain, duplicateVote(0, 2));
    assertEquals(List.of(), updates(block), "the last validator keeps its power");
    Validator last = validator(chain, 0);
    assertEquals(ValidatorStatus.VALIDATOR_STATUS_ACTIVE, last.getStatus());
    assertEquals(10, last.getPower());
    assertEquals(1, last.getMisbehaviourCount(), "but the evidence is recorded for the council");
    assertEquals(2, last.getLastMisbehaviourHeight());
    List<String> events = misbehaviourEvents(block);
    assertEquals(1, events.size());
    assertTrue(
        events.get(0).contains(",outcome=kept: ")
            && events.get(0).contains("no validator would have power left"),
        events.get(0));
  }

  @Test
  void evidenceAgainstEveryValidatorInOneBlockZeroesAllButTheLast() {
    TestChain chain = chain(10, 50);
    BlockResult block = evidence(chain, duplicateVote(1, 1), duplicateVote(0, 1));
    assertEquals(List.of(update(1, 0)), updates(block));
    assertEquals(ValidatorStatus.VALIDATOR_STATUS_ACTIVE, validator(chain, 0).getStatus());
    assertEquals(1, validator(chain, 0).getMisbehaviourCount());
    assertEquals(1, validator(chain, 1).getMisbehaviourCount());
  }

  @Test
  void evidenceAgainstARemovedValidatorIsOnlyCounted() {
    TestChain chain = chain(10, 20, 33);
    evidence(chain, duplicateVote(0, 1));
    BlockResult again = evidence(chain, lightClientAttack(0, 2));
    assertEquals(List.of(), updates(again));
    Validator record = validator(chain, 0);
    assertEquals(2, record.getMisbehaviourCount());
    assertEquals(2, record.getLastMisbehaviourHeight());
    assertEquals(ValidatorStatus.VALIDATOR_STATUS_REMOVED, record.getStatus());
  }

  @Test
  void evidenceForAnUnknownAddressIsIgnored() {
    TestChain chain = chain(10, 20, 33);
    BlockResult block = evidence(chain, duplicateVote(9, 1));
    assertEquals(List.of(), updates(block));
    assertEquals(List.of(), misbehaviourEvents(block));
    assertEquals(List.of(), MarketFixture.writtenKeys(block), "nothing is written");
    assertEquals(null, validator(chain, 9));
    assertEquals(63, TestValidators.validators(chain.committed(), chain.height()).getTotalPower());
  }

  @Test
  void evidenceUsesUpTheBlocksBudgetForCouncilRemovals() {
    MarketFixture market =
        MarketFixture.create(b -> b.validators(TestValidators.genesis(10, 10, 10, 10)));
    TestChain chain = market.chain();
    byte[] removal =
        chain.sign(
            Msgs.propose(
                market.memberAddress(0), TestValidators.remove(1), market.memberAddress(1)),
            market.member(0),
            market.member(1));
    BlockResult block =
        chain.finalizeBlockWith(List.of(), List.of(duplicateVote(0, 1)), List.of(removal));
    // The evidence removed 10 of 40; the council's 10 more would make 20 > 40/3.
    Outcomes.assertRejected(AuthorityError.POWER_CHANGE_TOO_LARGE, block.txs().get(0));
    assertEquals(List.of(update(0, 0)), updates(block));
    market.assertInvariants();
  }
}
