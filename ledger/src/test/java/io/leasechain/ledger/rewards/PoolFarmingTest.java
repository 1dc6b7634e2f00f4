package io.leasechain.ledger.rewards;

import static io.leasechain.ledger.testing.MarketFixture.addressOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.escrow.EscrowKeeper;
import io.leasechain.ledger.escrow.proto.EscrowParams;
import io.leasechain.ledger.escrow.proto.EscrowState;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.proof.ProofParamsRules;
import io.leasechain.ledger.proof.proto.ProofParams;
import io.leasechain.ledger.proof.proto.ProofState;
import io.leasechain.ledger.rewards.proto.RewardsParams;
import io.leasechain.ledger.testing.EpochParams;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.testing.TestChain;
import io.leasechain.ledger.testing.TestValidators;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * A provider that leases its own GPUs through a second account it controls pays itself, less the
 * take, and so must gain nothing from the providers' pool: its part is capped by the take its
 * accepted proofs owe. Emission is on (1 LEASE a block, 30% to providers: a pool of about 60 LEASE
 * per 200-block epoch). The farmer F (provider 0) leases to its own second account; the honest
 * provider H (provider 2, 8x nvidia-h100-80gb) serves the tenant.
 */
class PoolFarmingTest {

  private static final long EPOCH = EpochParams.EPOCH;
  private static final RewardsParams REWARDS = EpochParams.rewards(1_000_003);
  private static final ProofParams PROOFS = EpochParams.PROOFS;

  /**
   * One farming attempt: F leases {@code farmerUnits} of its GPUs to itself at {@code farmerPrice}
   * micro-ulease per GPU per block and proves {@code farmerBlocks} blocks in {@code farmerProofs}
   * proofs with the most GPU-seconds the chain accepts; H, if {@code honestPrice} > 0, is paid that
   * price for {@code honestBlocks} blocks of 8 GPUs. F's second account closes the lease before the
   * epoch's pool is paid, or after.
   */
  record Farming(
      int farmerUnits,
      long farmerPrice,
      int farmerBlocks,
      int farmerProofs,
      long honestPrice,
      int honestBlocks,
      int takeBps,
      boolean closeBeforePayout) {}

  /** What F's two accounts gained in all, its reward and take, and H's reward and take. */
  record Outcome(
      long farmerNet, long farmerReward, long farmerTake, long honestReward, long honestPaid) {}

  private static Outcome farm(Farming farming) {
    MarketFixture market =
        MarketFixture.create(
            builder ->
                builder
                    .proofParams(PROOFS)
                    .rewardsParams(REWARDS)
                    .escrowParams(
                        EscrowParams.newBuilder().setTakeRateBps(farming.takeBps()).build())
                    .validators(TestValidators.genesis(10L, 20L)));
    TestChain chain = market.chain();
    chain.signEveryBlock(TestValidators.allSigned(10, 20));
    market.checkInvariantsEveryBlock();
    Ed25519PrivateKey farmer = market.provider(0);
    Ed25519PrivateKey farmerTenant = market.otherTenant();
    Ed25519PrivateKey honest = market.provider(2);
    Ed25519PrivateKey tenant = market.tenant();
    market.registerProving(0, Msgs.gpus("nvidia-rtx-4090", 24, 8));
    market.registerProving(2, Msgs.gpus("nvidia-h100-80gb", 80, 8));
    long farmerBefore = market.balance(farmer) + market.balance(farmerTenant);

    int units = farming.farmerUnits();
    long deposit = units * farming.farmerPrice() * 400 / EscrowKeeper.MICRO + 10;
    long farmerOrder =
        market.order(
            farmerTenant,
            Msgs.orderBody(
                addressOf(farmerTenant), units, 24, farming.farmerPrice(), false, deposit));
    long farmerBid = market.bid(farmer, farmerOrder, units, farming.farmerPrice());
    long farmerLease = market.nextLeaseId();
    market.ok(Msgs.accept(addressOf(farmerTenant), farmerOrder, farmerBid), farmerTenant);
    long honestLease = 0;
    if (farming.honestPrice() > 0) {
      long honestDeposit = 8 * farming.honestPrice() * 400 / EscrowKeeper.MICRO + 10;
      long order =
          market.order(
              tenant,
              Msgs.orderBody(
                  addressOf(tenant), 8, 80, farming.honestPrice(), false, honestDeposit));
      long bid = market.bid(honest, order, 8, farming.honestPrice());
      honestLease = market.nextLeaseId();
      market.ok(Msgs.accept(addressOf(tenant), order, bid), tenant);
    }

    List<Long> proofs = new ArrayList<>();
    long farmerStart = market.lease(farmerLease).getStartHeight();
    long farmerEnd = farmerStart + farming.farmerBlocks();
    long honestEnd =
        honestLease == 0 ? 0 : market.lease(honestLease).getStartHeight() + farming.honestBlocks();
    chain.advanceTo(Math.max(farmerEnd, honestEnd));
    // The test agents report 5 GPU-seconds per GPU per 5-second block: all the time there was.
    for (int i = 1; i <= farming.farmerProofs(); i++) {
      long to = farmerStart + (long) farming.farmerBlocks() * i / farming.farmerProofs();
      if (to > market.lease(farmerLease).getProvenThrough()) {
        proofs.add(market.prove(farmerLease, to));
      }
    }
    if (honestLease != 0) {
      proofs.add(market.prove(honestLease, honestEnd));
    }
    for (long proof : proofs) {
      chain.advanceTo(Math.max(chain.height(), market.proof(proof).getChallengeEndHeight()));
      assertEquals(ProofState.PROOF_STATE_ACCEPTED, market.proof(proof).getState());
    }
    assertTrue(chain.height() < EPOCH, "every proof is accepted in epoch 0");
    if (farming.closeBeforePayout()) {
      market.ok(Msgs.closeLease(addressOf(farmerTenant), farmerLease), farmerTenant);
    }

    chain.advanceTo(EPOCH);
    long farmerPoolBefore = market.balance(farmer);
    long honestPoolBefore = market.balance(honest);
    chain.emptyBlock();
    assertEquals(1, Distribution.emission(chain.committed()).getEpoch());
    long farmerReward = market.balance(farmer) - farmerPoolBefore;
    long honestReward = market.balance(honest) - honestPoolBefore;

    if (!farming.closeBeforePayout()) {
      market.ok(Msgs.closeLease(addressOf(farmerTenant), farmerLease), farmerTenant);
    }
    assertEquals(LeaseState.LEASE_STATE_CLOSED, market.lease(farmerLease).getState());
    // A tenant's close holds the unproven accrual for grace_period blocks before the refund.
    chain.advanceTo(
        chain.height() + ProofParamsRules.STORE.get(chain.committed()).getGracePeriod() + 1);
    assertEquals(
        EscrowState.ESCROW_STATE_CLOSED,
        market.escrow(farmerOrder).getState(),
        "F's order is refunded");
    long farmerNet = market.balance(farmer) + market.balance(farmerTenant) - farmerBefore;
    long honestPaid =
        honestLease == 0 ? 0 : 8 * farming.honestPrice() * farming.honestBlocks() / 1_000_000;
    return new Outcome(
        farmerNet, farmerReward, market.lease(farmerLease).getTaken(), honestReward, honestPaid);
  }

  /**
   * The farm: F leases 8 of its GPUs to itself at 1 micro-ulease per GPU per block and
   * reports the most GPU-seconds it can; H's tenant pays 73,600 ulease (8 GPUs at 100 ulease for 92
   * blocks). F once took two thirds of the pool (+39.7 LEASE net); now its part is capped by the
   * take it paid, which is nothing, and H gets back the 2% take its payments owe (1,472 ulease).
   */
  @Test
  void aProviderLeasingToItselfGainsNothingFromThePool() {
    Outcome outcome = farm(new Farming(8, 1, 92, 1, 100_000_000, 92, 200, true));
    assertEquals(73_600, outcome.honestPaid());
    assertEquals(0, outcome.farmerReward(), "F's payments owe no take");
    assertTrue(outcome.farmerNet() < 0, "F paid its fees and gained " + outcome.farmerNet());
    assertEquals(1_472, outcome.honestReward(), "H gets its take back, 2% of 73,600");
  }

  /**
   * Whatever F pays itself, however it splits and reports the work and whenever it settles, the
   * pool never gives it more than the take it paid: its net is never positive.
   */
  @Property(tries = 30)
  void farmingThePoolNeverPays(
      @ForAll @IntRange(min = 1, max = 8) int farmerUnits,
      @ForAll @LongRange(min = 1, max = 1_000_000_000) long farmerPrice,
      @ForAll @IntRange(min = 1, max = 110) int farmerBlocks,
      @ForAll @IntRange(min = 1, max = 3) int farmerProofs,
      @ForAll @LongRange(min = 0, max = 1_000_000_000) long honestPrice,
      @ForAll @IntRange(min = 1, max = 110) int honestBlocks,
      @ForAll @IntRange(min = 0, max = 10_000) int takeBps,
      @ForAll boolean closeBeforePayout) {
    Outcome outcome =
        farm(
            new Farming(
                farmerUnits,
                farmerPrice,
                farmerBlocks,
                farmerProofs,
                honestPrice,
                honestBlocks,
                takeBps,
                closeBeforePayout));
    assertTrue(
        outcome.farmerReward() <= outcome.farmerTake(),
        "reward " + outcome.farmerReward() + " above the take " + outcome.farmerTake());
    assertTrue(outcome.farmerNet() <= 0, "the farmer gained " + outcome + " from the pool");
  }
}
