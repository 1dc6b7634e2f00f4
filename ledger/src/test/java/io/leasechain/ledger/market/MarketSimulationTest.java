package io.leasechain.ledger.market;

import static io.leasechain.ledger.testing.MarketFixture.addressOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.TxOutcome;
import io.leasechain.ledger.authority.AuthorityKeeper;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.authority.proto.Proposal;
import io.leasechain.ledger.authority.proto.ProposalState;
import io.leasechain.ledger.authority.proto.SetParams;
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
import io.leasechain.ledger.provider.ProviderKeeper;
import io.leasechain.ledger.provider.proto.Attributes;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.testing.TestChain;
import io.leasechain.ledger.testing.TxBuilder;
import io.leasechain.ledger.tx.proto.Msg;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A seeded random market: providers register and are approved or suspended by the council, tenants
 * order (split or not), providers bid and withdraw, tenants accept, top up and close, providers
 * withdraw and give notice, the council proposes, approves, revokes and changes params; a share of
 * every kind is invalid on purpose. After every block every invariant must hold, and CheckTx must
 * have answered every tx exactly as FinalizeBlock did. At the end everyone leaves and every held
 * ulease must have gone back.
 *
 * <p>Reproduce a failure with its seed: {@code -Dtest=MarketSimulationTest -Dsim.seed=N}.
 */
class MarketSimulationTest {

  private static final int BLOCKS = 300;
  private static final int EXTRA_ACCOUNTS = 12;
  private static final int FIRST_EXTRA_PROVIDER =
      MarketFixture.FIRST_PROVIDER + MarketFixture.PROVIDERS;
  private static final int FIRST_EXTRA_TENANT = FIRST_EXTRA_PROVIDER + 6;
  private static final String[] MODELS = {
    "nvidia-rtx-4090", "nvidia-a100-40gb", "nvidia-h100-80gb"
  };
  private static final int[] VRAM = {24, 40, 80};
  private static final int[] VRAM_WANTED = {0, 24, 40, 80};

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {20261125L, 7L, 424242L})
  void invariantsHoldAfterEveryBlock(long seed) {
    String override = System.getProperty("sim.seed");
    long used = override == null ? seed : Long.parseLong(override);
    Simulation simulation = new Simulation(used);
    try {
      simulation.run(BLOCKS);
      simulation.windDown();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          "simulation seed "
              + used
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
    private final Random random;
    private final MarketFixture market;
    private final TestChain chain;
    private final TreeMap<String, int[]> outcomes = new TreeMap<>();
    private final TreeMap<String, Integer> closeReasons = new TreeMap<>();
    private int txs;
    private int emptyBlocks;

    Simulation(long seed) {
      this.seed = seed;
      this.random = new Random(seed);
      // Accounts 12-23 join the fixture's: 12-17 are providers too, 18-23 tenants.
      this.market =
          MarketFixture.create(
              builder ->
                  builder
                      .accounts(EXTRA_ACCOUNTS, TestChain.DEFAULT_BALANCE)
                      .authorityParams(
                          MarketFixture.AUTHORITY_PARAMS.toBuilder()
                              .setProposalTtlBlocks(15)
                              .build()));
      this.chain = market.chain();
      market.councilDoes(Msgs.appointAuditor(addressOf(market.auditor())));
    }

    // ---- driving ----------------------------------------------------------------------------

    void run(int blocks) {
      for (int i = 0; i < blocks; i++) {
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
     * Runs {@code txs} as CometBFT would: CheckTx each, then the block, then Commit; then checks.
     */
    private void runBlock(List<Planned> planned) {
      List<byte[]> bytes = new ArrayList<>();
      List<TxOutcome> checked = new ArrayList<>();
      for (Planned tx : planned) {
        bytes.add(tx.bytes());
        checked.add(chain.checkTx(tx.bytes()));
      }
      BlockResult block = chain.finalizeBlock(bytes);
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
      events.stream()
          .filter(e -> e.type().equals("lease_closed"))
          .forEach(
              e ->
                  e.attributes().stream()
                      .filter(a -> a.key().equals("close_reason"))
                      .forEach(a -> closeReasons.merge(a.value(), 1, Integer::sum)));
      List<String> broken = new ArrayList<>(Invariants.broken(chain.committed(), chain.height()));
      broken.addAll(Invariants.broken(chain.committed(), chain.height()));
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
        int activity = i < MarketFixture.AUDITOR ? 30 : i == MarketFixture.AUDITOR ? 10 : 75;
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
      return isProvider(account) ? provider(key, busy) : tenant(key, busy);
    }

    private static boolean isProvider(int account) {
      return account >= MarketFixture.FIRST_PROVIDER && account < FIRST_EXTRA_TENANT;
    }

    private Ed25519PrivateKey anyProviderKey() {
      return chain.keyAt(
          MarketFixture.FIRST_PROVIDER
              + random.nextInt(FIRST_EXTRA_TENANT - MarketFixture.FIRST_PROVIDER));
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
      if (roll < 30 || mine.isEmpty()) {
        return sign(busy, "create_order", List.of(Msgs.order(randomOrder(me))), key);
      }
      if (roll < 55 && !open.isEmpty()) {
        return accept(key, pick(open), busy);
      }
      if (roll < 65) {
        Order target = random.nextInt(10) < 8 && !matched.isEmpty() ? pick(matched) : pick(mine);
        long amount = random.nextInt(20) == 0 ? 0 : 1 + random.nextInt(5_000);
        return sign(busy, "top_up", List.of(Msgs.topUp(me, target.getId(), amount)), key);
      }
      if (roll < 75) {
        List<Lease> leases = activeLeases();
        if (leases.isEmpty()) {
          return null;
        }
        List<Lease> own = leases.stream().filter(l -> l.getTenant().equals(me.toBech32())).toList();
        Lease target = !own.isEmpty() && random.nextInt(10) < 8 ? pick(own) : pick(leases);
        return sign(busy, "close_lease(tenant)", List.of(Msgs.closeLease(me, target.getId())), key);
      }
      if (roll < 82) {
        Order target = random.nextInt(10) < 8 ? pick(mine) : pick(allOrders());
        return sign(busy, "close_order", List.of(Msgs.closeOrder(me, target.getId())), key);
      }
      if (roll < 87) {
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
      List<Order> others =
          allOrders().stream().filter(o -> o.getState() == OrderState.ORDER_STATE_OPEN).toList();
      if (others.isEmpty()) {
        return null;
      }
      // Someone else's order, or bids that need not add up.
      return accept(key, pick(others), busy);
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

    private Planned provider(Ed25519PrivateKey key, TreeSet<Address> busy) {
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
      List<Lease> leases = activeLeases();
      List<Lease> mine =
          leases.stream().filter(l -> l.getProvider().equals(me.toBech32())).toList();
      int roll = random.nextInt(100);
      if (roll < 55) {
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
      if (roll < 62) {
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
      if (roll < 78 && !leases.isEmpty()) {
        Lease lease = !mine.isEmpty() && random.nextInt(10) < 9 ? pick(mine) : pick(leases);
        return sign(busy, "withdraw_lease", List.of(Msgs.withdrawLease(me, lease.getId())), key);
      }
      if (roll < 84 && !mine.isEmpty()) {
        return sign(
            busy, "close_lease(provider)", List.of(Msgs.closeLease(me, pick(mine).getId())), key);
      }
      if (roll < 87) {
        Attributes more =
            self.getAttributes().toBuilder()
                .setGpuCount(
                    Math.max(1, self.getAttributes().getGpuCount() + random.nextInt(5) - 2))
                .build();
        return sign(busy, "update", List.of(Msgs.update(Msgs.updateBody(me, more))), key);
      }
      if (roll < 88 && random.nextInt(4) == 0) {
        return sign(busy, "retire", List.of(Msgs.retire(me)), key);
      }
      return null;
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
      if (roll < 75) {
        if (pending.isEmpty()) {
          return null;
        }
        action = Msgs.approveProvider(Address.fromBech32(pick(pending).getAddress()));
        label = "approve_provider";
      } else if (roll < 78) {
        if (active.isEmpty()) {
          return null;
        }
        action = Msgs.suspendProvider(Address.fromBech32(pick(active).getAddress()));
        label = "suspend_provider";
      } else if (roll < 90) {
        if (suspended.isEmpty()) {
          return null;
        }
        action = Msgs.reinstateProvider(Address.fromBech32(pick(suspended).getAddress()));
        label = "reinstate_provider";
      } else if (roll < 95) {
        SetParams.Builder params = SetParams.newBuilder();
        if (random.nextBoolean()) {
          params.setEscrow(
              EscrowParams.newBuilder()
                  .setTakeRateBps(random.nextInt(20) == 0 ? 10_001 : random.nextInt(2_000)));
        } else {
          params.setMarket(
              MarketFixture.MARKET_PARAMS.toBuilder().setProviderCloseNotice(random.nextInt(10)));
        }
        action = Msgs.setParams(params.build());
        label = "set_params";
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

    // ---- wind-down --------------------------------------------------------------------------

    /**
     * Everyone leaves: tenants close every order, providers retire; every held ulease goes back.
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
    }

    void report() {
      System.out.println(
          "simulation seed "
              + seed
              + ": "
              + txs
              + " txs, "
              + chain.height()
              + " blocks ("
              + emptyBlocks
              + " empty), lease closes "
              + closeReasons);
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
      for (String reason :
          List.of(
              "CLOSE_REASON_TENANT",
              "CLOSE_REASON_PROVIDER",
              "CLOSE_REASON_OUT_OF_FUNDS",
              "CLOSE_REASON_DURATION_REACHED")) {
        assertTrue(
            closeReasons.getOrDefault(reason, 0) > 0,
            "no lease closed with " + reason + ": " + closeReasons);
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
              "approve -> ok")) {
        assertTrue(outcomes.containsKey(kind), "the simulation never did " + kind);
      }
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
