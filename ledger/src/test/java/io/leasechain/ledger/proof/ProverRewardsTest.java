package io.leasechain.ledger.proof;

import static io.leasechain.ledger.testing.MarketFixture.addressOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.proof.proto.ProofParams;
import io.leasechain.ledger.proof.proto.ProofState;
import io.leasechain.ledger.rewards.Distribution;
import io.leasechain.ledger.rewards.ProvenWork;
import io.leasechain.ledger.rewards.proto.RewardsParams;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.testing.Proofs;
import io.leasechain.ledger.testing.TestChain;
import io.leasechain.ledger.testing.TestValidators;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The providers' share of each block's rewards collects in an epoch pool; at the first block of the
 * next epoch the pool is paid pro rata to the GPU-seconds of the proofs accepted in the epoch that
 * ended, integer remainders (or the whole pool, if nothing was proven) to the community pool.
 * Emission is on (1 LEASE a block, 30% to providers, epochs of 200 blocks) and validators 0 and 1
 * sign every block. A (4x nvidia-rtx-4090) and H (8x nvidia-h100-80gb) each serve a lease.
 */
class ProverRewardsTest {

  private static final long EPOCH = 200;
  private static final RewardsParams REWARDS =
      RewardsParams.newBuilder()
          .setInitialEmission(1_000_003)
          .setDecayBps(500)
          .setEpochBlocks(EPOCH)
          .setMaxTotalEmission(1_000_000_000_000L)
          .setValidatorShareBps(6_000)
          .setProviderShareBps(3_000)
          .build();
  private static final ProofParams PROOFS =
      ProofParamsRules.DEFAULTS.toBuilder()
          .setChallengeWindow(20)
          .setGracePeriod(900)
          .setMaxUnprovenBlocks(1_000)
          .build();

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
        market.order(tenant, Msgs.orderBody(addressOf(tenant), 4, 24, 300_000, false, 100_000));
    long bidA = market.bid(a, orderA, 4, 250_000);
    leaseA = market.nextLeaseId();
    market.ok(Msgs.accept(addressOf(tenant), orderA, bidA), tenant);
    long orderH =
        market.order(other, Msgs.orderBody(addressOf(other), 8, 80, 300_000, false, 100_000));
    long bidH = market.bid(h, orderH, 8, 250_000);
    leaseH = market.nextLeaseId();
    market.ok(Msgs.accept(addressOf(other), orderH, bidH), other);
  }

  /** The lease's provider proves it to the next block, reporting {@code gpuSeconds}. */
  private long prove(long leaseId, Ed25519PrivateKey provider, String model, long gpuSeconds) {
    Lease lease = market.lease(leaseId);
    long id = market.nextProofId();
    market.ok(
        Msgs.submitProof(
            Proofs.signed(
                    chain.chainId(),
                    addressOf(provider),
                    leaseId,
                    lease.getProvenThrough(),
                    chain.height() + 1,
                    Proofs.usage(model, gpuSeconds),
                    market.agent(provider))
                .build()),
        provider);
    return id;
  }

  private static long attribute(BlockResult block, String type, String key) {
    return block.events().stream()
        .filter(e -> e.type().equals(type))
        .flatMap(e -> e.attributes().stream())
        .filter(at -> at.key().equals(key))
        .mapToLong(at -> Long.parseLong(at.value()))
        .sum();
  }

  private static long share(long pool, long seconds, long total) {
    return BigInteger.valueOf(pool)
        .multiply(BigInteger.valueOf(seconds))
        .divide(BigInteger.valueOf(total))
        .longValueExact();
  }

  private long balance(Address address) {
    return chain.balance(address);
  }

  /** Runs the first block of the next epoch (no txs) and checks who got the pool. */
  private void epochStartPays(List<ProvenWork.Entry> expected, long epochEnded) {
    assertEquals(0, chain.height() % EPOCH, "at the last block of an epoch");
    assertEquals(expected, ProvenWork.of(chain.committed(), epochEnded));
    long pool = market.balance(ModuleAccount.PROVIDER_REWARDS);
    assertTrue(pool > 0);
    long seconds = expected.stream().mapToLong(ProvenWork.Entry::gpuSeconds).sum();
    long aBefore = market.balance(a);
    long hBefore = market.balance(h);
    long communityBefore = market.balance(ModuleAccount.COMMUNITY_POOL);
    BlockResult block = chain.emptyBlock();
    assertTrue(block.events().stream().map(Event::type).toList().contains("epoch_started"));
    assertEquals(epochEnded + 1, Distribution.emission(chain.committed()).getEpoch());
    long paid = 0;
    for (ProvenWork.Entry entry : expected) {
      long got = share(pool, entry.gpuSeconds(), seconds);
      long before = entry.provider().equals(addressOf(a)) ? aBefore : hBefore;
      assertEquals(before + got, balance(entry.provider()), "pro rata share of " + entry);
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
  }

  @Test
  void theProvidersPoolIsPaidProRataToTheGpuSecondsAcceptedInTheEpoch() {
    assertTrue(chain.height() < 30);
    // Epoch 0: A proves 3,001 GPU-seconds, H 7,003; both are accepted within the epoch.
    chain.advanceTo(60);
    long first = prove(leaseA, a, "nvidia-rtx-4090", 1_501);
    long second = prove(leaseH, h, "nvidia-h100-80gb", 3_203);
    chain.advanceTo(market.proof(second).getChallengeEndHeight());
    assertEquals(ProofState.PROOF_STATE_ACCEPTED, market.proof(first).getState());
    // A proof submitted late in epoch 0 is accepted in epoch 1 and counts there.
    chain.advanceTo(EPOCH - 11);
    long late = prove(leaseA, a, "nvidia-rtx-4090", 1_234);
    assertTrue(market.proof(late).getChallengeEndHeight() > EPOCH + 1);
    chain.advanceTo(EPOCH);
    epochStartPays(
        sorted(
            new ProvenWork.Entry(addressOf(a), 1_501), new ProvenWork.Entry(addressOf(h), 3_203)),
        0);

    // Epoch 1: only A's late proof; A gets the whole pool.
    chain.advanceTo(2 * EPOCH);
    assertEquals(ProofState.PROOF_STATE_ACCEPTED, market.proof(late).getState());
    epochStartPays(List.of(new ProvenWork.Entry(addressOf(a), 1_234)), 1);

    // Epoch 2: nothing proven; the whole pool goes to the community pool.
    chain.advanceTo(3 * EPOCH);
    epochStartPays(List.of(), 2);
  }

  private static List<ProvenWork.Entry> sorted(ProvenWork.Entry x, ProvenWork.Entry y) {
    // ProvenWork lists providers in address order.
    return x.provider().compareTo(y.provider()) < 0 ? List.of(x, y) : List.of(y, x);
  }
}
