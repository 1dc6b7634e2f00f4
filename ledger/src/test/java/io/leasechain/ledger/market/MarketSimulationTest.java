package io.leasechain.ledger.market;

import static io.leasechain.ledger.testing.MarketFixture.addressOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.BlockContext;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.TxOutcome;
import io.leasechain.ledger.authority.AuthorityKeeper;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.authority.proto.Proposal;
import io.leasechain.ledger.authority.proto.ProposalState;
import io.leasechain.ledger.authority.proto.SetParams;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.escrow.proto.EscrowParams;
import io.leasechain.ledger.invariant.Invariants;
import io.leasechain.ledger.market.proto.Bid;
import io.leasechain.ledger.market.proto.BidState;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.MsgCreateOrder;
import io.leasechain.ledger.market.proto.Order;
import io.leasechain.ledger.market.proto.OrderState;
import io.leasechain.ledger.market.proto.ResourceSpec;
import io.leasechain.ledger.proof.ProofParamsRules;
import io.leasechain.ledger.proof.proto.Dispute;
import io.leasechain.ledger.proof.proto.DisputeState;
import io.leasechain.ledger.proof.proto.MsgSubmitProof;
import io.leasechain.ledger.proof.proto.Proof;
import io.leasechain.ledger.proof.proto.ProofParams;
import io.leasechain.ledger.proof.proto.ProofState;
import io.leasechain.ledger.proof.proto.Usage;
import io.leasechain.ledger.proof.proto.Verdict;
import io.leasechain.ledger.provider.ProviderKeeper;
import io.leasechain.ledger.provider.proto.Attributes;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.rewards.Distribution;
import io.leasechain.ledger.rewards.ProvenWork;
import io.leasechain.ledger.rewards.proto.RewardsParams;
import io.leasechain.ledger.rewards.proto.Validator;
import io.leasechain.ledger.rewards.proto.ValidatorStatus;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.OverlayState;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.testing.ProofChecks;
import io.leasechain.ledger.testing.Proofs;
import io.leasechain.ledger.testing.TestChain;
import io.leasechain.ledger.testing.TestValidators;
import io.leasechain.ledger.testing.TxBuilder;
import io.leasechain.ledger.tx.proto.Msg;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A seeded random market: providers register and are approved or suspended by the council, tenants
 * order (split or not), providers bid and withdraw, tenants accept, top up and close; providers
 * register job-agent keys and prove their leases (late, partly, or not at all, so some leases close
 * for missing proofs), tenants dispute proofs, the auditor upholds or rejects disputes (or lets
 * them lapse), providers withdraw what accepted proofs earned and give notice; the council
 * proposes, approves, revokes and changes params (market, escrow and proof). A share of every kind
 * is invalid on purpose, each invalid kind labelled with the rule it breaks. After every block
 * every invariant of the ledger's registry and of {@link ProofChecks} must hold, and CheckTx must
 * have answered every tx exactly as FinalizeBlock did. At the end everyone leaves and every held
 * ulease must have gone back.
 *
 * <p>The second test runs the same market for thousands of blocks with emission on and four
 * validators signing (or missing) blocks through decided_last_commit; the council also changes the
 * rewards params and validator powers. There the providers' epoch pool must be paid to proven work
 * at every epoch start.
 *
 * <p>Reproduce a failure with its seed: {@code -Dtest=MarketSimulationTest -Dsim.seed=N}.
 */
class MarketSimulationTest {

  private static final int BLOCKS = 600;
  private static final int REWARDS_BLOCKS = 2_000;
  private static final int EXTRA_ACCOUNTS = 12;
  private static final int FIRST_EXTRA_PROVIDER =
      MarketFixture.FIRST_PROVIDER + MarketFixture.PROVIDERS;
  private static final int FIRST_EXTRA_TENANT = FIRST_EXTRA_PROVIDER + 6;
  private static final String[] MODELS = {
    "nvidia-rtx-4090", "nvidia-a100-40gb", "nvidia-h100-80gb"
  };
  private static final int[] VRAM = {24, 40, 80};
  private static final int[] VRAM_WANTED = {0, 24, 40, 80};

  /**
   * Short windows so that proofs, disputes and deadlines all happen within a few hundred blocks.
   */
  static final ProofParams SIM_PROOFS =
      ProofParamsRules.DEFAULTS.toBuilder()
          .setChallengeWindow(8)
          .setGracePeriod(30)
          .setMaxUnprovenBlocks(45)
          .setMinDisputeDeposit(1_000)
          .setDisputeTimeout(20)
          .build();

  /** Emission with short epochs, so that a run sees many epoch starts. */
  static final RewardsParams SIM_REWARDS =
      RewardsParams.newBuilder()
          .setInitialEmission(1_000_003)
          .setDecayBps(500)
          .setEpochBlocks(150)
          .setMaxTotalEmission(1_000_000_000_000L)
          .setValidatorShareBps(6_000)
          .setProviderShareBps(3_000)
          .build();

  private static final long[] POWERS = {10, 20, 30, 40};

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {20261125L, 7L, 424242L})
  void invariantsHoldAfterEveryBlock(long seed) {
    run(seed, BLOCKS, false);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {31337L})
  void withEmissionAndSigningValidatorsForThousandsOfBlocks(long seed) {
    run(seed, REWARDS_BLOCKS, true);
  }

  private static void run(long seed, int blocks, boolean rewards) {
    String override = System.getProperty("sim.seed");
    long used = override == null ? seed : Long.parseLong(override);
    Simulation simulation = new Simulation(used, rewards);
    try {
      simulation.run(blocks);
      simulation.runUntilCovered(2 * blocks);
      simulation.windDown();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          "simulation seed "
              + used
              + (rewards ? " (with rewards)" : "")
              + " failed at height "
              + simulation.chain.height()
              + " (rerun with -Dsim.seed="
              + used
              + "): "
              + e.getMessage(),
          e);
    }
    simulation.report();
  }

  /** One run. */
  private static final class Simulation {
    private final long seed;
    private final boolean rewards;
    private final Random random;
    private final MarketFixture market;
    private final TestChain chain;
    private final TreeMap<String, int[]> outcomes = new TreeMap<>();
    private final TreeMap<String, Integer> closeReasons = new TreeMap<>();
    private final TreeMap<String, Integer> disputeEnds = new TreeMap<>();
    private int txs;
    private int emptyBlocks;
    private int epochsPaid;
    private long providerRewardsPaid;

    Simulation(long seed, boolean rewards) {
      this.seed = seed;
      this.rewards = rewards;
      this.random = new Random(seed);
      // Accounts 12-23 join the fixture's: 12-17 are providers too, 18-23 tenants.
      this.market =
          MarketFixture.create(
              builder -> {
                builder
                    .accounts(EXTRA_ACCOUNTS, TestChain.DEFAULT_BALANCE)
                    .proofParams(SIM_PROOFS)
                    .authorityParams(
                        MarketFixture.AUTHORITY_PARAMS.toBuilder()
                            .setProposalTtlBlocks(15)
                            .build());
                if (rewards) {
                  builder.rewardsParams(SIM_REWARDS).validators(TestValidators.genesis(POWERS));
                }
              });
      this.chain = market.chain();
      market.councilDoes(Msgs.appointAuditor(addressOf(market.auditor())));
    }

    // ---- driving ----------------------------------------------------------------------------

    /** Runs until the chain reaches {@code blocks}: planned blocks, now and then a gap. */
    void run(int blocks) {
      while (chain.height() < blocks) {
        runBlock(planBlock());
        if (random.nextInt(100) < 8) {
          int gap = 1 + random.nextInt(30);
          for (int j = 0; j < gap; j++) {
            runBlock(List.of());
            emptyBlocks++;
          }
        }
      }
    }

    /**
     * Runs on past the planned length, up to {@code limit} blocks, while some kind of event has not
     * happened yet: which rare events (a lease running out of funds, a lost dispute) a seed reaches
     * by a given height shifts with every rule change, the coverage itself should not.
     */
    void runUntilCovered(int limit) {
      while (!gaps().isEmpty() && chain.height() < limit) {
        run((int) chain.height() + 50);
      }
    }

    /**
     * decided_last_commit as CometBFT reports it: every validator in the set, most of them signed.
     */
    private List<BlockContext.Vote> lastCommit() {
      List<BlockContext.Vote> votes = new ArrayList<>();
      Iterator<KeyValue> scan = state().scanPrefix(Keys.of(KeySpace.VALIDATOR));
      while (scan.hasNext()) {
        Validator validator;
        try {
          validator = Validator.parseFrom(scan.next().value());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
          throw new AssertionError(e);
        }
        if (validator.getStatus() == ValidatorStatus.VALIDATOR_STATUS_ACTIVE
            && validator.getPower() > 0) {
          votes.add(
              new BlockContext.Vote(
                  validator.getAddress().toByteArray(),
                  validator.getPower(),
                  random.nextInt(100) < 85));
        }
      }
      return votes;
    }

    /**
     * Runs {@code txs} as CometBFT would: CheckTx each, then the block, then Commit; then checks.
     */
    private void runBlock(List<Planned> planned) {
      List<byte[]> bytes = new ArrayList<>();
      List<TxOutcome> checked = new ArrayList<>();
      for (Planned tx : planned) {
        bytes.add(tx.bytes());
        checked.add(chain.checkTx(tx.bytes()));
      }
      // What the providers' pool holds and who proved what, before a block that may start an epoch.
      long epochBefore = Distribution.emission(state()).getEpoch();
      List<ProvenWork.Entry> workBefore = ProvenWork.of(state(), epochBefore);
      List<BlockContext.Vote> votes = rewards ? lastCommit() : List.of();
      List<String> payouts = rewards ? epochPayouts(votes, epochBefore, workBefore) : List.of();
      BlockResult block =
          rewards ? chain.finalizeBlockWith(votes, List.of(), bytes) : chain.finalizeBlock(bytes);
      for (int i = 0; i < planned.size(); i++) {
        TxOutcome delivered = block.txs().get(i);
        TxOutcome check = checked.get(i);
        String label = planned.get(i).label();
        assertEquals(
            check.codespace() + "/" + check.code(),
            delivered.codespace() + "/" + delivered.code(),
            "CheckTx and FinalizeBlock disagree on "
                + label
                + ": check '"
                + check.log()
                + "', deliver '"
                + delivered.log()
                + "'");
        if (label.contains("(bad") && delivered.isOk()) {
          fail(label + " succeeded: " + delivered.events());
        }
        int[] counts =
            outcomes.computeIfAbsent(
                label
                    + " -> "
                    + (delivered.isOk() ? "ok" : delivered.codespace() + "/" + delivered.code()),
                k -> new int[1]);
        counts[0]++;
        txs++;
      }
      List<Event> events = new ArrayList<>(block.events());
      block.txs().forEach(tx -> events.addAll(tx.events()));
      count(events, "lease_closed", "close_reason", closeReasons);
      for (String end :
          List.of("dispute_upheld", "dispute_rejected", "dispute_lapsed", "escrow_closed")) {
        events.stream()
            .filter(e -> e.type().equals(end))
            .forEach(e -> disputeEnds.merge(end, 1, Integer::sum));
      }
      List<String> broken = new ArrayList<>(Invariants.broken(chain.committed(), chain.height()));
      broken.addAll(ProofChecks.broken(chain.committed(), chain.height(), chain.genesisSupply()));
      broken.addAll(chain.eventIndexer().broken(chain.committed()));
      broken.addAll(payouts);
      broken.addAll(epochChecks(block, epochBefore));
      if (!broken.isEmpty()) {
        fail(
            "invariants broken after block "
                + chain.height()
                + " (seed "
                + seed
                + "): "
                + broken
                + "; block txs: "
                + planned.stream().map(Planned::label).toList()
                + " -> "
                + block.txs().stream().map(t -> t.codespace() + "/" + t.code()).toList());
      }
    }

    private static void count(
        List<Event> events, String type, String key, TreeMap<String, Integer> into) {
      events.stream()
          .filter(e -> e.type().equals(type))
          .forEach(
              e ->
                  e.attributes().stream()
                      .filter(a -> a.key().equals(key))
                      .forEach(a -> into.merge(a.value(), 1, Integer::sum)));
    }

    /**
     * The start of the next block, alone, on a scratch copy of the state: when it starts an epoch,
     * every provider that proved work in the epoch that ended gets floor(pool x what its tenants
     * paid / what all tenants paid), at most the take its accepted proofs owe, and the community
     * pool the rest of the pool plus its part of this block.
     */
    private List<String> epochPayouts(
        List<BlockContext.Vote> votes, long epochBefore, List<ProvenWork.Entry> work) {
      OverlayState scratch = new OverlayState(state());
      List<Event> events =
          Distribution.beginBlock(scratch, chain.nextBlockContext(votes, List.of()));
      if (Distribution.emission(scratch).getEpoch() == epochBefore) {
        return List.of();
      }
      List<String> broken = new ArrayList<>();
      long pool = market.balance(ModuleAccount.PROVIDER_REWARDS);
      java.math.BigInteger tenantsPaid =
          java.math.BigInteger.valueOf(
              work.stream().mapToLong(ProvenWork.Entry::paidMicro).reduce(0, Math::addExact));
      long paid = 0;
      for (ProvenWork.Entry entry : work) {
        long share =
            tenantsPaid.signum() == 0
                ? 0
                : java.math.BigInteger.valueOf(pool)
                    .multiply(java.math.BigInteger.valueOf(entry.paidMicro()))
                    .divide(tenantsPaid)
                    .longValueExact();
        long expected = Math.min(share, entry.takeCap());
        long got =
            BankKeeper.account(scratch, entry.provider()).getBalance()
                - chain.balance(entry.provider());
        if (got != expected) {
          broken.add(
              "epoch-payout: "
                  + entry.provider()
                  + " was paid "
                  + entry.paidMicro()
                  + " of "
                  + tenantsPaid
                  + " micro-ulease by tenants, owing "
                  + entry.takeCap()
                  + " of take, got "
                  + got
                  + " of a pool of "
                  + pool
                  + ", expected "
                  + expected);
        }
        providerRewardsPaid += expected;
        paid += expected;
      }
      long communityPart =
          events.stream()
              .filter(e -> e.type().equals("rewards"))
              .flatMap(e -> e.attributes().stream())
              .filter(a -> a.key().equals("community_pool"))
              .mapToLong(a -> Long.parseLong(a.value()))
              .sum();
      long community =
          BankKeeper.account(scratch, ModuleAccount.COMMUNITY_POOL.address()).getBalance()
              - market.balance(ModuleAccount.COMMUNITY_POOL);
      if (community != pool - paid + communityPart) {
        broken.add(
            "epoch-payout: the community pool got "
                + community
                + ", expected the pool's rest "
                + (pool - paid)
                + " plus its block part "
                + communityPart);
      }
      return broken;
    }

    /**
     * At an epoch start the pool of the epoch that ended is emptied: paid to the providers that
     * proved work in it, the rest to the community pool; then it holds exactly this block's
     * providers' part. The ended epoch's proven work is cleared.
     */
    private List<String> epochChecks(BlockResult block, long epochBefore) {
      List<String> broken = new ArrayList<>();
      long epoch = Distribution.emission(state()).getEpoch();
      if (epoch == epochBefore) {
        return broken;
      }
      epochsPaid++;
      long providersPart =
          block.events().stream()
              .filter(e -> e.type().equals("rewards"))
              .flatMap(e -> e.attributes().stream())
              .filter(a -> a.key().equals("providers"))
              .mapToLong(a -> Long.parseLong(a.value()))
              .sum();
      long pool = market.balance(ModuleAccount.PROVIDER_REWARDS);
      if (pool != providersPart) {
        broken.add(
            "epoch-pool: after the start of epoch "
                + epoch
                + " the providers' pool holds "
                + pool
                + ", this block's providers' part is "
                + providersPart);
      }
      if (!ProvenWork.of(state(), epochBefore).isEmpty()) {
        broken.add("epoch-pool: the proven work of epoch " + epochBefore + " was not cleared");
      }
      return broken;
    }

    /** One tx per signer at most, so every signer's sequence is known when signing. */
    private List<Planned> planBlock() {
      List<Planned> planned = new ArrayList<>();
      TreeSet<Address> busy = new TreeSet<>();
      List<Integer> accounts = new ArrayList<>();
      for (int i = 0; i < chain.accountCount(); i++) {
        accounts.add(i);
      }
      Collections.shuffle(accounts, random);
      for (int i : accounts) {
        // The long run keeps fewer accounts busy per block, so that its state stays small enough
        // to check every invariant after each of its thousands of blocks.
        int others = rewards ? 30 : 75;
        int activity = i < MarketFixture.AUDITOR ? 30 : i == MarketFixture.AUDITOR ? 40 : others;
        if (random.nextInt(100) >= activity || busy.contains(chain.address(i))) {
          continue;
        }
        Planned tx = plan(i, busy);
        if (tx != null) {
          planned.add(tx);
        }
      }
      return planned;
    }

    private Planned plan(int account, TreeSet<Address> busy) {
      Ed25519PrivateKey key = chain.keyAt(account);
      if (random.nextInt(100) < 4) {
        Msg send =
            TxBuilder.sendMsg(
                addressOf(key).toBech32(),
                chain.address(random.nextInt(chain.accountCount())).toBech32(),
                1 + random.nextInt(1_000));
        return sign(busy, "send", List.of(send), key);
      }
      if (account < MarketFixture.AUDITOR) {
        return council(account, busy);
      }
      if (account == MarketFixture.AUDITOR) {
        return auditor(key, busy);
      }
      return isProvider(account) ? provider(account, busy) : tenant(key, busy);
    }

    private static boolean isProvider(int account) {
      return account >= MarketFixture.FIRST_PROVIDER && account < FIRST_EXTRA_TENANT;
    }

    private Ed25519PrivateKey anyProviderKey() {
      return chain.keyAt(
          MarketFixture.FIRST_PROVIDER
              + random.nextInt(FIRST_EXTRA_TENANT - MarketFixture.FIRST_PROVIDER));
    }

    // ---- auditor ----------------------------------------------------------------------------

    private Planned auditor(Ed25519PrivateKey key, TreeSet<Address> busy) {
      List<Dispute> open = disputes(DisputeState.DISPUTE_STATE_OPEN);
      if (open.isEmpty() || random.nextInt(10) < 2) {
        List<Provider> providers = providers(null);
        if (providers.isEmpty()) {
          return null;
        }
        Provider target = pick(providers);
        return sign(
            busy,
            "attest",
            List.of(
                Msgs.attest(addressOf(key), Address.fromBech32(target.getAddress()), "gpu_model")),
            key);
      }
      int roll = random.nextInt(100);
      if (roll < 5) {
        Dispute any = pick(open);
        return sign(
            busy,
            "resolve_dispute(bad verdict)",
            List.of(Msgs.resolve(addressOf(key), any.getId(), Verdict.VERDICT_UNSPECIFIED)),
            key);
      }
      if (roll < 12) {
        List<Dispute> ended = disputes(null);
        ended.removeIf(d -> d.getState() == DisputeState.DISPUTE_STATE_OPEN);
        long id = ended.isEmpty() ? 1_000_000 : pick(ended).getId();
        return sign(
            busy,
            "resolve_dispute(bad: not open)",
            List.of(Msgs.resolve(addressOf(key), id, Verdict.VERDICT_REJECTED)),
            key);
      }
      // Some disputes are left to lapse.
      if (roll < 30) {
        return null;
      }
      Dispute dispute = pick(open);
      Verdict verdict = random.nextBoolean() ? Verdict.VERDICT_UPHELD : Verdict.VERDICT_REJECTED;
      return sign(
          busy,
          "resolve_dispute",
          List.of(Msgs.resolve(addressOf(key), dispute.getId(), verdict)),
          key);
    }

    // ---- tenants ----------------------------------------------------------------------------

    private Planned tenant(Ed25519PrivateKey key, TreeSet<Address> busy) {
      Address me = addressOf(key);
      List<Order> mine = orders(me);
      List<Order> open =
          mine.stream().filter(o -> o.getState() == OrderState.ORDER_STATE_OPEN).toList();
      List<Order> matched =
          mine.stream().filter(o -> o.getState() == OrderState.ORDER_STATE_MATCHED).toList();
      int roll = random.nextInt(100);
      if (roll < 25 || mine.isEmpty()) {
        return sign(busy, "create_order", List.of(Msgs.order(randomOrder(me))), key);
      }
      if (roll < 45 && !open.isEmpty()) {
        return accept(key, pick(open), busy);
      }
      if (roll < 53) {
        Order target = random.nextInt(10) < 8 && !matched.isEmpty() ? pick(matched) : pick(mine);
        long amount = random.nextInt(20) == 0 ? 0 : 1 + random.nextInt(5_000);
        return sign(busy, "top_up", List.of(Msgs.topUp(me, target.getId(), amount)), key);
      }
      if (roll < 61) {
        List<Lease> leases = activeLeases();
        if (leases.isEmpty()) {
          return null;
        }
        List<Lease> own = leases.stream().filter(l -> l.getTenant().equals(me.toBech32())).toList();
        Lease target = !own.isEmpty() && random.nextInt(10) < 8 ? pick(own) : pick(leases);
        return sign(busy, "close_lease(tenant)", List.of(Msgs.closeLease(me, target.getId())), key);
      }
      if (roll < 67) {
        Order target = random.nextInt(10) < 8 ? pick(mine) : pick(allOrders());
        return sign(busy, "close_order", List.of(Msgs.closeOrder(me, target.getId())), key);
      }
      if (roll < 70) {
        // Not a member: refused.
        Provider any = providers(null).isEmpty() ? null : pick(providers(null));
        return any == null
            ? null
            : sign(
                busy,
                "propose(non-member)",
                List.of(
                    Msgs.propose(me, Msgs.suspendProvider(Address.fromBech32(any.getAddress())))),
                key);
      }
      if (roll < 86) {
        return dispute(key, busy);
      }
      if (roll < 88) {
        List<Dispute> open2 = disputes(DisputeState.DISPUTE_STATE_OPEN);
        long id = open2.isEmpty() ? 1 : pick(open2).getId();
        return sign(
            busy,
            "resolve_dispute(bad: not auditor)",
            List.of(Msgs.resolve(me, id, Verdict.VERDICT_UPHELD)),
            key);
      }
      List<Order> others =
          allOrders().stream().filter(o -> o.getState() == OrderState.ORDER_STATE_OPEN).toList();
      if (others.isEmpty()) {
        return null;
      }
      // Someone else's order, or bids that need not add up.
      return accept(key, pick(others), busy);
    }

    /** The tenant disputes a proof of its leases in its window; sometimes wrongly. */
    private Planned dispute(Ed25519PrivateKey key, TreeSet<Address> busy) {
      Address me = addressOf(key);
      long next = chain.height() + 1;
      long min = ProofParamsRules.STORE.get(state()).getMinDisputeDeposit();
      List<Proof> all = proofs();
      List<Proof> disputable =
          all.stream()
              .filter(
                  p ->
                      p.getState() == ProofState.PROOF_STATE_PENDING
                          && p.getChallengeEndHeight() >= next
                          && MarketKeeper.lease(state(), p.getLeaseId())
                              .getTenant()
                              .equals(me.toBech32()))
              .toList();
      int roll = random.nextInt(100);
      if (roll < 6 && min > 0 && !disputable.isEmpty()) {
        return sign(
            busy,
            "dispute_proof(bad: deposit too low)",
            List.of(Msgs.dispute(me, pick(disputable).getId(), min - 1)),
            key);
      }
      if (roll < 12 && !all.isEmpty()) {
        Proof other = pick(all);
        if (!MarketKeeper.lease(state(), other.getLeaseId()).getTenant().equals(me.toBech32())) {
          return sign(
              busy,
              "dispute_proof(bad: not tenant)",
              List.of(Msgs.dispute(me, other.getId(), min)),
              key);
        }
      }
      if (roll < 18) {
        List<Proof> settled =
            all.stream()
                .filter(
                    p ->
                        (p.getState() != ProofState.PROOF_STATE_PENDING
                                || p.getChallengeEndHeight() < next)
                            && MarketKeeper.lease(state(), p.getLeaseId())
                                .getTenant()
                                .equals(me.toBech32()))
                .toList();
        if (!settled.isEmpty()) {
          return sign(
              busy,
              "dispute_proof(bad: not disputable)",
              List.of(Msgs.dispute(me, pick(settled).getId(), min)),
              key);
        }
      }
      if (roll < 20) {
        return sign(
            busy,
            "dispute_proof(bad: no such proof)",
            List.of(Msgs.dispute(me, 1_000_000 + random.nextInt(100), min)),
            key);
      }
      if (disputable.isEmpty()) {
        return null;
      }
      return sign(
          busy,
          "dispute_proof",
          List.of(Msgs.dispute(me, pick(disputable).getId(), min + random.nextInt(5_000))),
          key);
    }

    private MsgCreateOrder.Builder randomOrder(Address tenant) {
      int units = 1 + random.nextInt(8);
      ResourceSpec.Builder spec =
          ResourceSpec.newBuilder()
              .setGpuUnits(units)
              .setMinVramGib(VRAM_WANTED[random.nextInt(VRAM_WANTED.length)]);
      if (random.nextInt(10) < 3) {
        spec.addGpuModels(MODELS[random.nextInt(MODELS.length)]);
      }
      if (random.nextInt(20) == 0) {
        spec.setRegion("us-east");
      }
      boolean split = random.nextBoolean();
      MsgCreateOrder.Builder order =
          MsgCreateOrder.newBuilder()
              .setTenant(tenant.toBech32())
              .setSpec(spec)
              .setMaxPrice(1_000 + random.nextInt(2_000_000))
              .setBidWindow(1 + random.nextInt(15))
              .setDuration(random.nextInt(10) < 6 ? 0 : 5 + random.nextInt(80))
              .setAllowSplit(split)
              .setMinUnitsPerProvider(
                  split && random.nextInt(4) == 0 ? 1 + random.nextInt(units) : 0)
              .setDeposit(
                  random.nextInt(5) < 2 ? 10 + random.nextInt(150) : 10 + random.nextInt(5_000));
      if (random.nextInt(10) == 0) {
        order.setRequiredAuditor(addressOf(market.auditor()).toBech32());
      }
      int bad = random.nextInt(100);
      if (bad < 3) {
        order.setDeposit(random.nextInt(10));
      } else if (bad < 5) {
        order.setBidWindow(0);
      } else if (bad < 6) {
        order.setMaxPrice(0);
      }
      return order;
    }

    private Planned accept(Ed25519PrivateKey key, Order order, TreeSet<Address> busy) {
      List<Bid> bids =
          new ArrayList<>(
              MarketKeeper.bidsOf(chain.committed(), order.getId()).stream()
                  .filter(b -> b.getState() == BidState.BID_STATE_OPEN)
                  .toList());
      if (bids.isEmpty()) {
        return null;
      }
      Collections.shuffle(bids, random);
      List<Long> chosen = new ArrayList<>();
      int sum = 0;
      for (Bid bid : bids) {
        if (sum + bid.getGpuUnits() <= order.getSpec().getGpuUnits()
            && (order.getAllowSplit() || chosen.isEmpty())) {
          chosen.add(bid.getId());
          sum += bid.getGpuUnits();
        }
      }
      if (sum != order.getSpec().getGpuUnits() && random.nextBoolean()) {
        return null;
      }
      return sign(
          busy,
          "accept_bids",
          List.of(Msgs.accept(addressOf(key), order.getId(), chosen.toArray(new Long[0]))),
          key);
    }

    // ---- providers --------------------------------------------------------------------------

    private Planned provider(int account, TreeSet<Address> busy) {
      Ed25519PrivateKey key = chain.keyAt(account);
      Address me = addressOf(key);
      Provider self = ProviderKeeper.get(chain.committed(), me);
      if (self == null) {
        int model = random.nextInt(MODELS.length);
        Attributes attributes = Msgs.gpus(MODELS[model], VRAM[model], 1 << random.nextInt(5));
        long bond = random.nextInt(10) == 0 ? 1 : MarketFixture.BOND;
        if (random.nextInt(20) == 0) {
          attributes = attributes.toBuilder().setGpuCount(0).build();
        }
        return sign(busy, "register", List.of(Msgs.register(me, attributes, bond)), key);
      }
      if (self.getState() == ProviderState.PROVIDER_STATE_RETIRED) {
        return random.nextInt(20) == 0
            ? sign(
                busy,
                "update(retired)",
                List.of(Msgs.update(Msgs.updateBody(me, self.getAttributes()))),
                key)
            : null;
      }
      if (self.getAgentKeysCount() == 0 && random.nextBoolean()) {
        return setAgentKeys(account, busy);
      }
      List<Lease> leases = activeLeases();
      List<Lease> mine =
          leases.stream().filter(l -> l.getProvider().equals(me.toBech32())).toList();
      int roll = random.nextInt(100);
      if (roll < 40) {
        List<Order> open =
            allOrders().stream().filter(o -> o.getState() == OrderState.ORDER_STATE_OPEN).toList();
        Order order =
            open.isEmpty() || random.nextInt(20) == 0
                ? (allOrders().isEmpty() ? null : pick(allOrders()))
                : pick(open);
        if (order == null) {
          return null;
        }
        return sign(busy, "create_bid", List.of(randomBid(me, self, order)), key);
      }
      if (roll < 45) {
        List<Bid> open = openBids(me);
        if (open.isEmpty()) {
          return null;
        }
        Bid bid = pick(open);
        Ed25519PrivateKey signer = random.nextInt(10) == 0 ? anyProviderKey() : key;
        if (busy.contains(addressOf(signer))) {
          return null;
        }
        return sign(
            busy,
            "withdraw_bid",
            List.of(Msgs.withdrawBid(addressOf(signer), bid.getOrderId(), bid.getId())),
            signer);
      }
      if (roll < 75 && (!mine.isEmpty() || random.nextInt(20) == 0)) {
        return submitProof(account, self, mine, leases, busy);
      }
      if (roll < 84) {
        List<Lease> owned =
            allLeases().stream().filter(l -> l.getProvider().equals(me.toBech32())).toList();
        List<Lease> owed = owned.stream().filter(l -> l.getWithdrawableMicro() > 0).toList();
        List<Lease> any =
            random.nextInt(20) == 0
                ? leases
                : !owed.isEmpty() ? owed : random.nextInt(5) == 0 ? owned : List.<Lease>of();
        if (any.isEmpty()) {
          return null;
        }
        return sign(
            busy, "withdraw_lease", List.of(Msgs.withdrawLease(me, pick(any).getId())), key);
      }
      if (roll < 88 && !mine.isEmpty()) {
        return sign(
            busy, "close_lease(provider)", List.of(Msgs.closeLease(me, pick(mine).getId())), key);
      }
      if (roll < 91) {
        // More GPUs than approved need a new approval (refused while the provider is busy).
        int change = random.nextInt(5) - 2;
        boolean more = change > 0;
        Attributes offer =
            self.getAttributes().toBuilder()
                .setGpuCount(Math.max(1, self.getAttributes().getGpuCount() + change))
                .build();
        return sign(
            busy,
            more ? "update(more gpus)" : "update",
            List.of(Msgs.update(Msgs.updateBody(me, offer))),
            key);
      }
      if (roll < 94) {
        return setAgentKeys(account, busy);
      }
      if (roll < 95 && random.nextInt(4) == 0) {
        return sign(busy, "retire", List.of(Msgs.retire(me)), key);
      }
      return null;
    }

    /** Agent keys of provider account {@code i}: the first always, a rotated one sometimes. */
    private static Ed25519PrivateKey agent(int account, int generation) {
      return Proofs.agentKey(account + 100 * generation);
    }

    private Planned setAgentKeys(int account, TreeSet<Address> busy) {
      Ed25519PrivateKey key = chain.keyAt(account);
      Address me = addressOf(key);
      int roll = random.nextInt(100);
      if (roll < 8) {
        return sign(
            busy,
            "set_agent_keys(bad: twice)",
            List.of(
                Msgs.setAgentKeys(
                    me, agent(account, 0).publicKey(), agent(account, 0).publicKey())),
            key);
      }
      if (roll < 14) {
        return sign(
            busy,
            "set_agent_keys(bad: key bytes)",
            List.of(Msgs.setAgentKeys(me, List.of(new byte[31]))),
            key);
      }
      if (roll < 40) {
        return sign(
            busy,
            "set_agent_keys",
            List.of(
                Msgs.setAgentKeys(
                    me, agent(account, 0).publicKey(), agent(account, 1).publicKey())),
            key);
      }
      return sign(
          busy,
          "set_agent_keys",
          List.of(Msgs.setAgentKeys(me, agent(account, 0).publicKey())),
          key);
    }

    /**
     * A proof of one of the provider's leases, as its agent would make it for the next block: from
     * where the lease is proven through (or where the grace period cuts it), to a height no later
     * than the next block. About one in five is broken on purpose.
     */
    private Planned submitProof(
        int account, Provider self, List<Lease> mine, List<Lease> leases, TreeSet<Address> busy) {
      Ed25519PrivateKey key = chain.keyAt(account);
      Address me = addressOf(key);
      ProofParams params = ProofParamsRules.STORE.get(state());
      long next = chain.height() + 1;
      int roll = random.nextInt(100);
      if (mine.isEmpty() || roll < 3) {
        List<Lease> others =
            (roll < 2 || leases.isEmpty() ? allLeases() : leases)
                .stream().filter(l -> !l.getProvider().equals(me.toBech32())).toList();
        if (others.isEmpty()) {
          return null;
        }
        Lease other = pick(others);
        long from = Math.max(other.getProvenThrough(), next - params.getGracePeriod());
        if (from >= next) {
          return null;
        }
        return sign(
            busy,
            "submit_proof(bad: not provider)",
            List.of(proof(account, 0, other, from, next, self, Usage.getDefaultInstance(), null)),
            key);
      }
      if (roll < 5) {
        List<Lease> closed =
            allLeases().stream()
                .filter(
                    l ->
                        l.getProvider().equals(me.toBech32())
                            && l.getState() == LeaseState.LEASE_STATE_CLOSED)
                .toList();
        List<Lease> held = closed.stream().filter(LeaseLifecycle::holdsUnproven).toList();
        if (!held.isEmpty() && random.nextBoolean()) {
          // A late proof of a lease its tenant closed, up to the close: still paid.
          Lease lease = pick(held);
          return sign(
              busy,
              "submit_proof(late: closed lease)",
              List.of(
                  proof(
                      account,
                      0,
                      lease,
                      lease.getProvenThrough(),
                      lease.getClosedHeight(),
                      self,
                      Proofs.usage(self.getAttributes().getGpuModel(), 0),
                      null)),
              key);
        }
        closed = closed.stream().filter(l -> !LeaseLifecycle.holdsUnproven(l)).toList();
        if (!closed.isEmpty()) {
          Lease lease = pick(closed);
          return sign(
              busy,
              "submit_proof(bad: lease closed)",
              List.of(
                  proof(
                      account,
                      0,
                      lease,
                      lease.getProvenThrough(),
                      lease.getProvenThrough() + 1,
                      self,
                      Usage.getDefaultInstance(),
                      null)),
              key);
        }
      }
      // Usually the lease whose proof is due first, as a diligent agent would.
      Lease lease =
          random.nextInt(10) < 7
              ? mine.stream().min(Comparator.comparingLong(Lease::getProofDeadline)).get()
              : pick(mine);
      long from = Math.max(lease.getProvenThrough(), next - params.getGracePeriod());
      if (from >= next) {
        return null;
      }
      long to = from + 1 + random.nextInt((int) Math.min(next - from, 1_000));
      long limit = (long) lease.getGpuUnits() * (to - from) * params.getMaxGpuSecondsPerBlock();
      // Within the block time as well: CheckTx cannot check that for a period ending at the
      // coming block, and would disagree with FinalizeBlock.
      long plausible =
          (long) lease.getGpuUnits()
              * (to - from)
              * Math.min(params.getMaxGpuSecondsPerBlock(), TestChain.BLOCK_SECONDS);
      Usage usage =
          Proofs.usage(
              self.getAttributes().getGpuModel(), (long) (random.nextDouble() * plausible));
      int generation = self.getAgentKeysCount() > 1 && random.nextBoolean() ? 1 : 0;
      String label = "submit_proof";
      Msg msg;
      if (roll < 8) {
        label = "submit_proof(bad: not contiguous)";
        msg = proof(account, generation, lease, from + 1, to + 1, self, usage, null);
      } else if (roll < 10) {
        label = "submit_proof(bad: future)";
        msg = proof(account, generation, lease, from, next + 1, self, usage, null);
      } else if (roll < 12) {
        label = "submit_proof(bad: unknown agent)";
        msg = proof(account, 7, lease, from, to, self, usage, null);
      } else if (roll < 14) {
        label = "submit_proof(bad: other chain)";
        msg = proof(account, generation, lease, from, to, self, usage, "another-chain");
      } else if (roll < 16) {
        label = "submit_proof(bad: model)";
        String other =
            MODELS[(List.of(MODELS).indexOf(self.getAttributes().getGpuModel()) + 1) % 3];
        msg =
            proof(
                account,
                generation,
                lease,
                from,
                to,
                self,
                usage.toBuilder().setGpuModel(other).build(),
                null);
      } else if (roll < 18) {
        label = "submit_proof(bad: gpu seconds)";
        msg =
            proof(
                account,
                generation,
                lease,
                from,
                to,
                self,
                usage.toBuilder().setGpuSeconds(limit + 1).build(),
                null);
      } else {
        msg = proof(account, generation, lease, from, to, self, usage, null);
      }
      return sign(busy, label, List.of(msg), key);
    }

    private Msg proof(
        int account,
        int generation,
        Lease lease,
        long from,
        long to,
        Provider self,
        Usage usage,
        String chainId) {
      Usage used =
          usage.getGpuModel().isEmpty()
              ? Proofs.usage(self.getAttributes().getGpuModel(), 1)
              : usage;
      MsgSubmitProof body =
          Proofs.signed(
                  chainId == null ? chain.chainId() : chainId,
                  addressOf(chain.keyAt(account)),
                  lease.getId(),
                  from,
                  to,
                  used,
                  agent(account, generation))
              .setProvider(addressOf(chain.keyAt(account)).toBech32())
              .build();
      return Msgs.submitProof(body);
    }

    private Msg randomBid(Address me, Provider self, Order order) {
      int needed = order.getSpec().getGpuUnits();
      int free = Math.max(1, self.getAttributes().getGpuCount() - self.getLeasedUnits());
      int units =
          order.getAllowSplit()
              ? Math.max(order.getMinUnitsPerProvider(), 1 + random.nextInt(Math.min(needed, free)))
              : needed;
      long price =
          random.nextInt(10) == 0
              ? order.getMaxPrice() + 1 + random.nextInt(100)
              : 1
                  + (long)
                      random.nextInt((int) Math.min(order.getMaxPrice(), Integer.MAX_VALUE - 1));
      long deposit =
          random.nextInt(20) == 0
              ? MarketFixture.MARKET_PARAMS.getMinBidDeposit() - 1
              : MarketFixture.BID_DEPOSIT + random.nextInt(1_000);
      return Msgs.bid(me, order.getId(), units, price, deposit);
    }

    // ---- council ----------------------------------------------------------------------------

    private Planned council(int member, TreeSet<Address> busy) {
      Ed25519PrivateKey key = chain.keyAt(member);
      Address me = addressOf(key);
      int other = (member + 1 + random.nextInt(2)) % 3;
      Ed25519PrivateKey coKey = chain.keyAt(other);
      boolean coSign = !busy.contains(addressOf(coKey)) && random.nextInt(10) < 7;
      List<Proposal> open = openProposals();
      int roll = random.nextInt(100);
      if (roll < 20) {
        if (open.isEmpty()) {
          return null;
        }
        Proposal proposal = pick(open);
        boolean approved = proposal.getApprovalsList().contains(me.toBech32());
        if (approved && random.nextInt(3) == 0) {
          return sign(busy, "revoke", List.of(Msgs.revoke(me, proposal.getId())), key);
        }
        return sign(busy, "approve", List.of(Msgs.approve(me, proposal.getId())), key);
      }
      CouncilAction action;
      List<Provider> pending = providers(ProviderState.PROVIDER_STATE_PENDING);
      List<Provider> active = providers(ProviderState.PROVIDER_STATE_ACTIVE);
      List<Provider> suspended = providers(ProviderState.PROVIDER_STATE_SUSPENDED);
      String label;
      if (roll < 70) {
        if (pending.isEmpty()) {
          return null;
        }
        action = Msgs.approveProvider(Address.fromBech32(pick(pending).getAddress()));
        label = "approve_provider";
      } else if (roll < 73) {
        if (active.isEmpty()) {
          return null;
        }
        action = Msgs.suspendProvider(Address.fromBech32(pick(active).getAddress()));
        label = "suspend_provider";
      } else if (roll < 85) {
        if (suspended.isEmpty()) {
          return null;
        }
        action = Msgs.reinstateProvider(Address.fromBech32(pick(suspended).getAddress()));
        label = "reinstate_provider";
      } else if (roll < 95) {
        SetParams.Builder params = SetParams.newBuilder();
        int which = random.nextInt(rewards ? 5 : 3);
        if (which == 0) {
          params.setEscrow(
              EscrowParams.newBuilder()
                  .setTakeRateBps(random.nextInt(20) == 0 ? 10_001 : random.nextInt(2_000)));
        } else if (which == 1) {
          params.setMarket(
              MarketFixture.MARKET_PARAMS.toBuilder().setProviderCloseNotice(random.nextInt(10)));
        } else if (which == 2) {
          params.setProof(randomProofParams());
        } else {
          params.setRewards(
              SIM_REWARDS.toBuilder()
                  .setInitialEmission(random.nextInt(2_000_000))
                  .setEpochBlocks(random.nextInt(20) == 0 ? 0 : 50 + random.nextInt(200))
                  .setProviderShareBps(1_000 + random.nextInt(4_000)));
        }
        action = Msgs.setParams(params.build());
        label = "set_params";
      } else if (rewards && roll < 98) {
        int validator = random.nextInt(POWERS.length + 1);
        long power = POWERS[validator % POWERS.length] + random.nextInt(15) - 5;
        action =
            validator == POWERS.length
                ? TestValidators.add(validator, 1 + random.nextInt(15))
                : TestValidators.setPower(validator, Math.max(1, power));
        label = "validator_power";
      } else {
        List<Provider> all = providers(null);
        if (all.isEmpty()) {
          return null;
        }
        // Usually refused: the provider is in the wrong state for this action.
        action = Msgs.approveProvider(Address.fromBech32(pick(all).getAddress()));
        label = "approve_provider(any)";
      }
      if (coSign) {
        return sign(
            busy,
            "propose+cosign " + label,
            List.of(Msgs.propose(me, action, addressOf(coKey))),
            key,
            coKey);
      }
      return sign(busy, "propose " + label, List.of(Msgs.propose(me, action)), key);
    }

    /** Proof params with short windows; one in ten invalid (no deadline beyond the grace). */
    private ProofParams randomProofParams() {
      long grace = 5 + random.nextInt(36);
      return SIM_PROOFS.toBuilder()
          .setChallengeWindow(1 + random.nextInt(15))
          .setGracePeriod(grace)
          .setMaxUnprovenBlocks(random.nextInt(10) == 0 ? grace : grace + 1 + random.nextInt(40))
          .setDisputeTimeout(1 + random.nextInt(30))
          .setMinDisputeDeposit(random.nextInt(4) == 0 ? 1 : 1 + random.nextInt(5_000))
          .setMaxGpuSecondsPerBlock(1 + random.nextInt(20))
          .setSlashBps(random.nextInt(3_000))
          .setSlashToTenantBps(random.nextInt(10_001))
          .build();
    }

    // ---- wind-down --------------------------------------------------------------------------

    /**
     * Everyone leaves: tenants close every order, pending proofs and open disputes run out, then
     * providers retire; every held ulease goes back.
     */
    void windDown() {
      List<Planned> closes = new ArrayList<>();
      TreeSet<Address> busy = new TreeSet<>();
      for (int i = MarketFixture.TENANT; i < chain.accountCount(); i++) {
        Address tenant = chain.address(i);
        List<Msg> msgs = new ArrayList<>();
        for (Order order : orders(tenant)) {
          if (order.getState() == OrderState.ORDER_STATE_OPEN
              || order.getState() == OrderState.ORDER_STATE_MATCHED) {
            msgs.add(Msgs.closeOrder(tenant, order.getId()));
          }
        }
        if (!msgs.isEmpty()) {
          closes.add(sign(busy, "close_order(all)", msgs, chain.keyAt(i)));
        }
      }
      runBlock(closes);
      int waited = 0;
      // Leases closed by their tenant hold their unproven accrual for the grace period, too.
      while (proofs().stream()
              .anyMatch(
                  p ->
                      p.getState() == ProofState.PROOF_STATE_PENDING
                          || p.getState() == ProofState.PROOF_STATE_DISPUTED)
          || allLeases().stream().anyMatch(LeaseLifecycle::holdsUnproven)) {
        runBlock(List.of());
        assertTrue(++waited < 1_000, "pending proofs, open disputes and late-proof holds end");
      }
      List<Planned> retires = new ArrayList<>();
      busy.clear();
      for (Provider provider : providers(null)) {
        if (provider.getState() != ProviderState.PROVIDER_STATE_RETIRED) {
          Ed25519PrivateKey key = keyOf(Address.fromBech32(provider.getAddress()));
          retires.add(
              sign(
                  busy,
                  "retire(all)",
                  List.of(Msgs.retire(Address.fromBech32(provider.getAddress()))),
                  key));
        }
      }
      runBlock(retires);
      for (int i = 0; i <= MarketFixture.PROVIDER_PARAMS.getUnbondingBlocks() + 1; i++) {
        runBlock(List.of());
      }
      assertEquals(List.of(), activeLeases(), "every lease closed with its order");
      assertEquals(
          0, market.balance(ModuleAccount.ESCROW), "every escrow was paid out or refunded");
      assertEquals(0, market.balance(ModuleAccount.BID_DEPOSITS), "every bid deposit went back");
      assertEquals(0, market.balance(ModuleAccount.PROVIDER_BONDS), "every bond went back");
      assertEquals(
          0, market.balance(ModuleAccount.DISPUTE_DEPOSITS), "every dispute deposit went back");
      for (Lease lease : allLeases()) {
        assertEquals(0, lease.getWithdrawableMicro(), "lease " + lease.getId() + " was paid out");
      }
    }

    void report() {
      System.out.println(
          "simulation seed "
              + seed
              + (rewards ? " with rewards" : "")
              + ": "
              + txs
              + " txs, "
              + chain.height()
              + " blocks ("
              + emptyBlocks
              + " empty), lease closes "
              + closeReasons
              + ", dispute ends "
              + disputeEnds
              + (rewards
                  ? ", " + epochsPaid + " epochs, " + providerRewardsPaid + " ulease to provers"
                  : ""));
      outcomes.forEach((k, v) -> System.out.println("  " + k + ": " + v[0]));
      int ok =
          outcomes.entrySet().stream()
              .filter(e -> e.getKey().endsWith("-> ok"))
              .mapToInt(e -> e.getValue()[0])
              .sum();
      assertTrue(txs >= 2_000, "a simulation of thousands of txs, had " + txs);
      assertTrue(
          ok >= txs / 4 && ok <= txs - txs / 10,
          "a mix of valid and invalid txs: " + ok + " of " + txs + " ok");
      assertEquals(List.of(), gaps(), "every kind of event happened: " + outcomes.keySet());
      if (rewards) {
        assertTrue(epochsPaid >= 10, "epochs started: " + epochsPaid);
        assertTrue(providerRewardsPaid > 0, "no epoch pool was paid to proven work");
      }
    }

    /** The kinds of event the run has not seen yet (each must happen at least once). */
    private List<String> gaps() {
      List<String> gaps = new ArrayList<>();
      for (String reason :
          List.of(
              "CLOSE_REASON_TENANT",
              "CLOSE_REASON_PROVIDER",
              "CLOSE_REASON_OUT_OF_FUNDS",
              "CLOSE_REASON_DURATION_REACHED",
              "CLOSE_REASON_PROOF_MISSING",
              "CLOSE_REASON_DISPUTE_LOST")) {
        if (closeReasons.getOrDefault(reason, 0) == 0) {
          gaps.add("no lease closed with " + reason);
        }
      }
      // escrow_closed: the automatic payouts and refund of an ended order are reported.
      for (String end :
          List.of("dispute_upheld", "dispute_rejected", "dispute_lapsed", "escrow_closed")) {
        if (disputeEnds.getOrDefault(end, 0) == 0) {
          gaps.add("no " + end);
        }
      }
      long proofCodes =
          outcomes.keySet().stream()
              .filter(k -> k.startsWith("submit_proof") && k.contains("-> proof/"))
              .map(k -> k.substring(k.indexOf("-> ")))
              .distinct()
              .count();
      if (proofCodes < 5) {
        gaps.add("submit_proof was refused for " + proofCodes + " reasons only");
      }
      for (String kind :
          List.of(
              "create_order -> ok",
              "create_bid -> ok",
              "accept_bids -> ok",
              "withdraw_lease -> ok",
              "top_up -> ok",
              "withdraw_bid -> ok",
              "close_order -> ok",
              "propose+cosign approve_provider -> ok",
              "approve -> ok",
              "set_agent_keys -> ok",
              "submit_proof -> ok",
              "dispute_proof -> ok",
              "resolve_dispute -> ok",
              "dispute_proof(bad: not tenant) -> proof/12",
              "dispute_proof(bad: not disputable) -> proof/13")) {
        if (!outcomes.containsKey(kind)) {
          gaps.add("the simulation never did " + kind);
        }
      }
      return gaps;
    }

    // ---- reading state ----------------------------------------------------------------------

    private ReadableState state() {
      return chain.committed();
    }

    private List<Long> ids(KeySpace space, byte[]... prefix) {
      List<Long> ids = new ArrayList<>();
      Iterator<KeyValue> scan = state().scanPrefix(Keys.of(space, prefix));
      while (scan.hasNext()) {
        byte[] key = scan.next().key();
        ids.add(ByteBuffer.wrap(key, key.length - 8, 8).getLong());
      }
      return ids;
    }

    private List<Order> allOrders() {
      return ids(KeySpace.ORDER).stream().map(id -> MarketKeeper.order(state(), id)).toList();
    }

    private List<Order> orders(Address tenant) {
      return ids(KeySpace.ORDERS_BY_TENANT, tenant.bytes()).stream()
          .map(id -> MarketKeeper.order(state(), id))
          .toList();
    }

    private List<Lease> activeLeases() {
      return ids(KeySpace.LEASES_BY_STATE, new byte[] {(byte) LeaseState.LEASE_STATE_ACTIVE_VALUE})
          .stream()
          .map(id -> MarketKeeper.lease(state(), id))
          .toList();
    }

    private List<Lease> allLeases() {
      return ids(KeySpace.LEASE).stream().map(id -> MarketKeeper.lease(state(), id)).toList();
    }

    private List<Proof> proofs() {
      return ids(KeySpace.PROOF).stream()
          .map(id -> io.leasechain.ledger.proof.ProofKeeper.proof(state(), id))
          .toList();
    }

    /** Disputes in {@code wanted} state (all when null), in a list the caller may change. */
    private List<Dispute> disputes(DisputeState wanted) {
      List<Dispute> disputes = new ArrayList<>();
      for (long id : ids(KeySpace.DISPUTE)) {
        Dispute dispute = io.leasechain.ledger.proof.ProofKeeper.dispute(state(), id);
        if (wanted == null || dispute.getState() == wanted) {
          disputes.add(dispute);
        }
      }
      return disputes;
    }

    private List<Bid> openBids(Address provider) {
      List<Bid> bids = new ArrayList<>();
      Iterator<KeyValue> scan =
          state().scanPrefix(Keys.of(KeySpace.BIDS_BY_PROVIDER, provider.bytes()));
      while (scan.hasNext()) {
        byte[] key = scan.next().key();
        ByteBuffer ids = ByteBuffer.wrap(key, key.length - 16, 16);
        Bid bid = MarketKeeper.bid(state(), ids.getLong(), ids.getLong());
        if (bid.getState() == BidState.BID_STATE_OPEN) {
          bids.add(bid);
        }
      }
      return bids;
    }

    private List<Provider> providers(ProviderState wanted) {
      List<Provider> providers = new ArrayList<>();
      Iterator<KeyValue> scan = state().scanPrefix(Keys.of(KeySpace.PROVIDER));
      while (scan.hasNext()) {
        byte[] key = scan.next().key();
        Provider provider =
            ProviderKeeper.get(state(), Address.of(Arrays.copyOfRange(key, 1, key.length)));
        if (wanted == null || provider.getState() == wanted) {
          providers.add(provider);
        }
      }
      return providers;
    }

    private List<Proposal> openProposals() {
      return ids(
              KeySpace.PROPOSALS_BY_STATE,
              new byte[] {(byte) ProposalState.PROPOSAL_STATE_OPEN_VALUE})
          .stream()
          .map(id -> AuthorityKeeper.proposal(state(), id))
          .toList();
    }

    private Ed25519PrivateKey keyOf(Address address) {
      for (int i = 0; i < chain.accountCount(); i++) {
        if (chain.address(i).equals(address)) {
          return chain.keyAt(i);
        }
      }
      throw new IllegalArgumentException("no key for " + address);
    }

    private <T> T pick(List<T> list) {
      return list.get(random.nextInt(list.size()));
    }

    /** A planned tx; null when a signer already has a tx in this block. */
    private Planned sign(
        TreeSet<Address> busy, String label, List<Msg> msgs, Ed25519PrivateKey... signers) {
      if (msgs == null) {
        return null;
      }
      for (Ed25519PrivateKey signer : signers) {
        if (!busy.add(addressOf(signer))) {
          return null;
        }
      }
      return new Planned(chain.sign(msgs, signers), label);
    }
  }

  /** A signed tx and what it is, for the statistics. */
  private record Planned(byte[] bytes, String label) {}
}
