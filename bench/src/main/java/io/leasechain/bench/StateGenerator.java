package io.leasechain.bench;

import com.google.protobuf.Message;
import io.leasechain.client.tx.Messages;
import io.leasechain.crypto.Address;
import io.leasechain.ledger.BlockContext;
import io.leasechain.ledger.GenesisState;
import io.leasechain.ledger.Ledger;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.authority.CouncilActions;
import io.leasechain.ledger.bank.BankParamsRules;
import io.leasechain.ledger.market.AcceptBidsHandler;
import io.leasechain.ledger.market.CreateBidHandler;
import io.leasechain.ledger.market.CreateOrderHandler;
import io.leasechain.ledger.market.MarketKeeper;
import io.leasechain.ledger.market.proto.ResourceSpec;
import io.leasechain.ledger.provider.RegisterProviderHandler;
import io.leasechain.ledger.provider.proto.Attributes;
import io.leasechain.ledger.provider.proto.Interconnect;
import io.leasechain.ledger.state.OverlayState;
import io.leasechain.ledger.tx.MsgContext;
import io.leasechain.ledger.tx.MsgHandler;
import io.leasechain.ledger.tx.TxParamsRules;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.node.store.RocksStore;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Builds a state of N active leases straight into a {@link RocksStore}, without consensus: genesis
 * by {@link Ledger#initChain}, then providers, orders, bids and accepted bids by the ledger's own
 * message handlers (each message validated first, as CheckTx would), so that every record, escrow
 * and secondary index is exactly what the ledger writes. Each batch of leases is one committed
 * height. Skipped, since no consensus runs: signatures, fees and sequences, and the block
 * bookkeeping of FinalizeBlock (block times, end-block queues: nothing is due that early).
 */
public final class StateGenerator {

  /** Leases created per committed height; one batch's writes are held in memory. */
  public static final int BATCH = 20_000;

  /** micro-ulease per GPU unit per block: escrows of {@link #DEPOSIT} last 10^7 blocks. */
  static final long PRICE = 1_000_000;

  static final long DEPOSIT = 10_000_000;
  static final long BID_DEPOSIT = 1_000_000;
  static final long BOND = 1_000_000_000;

  /**
   * Blocks before a proof is paid: short, so that {@link MarketFixture} reaches proofs to withdraw
   * with a few empty blocks instead of the default 600.
   */
  static final long CHALLENGE_WINDOW = 3;

  private final Ledger ledger = new Ledger();
  private final RocksStore store;
  private final BenchAccounts accounts;
  private final PrintStream log;
  private final Address[] tenants;
  private final Address[] providers;

  private StateGenerator(RocksStore store, BenchAccounts accounts, PrintStream log) {
    this.store = store;
    this.accounts = accounts;
    this.log = log;
    this.tenants = new Address[accounts.tenants()];
    for (int i = 0; i < tenants.length; i++) {
      tenants[i] = BenchAccounts.address(accounts.tenant(i));
    }
    this.providers = new Address[accounts.providers()];
    for (int i = 0; i < providers.length; i++) {
      providers[i] = BenchAccounts.address(accounts.provider(i));
    }
  }

  /** What was generated: the last committed height and how long it took. */
  public record Generated(BenchAccounts accounts, long height, long millis) {}

  /** Fills the empty {@code store} with {@code leases} leases; progress lines go to {@code log}. */
  public static Generated generate(RocksStore store, int leases, PrintStream log) {
    if (store.lastCommit().height() != 0) {
      throw new IllegalStateException("the store already holds a chain");
    }
    long start = System.nanoTime();
    StateGenerator generator = new StateGenerator(store, BenchAccounts.forLeases(leases), log);
    long height = generator.run();
    return new Generated(generator.accounts, height, (System.nanoTime() - start) / 1_000_000);
  }

  private long run() {
    long height = 1;
    OverlayState first = new OverlayState(store);
    ledger.initChain(first, BenchAccounts.CHAIN_ID, genesis());
    MsgContext context = context(first, height);
    for (Address provider : providers) {
      execute(context, registerProvider(provider), Msg::getRegisterProvider, REGISTER);
      require(
          CouncilActions.execute(first, Messages.approveProvider(provider), height, height),
          "approve");
    }
    first.drainEvents();
    BenchStores.commit(store, height, first.writes());
    long done = 0;
    long started = System.nanoTime();
    while (done < accounts.leases()) {
      height++;
      OverlayState batch = new OverlayState(store);
      MsgContext batchContext = context(batch, height);
      long end = Math.min(accounts.leases(), done + BATCH);
      for (long lease = done; lease < end; lease++) {
        lease(batchContext, lease);
        batch.drainEvents();
      }
      BenchStores.commit(store, height, batch.writes());
      done = end;
      if (done % 100_000 == 0 || done == accounts.leases()) {
        long seconds = Math.max(1, (System.nanoTime() - started) / 1_000_000_000);
        log.printf("generated %,d leases (%,d/s)%n", done, done / seconds);
      }
    }
    // A node keeping recent heights only would have dropped the versions each batch replaced.
    long pruned = store.prune(height);
    log.printf("pruned %,d replaced tree nodes%n", pruned);
    return height;
  }

  private GenesisState genesis() {
    List<GenesisState.Account> funded = new ArrayList<>();
    for (Address tenant : tenants) {
      funded.add(new GenesisState.Account(tenant, BenchAccounts.BALANCE));
    }
    for (Address provider : providers) {
      funded.add(new GenesisState.Account(provider, BenchAccounts.BALANCE));
    }
    for (int i = 0; i < accounts.senders(); i++) {
      funded.add(
          new GenesisState.Account(
              BenchAccounts.address(accounts.sender(i)), BenchAccounts.BALANCE));
    }
    GenesisState defaults =
        new GenesisState(funded, TxParamsRules.DEFAULTS, BankParamsRules.DEFAULTS);
    return new GenesisState(
        defaults.accounts(),
        defaults.txParams(),
        defaults.bankParams(),
        defaults.council(),
        defaults.providerParams(),
        defaults.marketParams(),
        defaults.escrowParams(),
        defaults.authorityParams(),
        defaults.rewardsParams(),
        defaults.proofParams().toBuilder().setChallengeWindow(CHALLENGE_WINDOW).build(),
        defaults.validators());
  }

  /** One order, one bid on it, the bid accepted: an active lease with its escrow. */
  private void lease(MsgContext context, long lease) {
    Address tenant = tenants[accounts.tenantOf(lease)];
    Address provider = providers[accounts.providerOf(lease)];
    long orderId = MarketKeeper.ORDER_IDS.peek(context.state());
    execute(context, order(tenant), Msg::getCreateOrder, ORDER);
    long bidId = MarketKeeper.BID_IDS.peek(context.state());
    execute(
        context,
        Messages.createBid(provider, orderId, 1, PRICE, BID_DEPOSIT),
        Msg::getCreateBid,
        BID);
    execute(
        context, Messages.acceptBids(tenant, orderId, List.of(bidId)), Msg::getAcceptBids, ACCEPT);
  }

  static Msg order(Address tenant) {
    return Messages.createOrder(
        tenant,
        ResourceSpec.newBuilder().setGpuUnits(1).setMinVramGib(40).build(),
        Messages.OrderTerms.of(PRICE, 10, 0),
        DEPOSIT);
  }

  private static Msg registerProvider(Address provider) {
    Attributes attributes =
        Attributes.newBuilder()
            .setGpuModel("nvidia-h100-80gb")
            .setVramGib(80)
            .setGpuCount(BenchAccounts.PROVIDER_GPUS)
            .setInterconnect(Interconnect.INTERCONNECT_NVLINK)
            .build();
    return Messages.registerProvider(
        provider, Messages.Offer.of("https://provider.bench.example", "eu-west", attributes), BOND);
  }

  private static final RegisterProviderHandler REGISTER = new RegisterProviderHandler();
  private static final CreateOrderHandler ORDER = new CreateOrderHandler();
  private static final CreateBidHandler BID = new CreateBidHandler();
  private static final AcceptBidsHandler ACCEPT = new AcceptBidsHandler();

  private <M extends Message> void execute(
      MsgContext context, Msg msg, Function<Msg, M> unwrap, MsgHandler<M> handler) {
    Rejection invalid = ledger.validate(msg);
    if (invalid != null) {
      throw new IllegalStateException(msg.getSumCase() + " invalid: " + invalid.log());
    }
    require(handler.execute(context, unwrap.apply(msg)), msg.getSumCase().toString());
  }

  private static void require(Outcome outcome, String what) {
    if (!outcome.isOk()) {
      throw new IllegalStateException(what + " refused: " + outcome.rejection().log());
    }
  }

  private static MsgContext context(OverlayState state, long height) {
    return new MsgContext(
        new BlockContext(BenchAccounts.CHAIN_ID, height, BenchAccounts.time(height), 0), state);
  }
}
