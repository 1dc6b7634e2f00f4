package io.leasechain.ledger.rewards;

import static io.leasechain.ledger.testing.TestValidators.add;
import static io.leasechain.ledger.testing.TestValidators.operator;
import static io.leasechain.ledger.testing.TestValidators.publicKey;
import static io.leasechain.ledger.testing.TestValidators.remove;
import static io.leasechain.ledger.testing.TestValidators.setPower;
import static io.leasechain.ledger.testing.TestValidators.update;
import static io.leasechain.ledger.testing.TestValidators.updates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.LedgerError;
import io.leasechain.ledger.authority.AuthorityError;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.authority.proto.ProposalState;
import io.leasechain.ledger.bank.BankError;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.query.proto.ValidatorsResponse;
import io.leasechain.ledger.rewards.proto.Validator;
import io.leasechain.ledger.rewards.proto.ValidatorStatus;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.testing.Outcomes;
import io.leasechain.ledger.testing.TestChain;
import io.leasechain.ledger.testing.TestValidators;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The council-run validator set through real txs (2-of-3 council, keys 0-2 of {@link
 * MarketFixture}): every change is returned to CometBFT as a ValidatorUpdate from the block that
 * makes it, and the set can neither be emptied nor lose more than a third of the power it had at
 * the start of a block. Genesis: validators 0-3 with power 10 each (total 40).
 */
class ValidatorSetTest {

  private static final long MAX_POWER = 1L << 50;

  private MarketFixture market;
  private TestChain chain;
  private Address m0;
  private Address m1;

  @BeforeEach
  void setUp() {
    setUp(10, 10, 10, 10);
  }

  private void setUp(long... powers) {
    market = MarketFixture.create(b -> b.validators(TestValidators.genesis(powers)));
    chain = market.chain();
    m0 = market.memberAddress(0);
    m1 = market.memberAddress(1);
  }

  private byte[] councilTx(CouncilAction action) {
    return chain.sign(Msgs.propose(m0, action, m1), market.member(0), market.member(1));
  }

  /** Members 0 and 1 act in one tx in the next block; asserts success and returns the block. */
  private BlockResult council(CouncilAction action) {
    BlockResult block = chain.finalizeBlock(councilTx(action));
    Outcomes.assertOk(block.txs().get(0));
    market.assertInvariants();
    return block;
  }

  private Validator validator(int i) {
    return TestValidators.validator(chain.committed(), i, chain.height());
  }

  private ValidatorsResponse set() {
    return TestValidators.validators(chain.committed(), chain.height());
  }

  private void assertRejectedAfterFee(LedgerError error, CouncilAction action) {
    market.assertRejectedAfterFee(
        error, Msgs.propose(m0, action, m1), market.member(0), market.member(1));
  }

  private void assertRejectedBeforeFee(LedgerError error, CouncilAction action) {
    market.assertRejectedBeforeFee(
        error, Msgs.propose(m0, action, m1), market.member(0), market.member(1));
  }

  // ---- genesis ----------------------------------------------------------------------------

  @Test
  void theGenesisValidatorsAreTheInitialActiveSet() {
    ValidatorsResponse set = set();
    assertEquals(40, set.getTotalPower());
    assertEquals(4, set.getValidatorsCount());
    for (int i = 0; i < 4; i++) {
      Validator validator = validator(i);
      assertEquals(ValidatorStatus.VALIDATOR_STATUS_ACTIVE, validator.getStatus());
      assertEquals(10, validator.getPower());
      assertEquals(operator(i).toBech32(), validator.getOperator());
      assertTrue(Arrays.equals(publicKey(i), validator.getPublicKey().toByteArray()));
      assertTrue(Arrays.equals(TestValidators.address(i), validator.getAddress().toByteArray()));
    }
    assertNull(validator(4), "/validator/{HEX} of a key never added: not found");
    assertEquals(
        List.of(), updates(chain.emptyBlock()), "a block without changes returns no updates");
  }

  // ---- add, set power, remove -------------------------------------------------------------

  @Test
  void addValidatorReturnsAnUpdateAndTheValidatorIsActive() {
    BlockResult block = council(add(4, 5));
    assertEquals(List.of(update(4, 5)), updates(block));
    Validator added = validator(4);
    assertEquals(
        Validator.newBuilder()
            .setAddress(added.getAddress())
            .setPublicKey(added.getPublicKey())
            .setPower(5)
            .setOperator(operator(4).toBech32())
            .setStatus(ValidatorStatus.VALIDATOR_STATUS_ACTIVE)
            .setAddedHeight(block.height())
            .build(),
        added);
    assertTrue(Arrays.equals(TestValidators.address(4), added.getAddress().toByteArray()));
    assertEquals(45, set().getTotalPower());
    assertEquals(5, set().getValidatorsCount());
    assertEquals(List.of(), updates(chain.emptyBlock()), "the update is handed over once");
  }

  @Test
  void anActionExecutedByTheKthApprovalReturnsItsUpdateFromThatBlock() {
    long id = market.nextProposalId();
    BlockResult proposed =
        chain.finalizeBlock(chain.sign(Msgs.propose(m0, add(4, 5)), market.member(0)));
    Outcomes.assertOk(proposed.txs().get(0));
    assertEquals(List.of(), updates(proposed));
    assertNull(validator(4));
    BlockResult approved =
        chain.finalizeBlock(
            chain.sign(Msgs.approve(market.memberAddress(2), id), market.member(2)));
    Outcomes.assertOk(approved.txs().get(0));
    assertEquals(List.of(update(4, 5)), updates(approved));
    assertEquals(ProposalState.PROPOSAL_STATE_EXECUTED, market.proposal(id).getState());
    assertEquals(ValidatorStatus.VALIDATOR_STATUS_ACTIVE, validator(4).getStatus());
  }

  @Test
  void setPowerReturnsAnUpdate() {
    assertEquals(List.of(update(0, 25)), updates(council(setPower(0, 25))));
    assertEquals(25, validator(0).getPower());
    assertEquals(55, set().getTotalPower());
    assertEquals(List.of(update(1, 4)), updates(council(setPower(1, 4))));
    assertEquals(4, validator(1).getPower());
    assertEquals(ValidatorStatus.VALIDATOR_STATUS_ACTIVE, validator(1).getStatus());
    assertEquals(49, set().getTotalPower());
  }

  @Test
  void removeValidatorReturnsAnUpdateWithPowerZero() {
    assertEquals(List.of(update(1, 0)), updates(council(remove(1))));
    Validator removed = validator(1);
    assertEquals(ValidatorStatus.VALIDATOR_STATUS_REMOVED, removed.getStatus());
    assertEquals(0, removed.getPower());
    ValidatorsResponse set = set();
    assertEquals(30, set.getTotalPower());
    assertEquals(
        4, set.getValidatorsCount(), "/validators keeps removed validators, marked removed");
    assertEquals(List.of(), updates(chain.emptyBlock()));
  }

  @Test
  void aRemovedValidatorCanBeAddedAgain() {
    council(remove(1));
    BlockResult block = council(TestValidators.add(publicKey(1), 7, operator(9).toBech32()));
    assertEquals(List.of(update(1, 7)), updates(block));
    Validator again = validator(1);
    assertEquals(ValidatorStatus.VALIDATOR_STATUS_ACTIVE, again.getStatus());
    assertEquals(7, again.getPower());
    assertEquals(operator(9).toBech32(), again.getOperator());
    assertEquals(block.height(), again.getAddedHeight());
    assertEquals(37, set().getTotalPower());
  }

  // ---- the set cannot be emptied ----------------------------------------------------------

  @Test
  void removingTheLastValidatorIsRefused() {
    setUp(10);
    assertRejectedAfterFee(AuthorityError.VALIDATOR_SET_EMPTY, remove(0));
    assertEquals(ValidatorStatus.VALIDATOR_STATUS_ACTIVE, validator(0).getStatus());
    assertEquals(10, set().getTotalPower());
  }

  // ---- at most a third of the power per block ---------------------------------------------

  @Test
  void oneActionRemovingMoreThanAThirdIsRefused() {
    council(setPower(0, 25)); // total 55: adding 20 at once would be half of the 40 kept
    council(setPower(0, 30)); // total 60
    assertRejectedAfterFee(AuthorityError.POWER_CHANGE_TOO_LARGE, remove(0)); // 30 of 60
    assertRejectedAfterFee(AuthorityError.POWER_CHANGE_TOO_LARGE, setPower(0, 9)); // 21 of 60
    assertEquals(30, validator(0).getPower());
    assertEquals(
        List.of(update(0, 10)),
        updates(council(setPower(0, 10))),
        "exactly a third (20 of 60) is allowed");
    assertEquals(40, set().getTotalPower());
  }

  @Test
  void twoRemovalsInOneBlockAreLimitedTogether() {
    byte[] first = councilTx(remove(1));
    Outcomes.assertOk(chain.checkTx(first));
    byte[] second = councilTx(remove(2));
    Outcomes.assertRejected(AuthorityError.POWER_CHANGE_TOO_LARGE, chain.checkTx(second));
    BlockResult block = chain.finalizeBlock(first, second);
    Outcomes.assertOk(block.txs().get(0));
    Outcomes.assertRejected(AuthorityError.POWER_CHANGE_TOO_LARGE, block.txs().get(1)); // 20 of 40
    assertEquals(List.of(update(1, 0)), updates(block));
    assertEquals(ValidatorStatus.VALIDATOR_STATUS_ACTIVE, validator(2).getStatus());
    assertEquals(30, set().getTotalPower());
    market.assertInvariants();

    // The next block starts from 30: removing 10 is exactly a third, allowed.
    assertEquals(List.of(update(2, 0)), updates(council(remove(2))));
    assertEquals(20, set().getTotalPower());
  }

  @Test
  void twoRemovalsInOneTxFailTogether() {
    BlockResult block =
        chain.finalizeBlock(
            chain.sign(
                List.of(Msgs.propose(m0, remove(1), m1), Msgs.propose(m0, remove(2), m1)),
                market.member(0),
                market.member(1)));
    Outcomes.assertRejected(AuthorityError.POWER_CHANGE_TOO_LARGE, block.txs().get(0));
    assertEquals(List.of(), updates(block), "the failed tx's first removal is rolled back with it");
    assertEquals(40, set().getTotalPower());
    market.assertInvariants();
  }

  @Test
  void addingPowerInTheSameBlockDoesNotRaiseTheBlocksBudget() {
    // Adding 15 first (total 55) does not allow removing 19: the budget is a third of the 40 the
    // block started with.
    byte[] grow = councilTx(add(4, 15));
    Outcomes.assertOk(chain.checkTx(grow));
    byte[] cut = councilTx(setPower(0, 1)); // removes 9, allowed alone
    Outcomes.assertOk(chain.checkTx(cut));
    byte[] tooMuch = councilTx(remove(1)); // 9 + 10 = 19 of 40
    BlockResult block = chain.finalizeBlock(grow, cut, tooMuch);
    Outcomes.assertOk(block.txs().get(0));
    Outcomes.assertOk(block.txs().get(1));
    Outcomes.assertRejected(AuthorityError.POWER_CHANGE_TOO_LARGE, block.txs().get(2));
    assertEquals(
        List.of(update(0, 1), update(4, 15)).stream().sorted().toList(),
        updates(block).stream().sorted().toList());
    assertEquals(46, set().getTotalPower());
  }

  // ---- stateless and stateful rejections --------------------------------------------------

  static Stream<Arguments> invalidValidatorActions() {
    byte[] smallOrder = new byte[32];
    smallOrder[0] = 1; // the identity point
    return Stream.of(
        Arguments.of("add: 31-byte key", add(new byte[31], 5, operator(4).toBech32())),
        Arguments.of("add: small-order key", add(smallOrder, 5, operator(4).toBech32())),
        Arguments.of("add: power 0", add(4, 0)),
        Arguments.of("add: power above 2^50", add(4, MAX_POWER + 1)),
        Arguments.of("add: power above 2^63 (uint64)", add(4, -1)),
        // Its rewards would land in the escrow account, which no record says it owes.
        Arguments.of(
            "add: operator is the escrow module account",
            add(publicKey(4), 5, ModuleAccount.ESCROW.address().toBech32())),
        Arguments.of("set power: 0", setPower(0, 0)),
        Arguments.of("set power: 33-byte key", setPower(new byte[33], 5)),
        Arguments.of("remove: empty key", remove(new byte[0])),
        Arguments.of("remove: small-order key", remove(smallOrder)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidValidatorActions")
  void malformedValidatorActionsAreRefusedBeforeTheFee(String name, CouncilAction action) {
    assertRejectedBeforeFee(AuthorityError.INVALID_VALIDATOR, action);
  }

  /**
   * errors.md (authority/9) and ValidatorActions.MAX_POWER: a power above 2^50 is invalid. add
   * checks it; set_validator_power only checks power 0, so a huge (or, as uint64 above 2^63, a
   * negative) power reaches the state and CometBFT.
   */
  @ParameterizedTest(name = "power {0}")
  @MethodSource("tooLargePowers")
  void setPowerAboveTheMaximumIsRefusedBeforeTheFee(long power) {
    assertRejectedBeforeFee(AuthorityError.INVALID_VALIDATOR, setPower(0, power));
  }

  /**
   * What the missing check lets through: a uint64 power above 2^63 (-1 as a Java long) passes the
   * stateful rules (it "removes" 11 of 40) and is handed to CometBFT as a negative power, which
   * CometBFT refuses in FinalizeBlock: the chain halts. No update may ever carry power outside
   * 0..2^50.
   */
  @Test
  void noValidatorUpdateEverCarriesAPowerOutsideTheAllowedRange() {
    BlockResult block = chain.finalizeBlock(councilTx(setPower(0, -1)));
    for (BlockResult.ValidatorUpdate update : block.validatorUpdates()) {
      assertTrue(
          update.power() >= 0 && update.power() <= MAX_POWER,
          "update with power " + update.power());
    }
    assertTrue(
        validator(0).getPower() >= 0 && validator(0).getPower() <= MAX_POWER,
        "stored power " + Long.toUnsignedString(validator(0).getPower()));
  }

  static Stream<Long> tooLargePowers() {
    return Stream.of(MAX_POWER + 1, Long.MAX_VALUE, -1L);
  }

  @Test
  void addWithAnInvalidOperatorIsRefusedBeforeTheFee() {
    // Like every other address field of a council action (bank/3); errors.md lists it under
    // authority/9.
    assertRejectedBeforeFee(BankError.INVALID_ADDRESS, add(publicKey(4), 5, "lease1notanaddress"));
  }

  @Test
  void unknownValidatorsAreRefused() {
    assertRejectedAfterFee(AuthorityError.VALIDATOR_NOT_FOUND, setPower(7, 5));
    assertRejectedAfterFee(AuthorityError.VALIDATOR_NOT_FOUND, remove(7));
    council(remove(1));
    assertRejectedAfterFee(AuthorityError.VALIDATOR_NOT_FOUND, remove(1));
    assertRejectedAfterFee(AuthorityError.VALIDATOR_NOT_FOUND, setPower(1, 5));
  }

  @Test
  void addingAnActiveValidatorIsRefused() {
    assertRejectedAfterFee(AuthorityError.VALIDATOR_EXISTS, add(0, 5));
    council(add(4, 5));
    assertRejectedAfterFee(AuthorityError.VALIDATOR_EXISTS, add(4, 6));
    assertEquals(10, validator(0).getPower());
    assertEquals(5, validator(4).getPower());
  }
}
