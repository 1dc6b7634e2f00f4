package io.leasechain.ledger.rewards;

import static io.leasechain.ledger.testing.TestValidators.absent;
import static io.leasechain.ledger.testing.TestValidators.allSigned;
import static io.leasechain.ledger.testing.TestValidators.operator;
import static io.leasechain.ledger.testing.TestValidators.signed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.ledger.BlockContext;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.invariant.Invariants;
import io.leasechain.ledger.query.proto.ValidatorsResponse;
import io.leasechain.ledger.rewards.proto.EmissionState;
import io.leasechain.ledger.rewards.proto.RewardsParams;
import io.leasechain.ledger.rewards.proto.Validator;
import io.leasechain.ledger.testing.Outcomes;
import io.leasechain.ledger.testing.TestChain;
import io.leasechain.ledger.testing.TestValidators;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each block's emission plus the fees collected before it, split by the rewards params: validators
 * that signed the previous block (each its power's share of the whole active set's power, paid to
 * its operator account), the providers' epoch pool, and the community pool, which also gets the
 * share of every validator that did not sign and every rounding remainder. Genesis validators 0, 1,
 * 2 with powers 10, 20, 33; their operator accounts start empty, so their balances are exactly what
 * they earned.
 */
class DistributionTest {

  /** 1001 ulease a block, no decay within these tests' epoch of 100 blocks; 60% / 30% / rest. */
  private static final RewardsParams PARAMS =
      RewardsParams.newBuilder()
          .setInitialEmission(1_001)
          .setDecayBps(500)
          .setEpochBlocks(100)
          .setMaxTotalEmission(1_000_000_000)
          .setValidatorShareBps(6_000)
          .setProviderShareBps(3_000)
          .build();

  private TestChain chain(RewardsParams params) {
    return TestChain.builder()
        .accounts(2, TestChain.DEFAULT_BALANCE)
        .rewardsParams(params)
        .validators(TestValidators.genesis(10, 20, 33))
        .build();
  }

  /** Runs a block with {@code votes} (and {@code txs}) and checks conservation after it. */
  private static BlockResult block(TestChain chain, List<BlockContext.Vote> votes, byte[]... txs) {
    BlockResult result = chain.finalizeBlockWith(votes, List.of(), List.of(txs));
    assertConserved(chain);
    return result;
  }

  private static void assertConserved(TestChain chain) {
    assertEquals(
        List.of(),
        Invariants.broken(chain.committed(), chain.height()),
        "at height " + chain.height());
    EmissionState emission = TestValidators.emission(chain.committed(), chain.height());
    assertEquals(
        chain.genesisSupply() + emission.getEmittedTotal(),
        BankKeeper.supply(chain.committed()),
        "supply = genesis + everything minted, at height " + chain.height());
  }

  private static long module(TestChain chain, ModuleAccount account) {
    return chain.balance(account.address());
  }

  /** [operator 0, operator 1, operator 2, provider pool, community pool, fee collector]. */
  private static List<Long> balances(TestChain chain) {
    return List.of(
        chain.balance(operator(0)),
        chain.balance(operator(1)),
        chain.balance(operator(2)),
        module(chain, ModuleAccount.PROVIDER_REWARDS),
        module(chain, ModuleAccount.COMMUNITY_POOL),
        module(chain, ModuleAccount.FEE_COLLECTOR));
  }

  private static List<String> rewardEvents(BlockResult block) {
    return Outcomes.render(block.events()).stream().filter(e -> e.startsWith("rewards{")).toList();
  }

  @Test
  void threeSignersSplitTheBlockToTheUlease() {
    TestChain chain = chain(PARAMS);
    // Height 1: decided_last_commit is empty (there is no previous block): the pot carries over.
    BlockResult first = block(chain, List.of());
    assertEquals(List.of(), rewardEvents(first));
    assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 1_001L), balances(chain));

    // Height 2: 2002 in the pot; validators 60% = 1201 (1201.2 floored), providers 30% = 600
    // (600.6).
    // Validators: 1201*10/63 = 190.6, 1201*20/63 = 381.3, 1201*33/63 = 629.1 -> 190, 381, 629
    // (1200).
    // Community pool: 2002 - 1200 - 600 = 202 (its 10%, 200, plus 2 of rounding).
    BlockResult second = block(chain, allSigned(10, 20, 33));
    assertEquals(List.of(190L, 381L, 629L, 600L, 202L, 0L), balances(chain));
    assertEquals(
        List.of(
            "rewards{height=2,minted=1001,distributed=2002,validators=1200,providers=600,community_pool=202}"),
        rewardEvents(second));
  }

  @Test
  void aValidatorThatDidNotSignGetsNothing() {
    TestChain chain = chain(PARAMS);
    block(chain, List.of());
    // Shares of the whole set's 63: 1201*10/63 = 190.6, 1201*20/63 = 381.3 -> 190, 381. The absent
    // validator's 629 is not split among the signers (a proposer that leaves signatures out of its
    // block must not gain by it): community 2002 - 571 - 600 = 831.
    block(chain, List.of(signed(0, 10), signed(1, 20), absent(2, 33)));
    assertEquals(List.of(190L, 381L, 0L, 600L, 831L, 0L), balances(chain));
    Validator absentOne = TestValidators.validator(chain.committed(), 2, chain.height());
    assertEquals(0, absentOne.getBlocksSigned());
    assertEquals(0, absentOne.getRewardsEarned());
  }

  /**
   * A byzantine proposer (validator 2, power 33) leaves validator 1's precommit out of its block's
   * LastCommit (43 of 63 is still over two thirds, so CometBFT accepts it): it and validator 0 earn
   * exactly what they would have with every signature in, and validator 1's share goes to the
   * community pool.
   */
  @Test
  void aProposerThatLeavesSignaturesOutGainsNothingByIt() {
    TestChain chain = chain(PARAMS);
    block(chain, List.of());
    block(chain, List.of(signed(0, 10), absent(1, 20), signed(2, 33)));
    // Same 190 and 629 as in threeSignersSplitTheBlockToTheUlease; community 2002 - 819 - 600.
    assertEquals(List.of(190L, 0L, 629L, 600L, 583L, 0L), balances(chain));
  }

  @Test
  void votesFromUnknownAddressesAreIgnored() {
    TestChain chain = chain(PARAMS);
    block(chain, List.of());
    // Validator 9 was never added: its (large) power neither earns nor dilutes anything.
    // Validator 0 alone: 1201*10/63 = 190; community 2002 - 190 - 600 = 1212.
    block(chain, List.of(signed(9, 1_000), signed(0, 10)));
    assertEquals(List.of(190L, 0L, 0L, 600L, 1_212L, 0L), balances(chain));
    assertEquals(
        null,
        TestValidators.validator(chain.committed(), 9, chain.height()),
        "no record appears for it");
  }

  @Test
  void withoutAnEligibleSignerNothingIsDistributedAndThePotCarriesOver() {
    TestChain chain = chain(PARAMS);
    assertEquals(List.of(), rewardEvents(block(chain, List.of())));
    assertEquals(
        List.of(),
        rewardEvents(block(chain, List.of(absent(0, 10), absent(1, 20), absent(2, 33)))));
    assertEquals(List.of(), rewardEvents(block(chain, List.of(signed(9, 50)))));
    assertEquals(
        List.of(),
        rewardEvents(block(chain, List.of(signed(0, 0)))),
        "a vote with power 0 is not a signer");
    assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 4_004L), balances(chain));
    for (int i = 0; i < 3; i++) {
      assertEquals(
          0, TestValidators.validator(chain.committed(), i, chain.height()).getBlocksSigned());
    }

    // Height 5: 5005 in the pot: validators 3003 -> 3003*10/63 = 476.6, *20/63 = 953.3, *33/63 =
    // 1573.0
    // -> 476, 953, 1573 (3002); providers 1501 (1501.5); community 5005 - 3002 - 1501 = 502.
    block(chain, allSigned(10, 20, 33));
    assertEquals(List.of(476L, 953L, 1_573L, 1_501L, 502L, 0L), balances(chain));
  }

  @Test
  void feesOfABlockAreDistributedInTheNextOne() {
    TestChain chain = chain(RewardsParamsRules.NO_EMISSION);
    block(chain, List.of());
    // Height 2: a send pays its fee of 100 into the fee collector after the split (an empty pot).
    BlockResult withTx = block(chain, allSigned(10, 20, 33), chain.send(0, 1, 5));
    Outcomes.assertOk(withTx.txs().get(0));
    assertEquals(List.of(), rewardEvents(withTx));
    assertEquals(List.of(0L, 0L, 0L, 0L, 0L, TestChain.DEFAULT_FEE), balances(chain));

    // Height 3: 100 split: validators 60 -> 60*10/63 = 9.5, 60*20/63 = 19.0, 60*33/63 = 31.4 -> 9,
    // 19, 31
    // (59); providers 30; community 100 - 59 - 30 = 11.
    BlockResult next = block(chain, allSigned(10, 20, 33));
    assertEquals(List.of(9L, 19L, 31L, 30L, 11L, 0L), balances(chain));
    assertEquals(
        List.of(
            "rewards{height=3,minted=0,distributed=100,validators=59,providers=30,community_pool=11}"),
        rewardEvents(next));
  }

  @Test
  void blocksSignedAndRewardsEarnedAreKeptPerValidator() {
    TestChain chain = chain(PARAMS);
    block(chain, List.of());
    block(chain, allSigned(10, 20, 33)); // 190, 381, 629 (see above)
    // Height 3: 1001; validators 600 over power 63 -> 95, 190; providers 300; community 416.
    block(chain, List.of(signed(0, 10), signed(1, 20), absent(2, 33)));
    assertEquals(List.of(285L, 571L, 629L, 900L, 618L, 0L), balances(chain));

    ValidatorsResponse all = TestValidators.validators(chain.committed(), chain.height());
    assertEquals(63, all.getTotalPower());
    assertEquals(3, all.getValidatorsCount());
    long[][] expected = {{0, 2, 285}, {1, 2, 571}, {2, 1, 629}};
    for (long[] row : expected) {
      int i = (int) row[0];
      Validator validator = TestValidators.validator(chain.committed(), i, chain.height());
      assertEquals(row[1], validator.getBlocksSigned(), "blocks signed by validator " + i);
      assertEquals(row[2], validator.getRewardsEarned(), "rewards earned by validator " + i);
      assertEquals(operator(i).toBech32(), validator.getOperator());
      assertTrue(
          all.getValidatorsList().contains(validator),
          "/validators lists validator " + i + " as /validator does");
    }
  }

  @Test
  void theEndOfAnEpochMovesTheProviderPoolToTheCommunityPool() {
    RewardsParams params =
        PARAMS.toBuilder().setInitialEmission(1_000).setDecayBps(1_000).setEpochBlocks(4).build();
    TestChain chain = chain(params);
    block(chain, List.of());
    // Height 2: 2000 -> validators 1200: 190, 380, 628 (1198); providers 600; community 202.
    block(chain, allSigned(10, 20, 33));
    assertEquals(List.of(190L, 380L, 628L, 600L, 202L, 0L), balances(chain));
    // Heights 3, 4: 1000 each -> 95, 190, 314 (599); providers 300; community 101.
    block(chain, allSigned(10, 20, 33));
    BlockResult lastOfEpoch = block(chain, allSigned(10, 20, 33));
    assertEquals(
        List.of(),
        Outcomes.render(lastOfEpoch.events()).stream()
            .filter(e -> e.startsWith("epoch_started"))
            .toList());
    assertEquals(List.of(380L, 760L, 1_256L, 1_200L, 404L, 0L), balances(chain));

    // Height 5 opens epoch 1: the pool of 1200 goes to the community pool (no proven work is
    // measured yet), the emission drops 10% to 900, split 540 (85, 171, 282 = 538) / 270 / 92.
    BlockResult firstOfEpoch = block(chain, allSigned(10, 20, 33));
    assertEquals(List.of(465L, 931L, 1_538L, 270L, 404L + 1_200L + 92L, 0L), balances(chain));
    List<String> events = Outcomes.render(firstOfEpoch.events());
    assertEquals(
        List.of("epoch_started{epoch=1,emission_per_block=900}"),
        events.stream().filter(e -> e.startsWith("epoch_started")).toList());
    assertEquals(
        EmissionState.newBuilder()
            .setEpoch(1)
            .setEmissionPerBlock(900)
            .setEmittedTotal(4_900)
            .build(),
        TestValidators.emission(chain.committed(), chain.height()));
  }
}
