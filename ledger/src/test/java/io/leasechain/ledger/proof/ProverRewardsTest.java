package io.leasechain.ledger.proof;

import static io.leasechain.ledger.testing.MarketFixture.addressOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.escrow.proto.EscrowParams;
import io.leasechain.ledger.proof.proto.ProofParams;
import io.leasechain.ledger.proof.proto.ProofState;
import io.leasechain.ledger.rewards.Distribution;
import io.leasechain.ledger.rewards.ProvenWork;
import io.leasechain.ledger.rewards.proto.RewardsParams;
import io.leasechain.ledger.testing.EpochParams;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.testing.TestChain;
import io.leasechain.ledger.testing.TestValidators;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The providers' share of each block's rewards collects in an epoch pool; at the first block of the
 * next epoch the pool is paid pro rata to what tenants paid for the proofs accepted in the epoch
 * that ended, but each provider gets at most the take those payments owe; what the caps and
 * rounding leave (or the whole pool, if nothing was accepted) goes to the community pool. Emission
 * is on (503 ulease a block, 30% to providers, epochs of 200 blocks), the take rate is 50% and
 * validators 0 and 1 sign every block. A (4x nvidia-rtx-4090 at 1,000 ulease a block) and H (8x
 * nvidia-h100-80gb at 2,000 ulease a block) each serve a lease.
 */
class ProverRewardsTest {

  private static final long EPOCH = EpochParams.EPOCH;
  private static final RewardsParams REWARDS = EpochParams.rewards(503);
  private static final ProofParams PROOFS = EpochParams.PROOFS;
  private static final long TAKE_BPS = 5_000;

  private MarketFixture market;
  private TestChain chain;
  private Ed25519PrivateKey a;
  private Ed25519PrivateKey h;
  private long leaseA;
  private long leaseH;

  @BeforeEach
  void setUp() {
    market =
        MarketFixture.create(
            builder ->
                builder
                    .proofParams(PROOFS)
                    .rewardsParams(REWARDS)
                    .escrowParams(EscrowParams.newBuilder().setTakeRateBps((int) TAKE_BPS).build())
                    .validators(TestValidators.genesis(10L, 20L)));
    chain = market.chain();
    chain.signEveryBlock(TestValidators.allSigned(10, 20));
    market.checkInvariantsEveryBlock();
    a = market.provider(0);
    h = market.provider(2);
    market.registerProving(0, Msgs.gpus("nvidia-rtx-4090", 24, 4));
    market.registerProving(2, Msgs.gpus("nvidia-h100-80gb", 80, 8));
    Ed25519PrivateKey tenant = market.tenant();
    Ed25519PrivateKey other = market.otherTenant();
    long orderA =
        market.order(
            tenant, Msgs.orderBody(addressOf(tenant), 4, 24, 300_000_000, false, 1_000_000));
    long bidA = market.bid(a, orderA, 4, 250_000_000);
    leaseA = market.nextLeaseId();
    market.ok(Msgs.accept(addressOf(tenant), orderA, bidA), tenant);
    long orderH =
        market.order(other, Msgs.orderBody(addressOf(other), 8, 80, 300_000_000, false, 2_000_000));
    long bidH = market.bid(h, orderH, 8, 250_000_000);
    leaseH = market.nextLeaseId();
    market.ok(Msgs.accept(addressOf(other), orderH, bidH), other);
  }

  private static long attribute(BlockResult block, String type, String key) {
    return block.events().stream()
        .filter(e -> e.type().equals(type))
        .flatMap(e -> e.attributes().stream())
        .filter(at -> at.key().equals(key))
        .mapToLong(at -> Long.parseLong(at.value()))
        .sum();
  }

  /** The entry a proof of {@code blocks} blocks of a lease of {@code units} GPUs adds. */
  private static ProvenWork.Entry work(Ed25519PrivateKey provider, int units, long blocks) {
    long paid = units * 250L * blocks;
    return new ProvenWork.Entry(
        addressOf(provider), 5L * units * blocks, paid * 1_000_000, paid * TAKE_BPS / 10_000);
  }

  private static ProvenWork.Entry plus(ProvenWork.Entry x, ProvenWork.Entry y) {
    return new ProvenWork.Entry(
        x.provider(),
        x.gpuSeconds() + y.gpuSeconds(),
        x.paidMicro() + y.paidMicro(),
        x.takeCap() + y.takeCap());
  }

  private long balance(Address address) {
    return chain.balance(address);
  }

  /**
   * Runs the first block of the next epoch (no txs), checks who got the pool and returns how many
   * providers got less than their pro rata part because of their cap.
   */
  private int epochStartPays(List<ProvenWork.Entry> expected, long epochEnded) {
    assertEquals(0, chain.height() % EPOCH, "at the last block of an epoch");
    assertEquals(expected, ProvenWork.of(chain.committed(), epochEnded));
    long pool = market.balance(ModuleAccount.PROVIDER_REWARDS);
    assertTrue(pool > 0);
    BigInteger paidByTenants =
        BigInteger.valueOf(expected.stream().mapToLong(ProvenWork.Entry::paidMicro).sum());
    long aBefore = market.balance(a);
    long hBefore = market.balance(h);
    long communityBefore = market.balance(ModuleAccount.COMMUNITY_POOL);
    BlockResult block = chain.emptyBlock();
    assertTrue(block.events().stream().map(Event::type).toList().contains("epoch_started"));
    assertEquals(epochEnded + 1, Distribution.emission(chain.committed()).getEpoch());
    long paid = 0;
    int capped = 0;
    for (ProvenWork.Entry entry : expected) {
      long share =
          BigInteger.valueOf(pool)
              .multiply(BigInteger.valueOf(entry.paidMicro()))
              .divide(paidByTenants)
              .longValueExact();
      long got = Math.min(share, entry.takeCap());
      capped += got < share ? 1 : 0;
      long before = entry.provider().equals(addressOf(a)) ? aBefore : hBefore;
      assertEquals(before + got, balance(entry.provider()), "capped pro rata share of " + entry);
      paid += got;
    }
    if (expected.stream().noneMatch(e -> e.provider().equals(addressOf(a)))) {
      assertEquals(aBefore, market.balance(a), "A proved nothing that epoch");
    }
    if (expected.stream().noneMatch(e -> e.provider().equals(addressOf(h)))) {
      assertEquals(hBefore, market.balance(h), "H proved nothing that epoch");
    }
    assertEquals(
        communityBefore + (pool - paid) + attribute(block, "rewards", "community_pool"),
        market.balance(ModuleAccount.COMMUNITY_POOL),
        "the community pool gets the remainder and its own part of this block");
    assertEquals(
        attribute(block, "rewards", "providers"),
        market.balance(ModuleAccount.PROVIDER_REWARDS),
        "the new epoch's pool starts with this block's providers' part");
    assertEquals(List.of(), ProvenWork.of(chain.committed(), epochEnded));
    return capped;
  }

  /** The lease's provider proves it up to the next block; returns the proof id and blocks. */
  private long[] proveNow(long leaseId) {
    long from = market.lease(leaseId).getProvenThrough();
    long id = market.proveNow(leaseId);
    return new long[] {id, market.lease(leaseId).getProvenThrough() - from};
  }

  @Test
  void thePoolIsPaidProRataToWhatTenantsPaidCappedByTheTake() {
    assertTrue(chain.height() < 30);
    // Epoch 0: A and H prove at 60 and A again at 170; all are accepted within the epoch. Their
    // takes, half of the more than 200,000 ulease their tenants paid, exceed the ~30,000 ulease
    // pool, so it is shared pro rata.
    chain.advanceTo(60);
    long[] firstA = proveNow(leaseA);
    long[] firstH = proveNow(leaseH);
    chain.advanceTo(EPOCH - 30);
    long[] secondA = proveNow(leaseA);
    // A proof submitted late in epoch 0 is accepted in epoch 1 and counts there.
    chain.advanceTo(EPOCH - 11);
    long[] late = proveNow(leaseA);
    assertTrue(market.proof(late[0]).getChallengeEndHeight() > EPOCH + 1);
    chain.advanceTo(EPOCH);
    for (long[] proof : List.of(firstA, firstH, secondA)) {
      assertEquals(ProofState.PROOF_STATE_ACCEPTED, market.proof(proof[0]).getState());
    }
    assertEquals(
        0,
        epochStartPays(
            sorted(plus(work(a, 4, firstA[1]), work(a, 4, secondA[1])), work(h, 8, firstH[1])), 0));

    // Epoch 1: only A's late proof of 19 blocks; its take of 9,500 ulease caps A's part of a
    // ~28,700 ulease pool, and the community pool gets the rest.
    chain.advanceTo(2 * EPOCH);
    assertEquals(ProofState.PROOF_STATE_ACCEPTED, market.proof(late[0]).getState());
    assertEquals(19, late[1]);
    assertEquals(1, epochStartPays(List.of(work(a, 4, late[1])), 1));

    // Epoch 2: nothing proven; the whole pool goes to the community pool.
    chain.advanceTo(3 * EPOCH);
    epochStartPays(List.of(), 2);
  }

  /**
   * Two accepted proofs of about 5e18 micro-ulease each to one provider in one epoch would overflow
   * its epoch sums in end-block and halt the chain; the sums saturate instead, and the epoch's pool
   * is still paid by those weights. The tenant is the provider's own whale account, which costs it
   * only fees.
   */
  @Test
  void hugeAcceptedProofsSaturateTheEpochSumsInsteadOfHaltingTheChain() {
    int whaleIndex = MarketFixture.FIRST_PROVIDER + MarketFixture.PROVIDERS;
    MarketFixture rich =
        MarketFixture.create(
            builder ->
                builder
                    .proofParams(PROOFS)
                    .rewardsParams(REWARDS)
                    .escrowParams(EscrowParams.newBuilder().setTakeRateBps((int) TAKE_BPS).build())
                    .validators(TestValidators.genesis(10L, 20L))
                    .accounts(1, 20_000_000_000_000L));
    TestChain richChain = rich.chain();
    richChain.signEveryBlock(TestValidators.allSigned(10, 20));
    Ed25519PrivateKey whale = richChain.keyAt(whaleIndex);
    Ed25519PrivateKey provider = rich.provider(0);
    rich.registerProving(0, Msgs.gpus("nvidia-rtx-4090", 24, 8));
    // 4 units at 2.5e16 micro-ulease a block each: 1e17 a block, 6e18 of deposit.
    long price = 25_000_000_000_000_000L;
    long[] leases = new long[2];
    for (int i = 0; i < 2; i++) {
      long order =
          rich.order(
              whale, Msgs.orderBody(addressOf(whale), 4, 24, price, false, 6_000_000_000_000L));
      long bid = rich.bid(provider, order, 4, price);
      leases[i] = rich.nextLeaseId();
      rich.ok(Msgs.accept(addressOf(whale), order, bid), whale);
    }
    richChain.advanceTo(richChain.height() + 50);
    rich.proveAllNow(leases);
    long amount = rich.proof(rich.nextProofId() - 1).getAmountMicro();
    assertTrue(amount > Long.MAX_VALUE / 2, "each proof pays about 5e18 micro: " + amount);
    richChain.advanceTo(richChain.height() + PROOFS.getChallengeWindow() + 1);
    List<ProvenWork.Entry> work = ProvenWork.of(richChain.committed(), 0);
    assertEquals(1, work.size());
    assertEquals(Long.MAX_VALUE, work.get(0).paidMicro(), "saturated, not overflowed");
    richChain.advanceTo(EPOCH);
    long before = richChain.balance(addressOf(provider));
    long pool = richChain.balance(ModuleAccount.PROVIDER_REWARDS.address());
    richChain.emptyBlock();
    assertEquals(
        before + pool,
        richChain.balance(addressOf(provider)),
        "the only prover of the epoch gets its whole pool");
  }

  private static List<ProvenWork.Entry> sorted(ProvenWork.Entry x, ProvenWork.Entry y) {
    // ProvenWork lists providers in address order.
    return x.provider().compareTo(y.provider()) < 0 ? List.of(x, y) : List.of(y, x);
  }
}
