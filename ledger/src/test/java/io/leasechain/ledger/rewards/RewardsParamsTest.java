package io.leasechain.ledger.rewards;

import static io.leasechain.ledger.testing.TestValidators.allSigned;
import static io.leasechain.ledger.testing.TestValidators.operator;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leasechain.ledger.authority.AuthorityError;
import io.leasechain.ledger.authority.proto.SetParams;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.rewards.proto.EmissionState;
import io.leasechain.ledger.rewards.proto.RewardsParams;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.testing.TestChain;
import io.leasechain.ledger.testing.TestValidators;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rewards params changed by the council (set_params) and their validation (authority/8). */
class RewardsParamsTest {

  private static final RewardsParams PARAMS =
      RewardsParams.newBuilder()
          .setInitialEmission(1_000)
          .setDecayBps(0)
          .setEpochBlocks(10)
          .setMaxTotalEmission(1_000_000_000)
          .setValidatorShareBps(6_000)
          .setProviderShareBps(3_000)
          .build();

  private static MarketFixture market() {
    return MarketFixture.create(
        b -> b.rewardsParams(PARAMS).validators(TestValidators.genesis(10, 20, 33)));
  }

  private static void setRewards(MarketFixture market, RewardsParams params) {
    market.councilDoes(Msgs.setParams(SetParams.newBuilder().setRewards(params).build()));
    market.assertInvariants();
    TestChain chain = market.chain();
    assertEquals(
        params,
        TestValidators.params(chain.committed(), chain.height()).getRewards(),
        "/params shows them");
  }

  private static EmissionState emission(TestChain chain) {
    return TestValidators.emission(chain.committed(), chain.height());
  }

  private static long minted(TestChain chain) {
    long before = BankKeeper.supply(chain.committed());
    chain.emptyBlock();
    return BankKeeper.supply(chain.committed()) - before;
  }

  @Test
  void loweringTheCapStopsEmissionExactlyThere() {
    MarketFixture market = market();
    TestChain chain = market.chain();
    chain.advanceTo(2);
    long emittedAfterNextBlock = emission(chain).getEmittedTotal() + 1_000;
    setRewards(
        market, PARAMS.toBuilder().setMaxTotalEmission(emittedAfterNextBlock + 1_500).build());
    assertEquals(List.of(1_000L, 500L, 0L), List.of(minted(chain), minted(chain), minted(chain)));
    assertEquals(emittedAfterNextBlock + 1_500, emission(chain).getEmittedTotal());
    market.assertInvariants();
  }

  @Test
  void aCapBelowWhatWasAlreadyMintedStopsEmissionWithoutBreakingAnything() {
    MarketFixture market = market();
    TestChain chain = market.chain();
    chain.advanceTo(3);
    setRewards(market, PARAMS.toBuilder().setMaxTotalEmission(1).build());
    long emitted = emission(chain).getEmittedTotal();
    assertEquals(List.of(0L, 0L), List.of(minted(chain), minted(chain)));
    assertEquals(emitted, emission(chain).getEmittedTotal());
    market.assertInvariants();
  }

  @Test
  void aNewDecayAppliesAtTheNextEpochBoundary() {
    MarketFixture market = market();
    TestChain chain = market.chain();
    setRewards(market, PARAMS.toBuilder().setDecayBps(5_000).build()); // at height 1, epoch 0
    chain.advanceTo(10);
    assertEquals(1_000, emission(chain).getEmissionPerBlock());
    assertEquals(500, minted(chain), "height 11 opens epoch 1 at half the emission");
    assertEquals(1, emission(chain).getEpoch());
  }

  @Test
  void aNewEpochLengthCountsFromTheCurrentEpochsStartAndANewInitialEmissionRestartsTheSchedule() {
    MarketFixture market = market();
    TestChain chain = market.chain();
    chain.advanceTo(12); // epochs of 10: epoch 1 began at height 11
    assertEquals(1, emission(chain).getEpoch());
    assertEquals(11, TestValidators.epochStart(chain.committed(), chain.height()));
    long perBlock = emission(chain).getEmissionPerBlock();
    // Shorter epochs do not replay the epochs that the new length would have had since height 1.
    setRewards(market, PARAMS.toBuilder().setEpochBlocks(3).setInitialEmission(perBlock).build());
    assertEquals(1, emission(chain).getEpoch(), "no epoch passed at the change");
    chain.advanceTo(14);
    assertEquals(2, emission(chain).getEpoch(), "height 14 opens epoch 2: 3 blocks after 11");
    assertEquals(14, TestValidators.epochStart(chain.committed(), chain.height()));
    // A new initial emission takes effect from the next block.
    setRewards(market, PARAMS.toBuilder().setEpochBlocks(1_000).setInitialEmission(7).build());
    assertEquals(7, minted(chain));
    market.assertInvariants();
  }

  /**
   * Only a change of the schedule itself (initial emission, decay, epoch length) restarts it; a
   * council that adjusts the shares or the cap keeps the emission decayed so far.
   */
  @Test
  void aChangeOutsideTheScheduleKeepsTheDecayedEmission() {
    MarketFixture market = market();
    TestChain chain = market.chain();
    RewardsParams decaying = PARAMS.toBuilder().setDecayBps(5_000).build();
    setRewards(market, decaying);
    chain.advanceTo(21); // epochs 1 and 2 began at heights 11 and 21: 1000 -> 500 -> 250
    assertEquals(250, emission(chain).getEmissionPerBlock());
    RewardsParams shares =
        decaying.toBuilder().setProviderShareBps(2_000).setMaxTotalEmission(2_000_000_000).build();
    setRewards(market, shares);
    assertEquals(250, emission(chain).getEmissionPerBlock());
    assertEquals(250, minted(chain));
    setRewards(market, shares.toBuilder().setEpochBlocks(20).build());
    assertEquals(1_000, minted(chain), "a new epoch length restarts the schedule");
  }

  @Test
  void newSharesApplyFromTheNextBlock() {
    MarketFixture market = market();
    TestChain chain = market.chain();
    setRewards(
        market, PARAMS.toBuilder().setValidatorShareBps(10_000).setProviderShareBps(0).build());
    long pot =
        chain.balance(ModuleAccount.FEE_COLLECTOR.address())
            + 1_000; // fees and emission so far, plus this block's
    long community = chain.balance(ModuleAccount.COMMUNITY_POOL.address());
    chain.signedBlock(allSigned(10, 20, 33));
    long[] paid = {pot * 10 / 63, pot * 20 / 63, pot * 33 / 63};
    for (int i = 0; i < 3; i++) {
      assertEquals(paid[i], chain.balance(operator(i)), "operator " + i);
    }
    assertEquals(0, chain.balance(ModuleAccount.PROVIDER_REWARDS.address()));
    assertEquals(
        community + pot - paid[0] - paid[1] - paid[2],
        chain.balance(ModuleAccount.COMMUNITY_POOL.address()),
        "only the rounding remainder goes to the community pool");
    assertEquals(0, chain.balance(ModuleAccount.FEE_COLLECTOR.address()));
    market.assertInvariants();
  }

  static Stream<Arguments> invalidRewardsParams() {
    RewardsParams valid = RewardsParamsRules.DEFAULTS;
    return Stream.of(
        Arguments.of(
            "shares above 10000",
            valid.toBuilder().setValidatorShareBps(6_000).setProviderShareBps(4_001).build()),
        Arguments.of(
            "validator share alone above 10000",
            valid.toBuilder().setValidatorShareBps(10_001).setProviderShareBps(0).build()),
        Arguments.of(
            "provider share alone above 10000",
            valid.toBuilder().setValidatorShareBps(0).setProviderShareBps(10_001).build()),
        Arguments.of("epoch_blocks 0", valid.toBuilder().setEpochBlocks(0).build()),
        Arguments.of(
            "epoch_blocks above 10^8", valid.toBuilder().setEpochBlocks(100_000_001).build()),
        Arguments.of("decay above 10000", valid.toBuilder().setDecayBps(10_001).build()),
        Arguments.of(
            "uint64 emission above 2^63", valid.toBuilder().setInitialEmission(-1).build()),
        Arguments.of("uint64 cap above 2^63", valid.toBuilder().setMaxTotalEmission(-1).build()),
        Arguments.of("no rewards params at all", RewardsParams.getDefaultInstance()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRewardsParams")
  void invalidRewardsParamsAreRefusedBeforeTheFee(String name, RewardsParams params) {
    MarketFixture market = MarketFixture.create();
    market.assertRejectedBeforeFee(
        AuthorityError.INVALID_PARAMS,
        Msgs.propose(
            market.memberAddress(0),
            Msgs.setParams(SetParams.newBuilder().setRewards(params).build()),
            market.memberAddress(1)),
        market.member(0),
        market.member(1));
    assertEquals(
        RewardsParamsRules.NO_EMISSION,
        TestValidators.params(market.chain().committed(), market.chain().height()).getRewards());
  }

  @Test
  void theBoundariesAreValid() {
    MarketFixture market = MarketFixture.create();
    RewardsParams edge =
        RewardsParamsRules.NO_EMISSION.toBuilder()
            .setDecayBps(10_000)
            .setEpochBlocks(1)
            .setValidatorShareBps(4_000)
            .setProviderShareBps(6_000)
            .build();
    setRewards(market, edge);
  }
}
