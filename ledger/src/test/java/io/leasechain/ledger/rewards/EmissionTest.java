package io.leasechain.ledger.rewards;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.invariant.Invariants;
import io.leasechain.ledger.query.proto.ParamsResponse;
import io.leasechain.ledger.rewards.proto.EmissionState;
import io.leasechain.ledger.rewards.proto.RewardsParams;
import io.leasechain.ledger.testing.TestChain;
import io.leasechain.ledger.testing.TestValidators;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The emission schedule: a fixed mint per block within an epoch of {@code epoch_blocks} blocks
 * (epoch = (height - 1) / epoch_blocks), less {@code floor(per_block * decay_bps / 10000)} at each
 * epoch boundary, and never more than {@code max_total_emission} in all. No validator signs in
 * these chains, so every minted ulease stays in the fee collector and its balance is the emission
 * so far.
 */
class EmissionTest {

  private static TestChain chain(RewardsParams params) {
    return TestChain.builder()
        .accounts(1, TestChain.DEFAULT_BALANCE)
        .rewardsParams(params)
        .validators(TestValidators.genesis(10))
        .build();
  }

  private static RewardsParams params(long initial, int decayBps, long epochBlocks, long max) {
    return RewardsParamsRules.DEFAULTS.toBuilder()
        .setInitialEmission(initial)
        .setDecayBps(decayBps)
        .setEpochBlocks(epochBlocks)
        .setMaxTotalEmission(max)
        .build();
  }

  /** What each of the next {@code blocks} blocks mints, checking conservation after each. */
  private static List<Long> mints(TestChain chain, int blocks) {
    List<Long> mints = new ArrayList<>();
    for (int i = 0; i < blocks; i++) {
      long before = BankKeeper.supply(chain.committed());
      chain.emptyBlock();
      long supply = BankKeeper.supply(chain.committed());
      mints.add(supply - before);
      EmissionState emission = TestValidators.emission(chain.committed(), chain.height());
      assertEquals(List.of(), Invariants.broken(chain.committed(), chain.height()));
      assertEquals(
          chain.genesisSupply() + emission.getEmittedTotal(),
          supply,
          "supply at height " + chain.height());
      assertEquals(
          emission.getEmittedTotal(),
          chain.balance(ModuleAccount.FEE_COLLECTOR.address()),
          "nobody signed: everything minted is still in the fee collector");
    }
    return mints;
  }

  private static EmissionState state(long epoch, long perBlock, long emitted) {
    return EmissionState.newBuilder()
        .setEpoch(epoch)
        .setEmissionPerBlock(perBlock)
        .setEmittedTotal(emitted)
        .build();
  }

  @Test
  void eachEpochMintsAFixedAmountThatDecaysAtTheBoundaryAndStopsExactlyAtTheCap() {
    // 1003 a block; at each boundary 10% less, the decrement floored: 1003 - 100 = 903,
    // 903 - 90 = 813, 813 - 81 = 732. Cap 10000: 5*1003 + 5*903 = 9530, so block 11 mints 470.
    TestChain chain = chain(params(1_003, 1_000, 5, 10_000));
    assertEquals(
        state(0, 1_003, 0), TestValidators.emission(chain.committed(), 0), "/emission at genesis");

    assertEquals(List.of(1_003L, 1_003L, 1_003L, 1_003L, 1_003L), mints(chain, 5));
    assertEquals(
        state(0, 1_003, 5_015), TestValidators.emission(chain.committed(), chain.height()));

    assertEquals(List.of(903L, 903L, 903L, 903L, 903L), mints(chain, 5));
    assertEquals(state(1, 903, 9_530), TestValidators.emission(chain.committed(), chain.height()));

    assertEquals(List.of(470L, 0L, 0L, 0L, 0L), mints(chain, 5));
    assertEquals(state(2, 813, 10_000), TestValidators.emission(chain.committed(), chain.height()));

    assertEquals(List.of(0L, 0L, 0L, 0L, 0L), mints(chain, 5));
    assertEquals(
        state(3, 732, 10_000),
        TestValidators.emission(chain.committed(), chain.height()),
        "the schedule keeps decaying after the cap; nothing more is minted");
    assertEquals(chain.genesisSupply() + 10_000, BankKeeper.supply(chain.committed()));
  }

  @Test
  void aCapBelowOneBlocksEmissionIsMintedInTheFirstBlock() {
    TestChain chain = chain(params(1_000, 0, 100, 250));
    assertEquals(List.of(250L, 0L, 0L), mints(chain, 3));
    assertEquals(state(0, 1_000, 250), TestValidators.emission(chain.committed(), chain.height()));
  }

  @Test
  void fullDecayStopsEmissionAfterTheFirstEpoch() {
    TestChain chain = chain(params(7, 10_000, 2, 1_000_000));
    assertEquals(List.of(7L, 7L, 0L, 0L, 0L), mints(chain, 5));
    assertEquals(state(2, 0, 14), TestValidators.emission(chain.committed(), chain.height()));
  }

  @Test
  void noDecayMintsTheSameInEveryEpoch() {
    TestChain chain = chain(params(11, 0, 1, 1_000_000));
    assertEquals(List.of(11L, 11L, 11L, 11L), mints(chain, 4));
    assertEquals(state(3, 11, 44), TestValidators.emission(chain.committed(), chain.height()));
  }

  @Test
  void noEmissionMintsNothing() {
    TestChain chain = chain(RewardsParamsRules.NO_EMISSION);
    assertEquals(List.of(0L, 0L, 0L), mints(chain, 3));
    assertEquals(state(0, 0, 0), TestValidators.emission(chain.committed(), chain.height()));
  }

  @Test
  void paramsQueryShowsTheRewardsParams() {
    RewardsParams params = params(1_003, 1_000, 5, 10_000);
    TestChain chain = chain(params);
    ParamsResponse response = TestValidators.params(chain.committed(), 0);
    assertEquals(params, response.getRewards());
  }
}
