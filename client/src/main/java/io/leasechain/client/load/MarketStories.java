package io.leasechain.client.load;

import io.leasechain.client.LeasechainClient;
import io.leasechain.client.QueryException;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.Event;
import io.leasechain.client.rpc.TxOutcome;
import io.leasechain.client.rpc.TxResult;
import io.leasechain.client.tx.Messages;
import io.leasechain.client.tx.TxSender;
import io.leasechain.client.tx.TxSigner;
import io.leasechain.client.tx.Wallet;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hashes;
import io.leasechain.ledger.authority.proto.ApproveProvider;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.market.proto.ResourceSpec;
import io.leasechain.ledger.proof.proto.Usage;
import io.leasechain.ledger.provider.proto.Attributes;
import io.leasechain.ledger.provider.proto.Interconnect;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.query.proto.ParamsResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The market mix: pairs of a tenant and an approved provider, each pair running the story order,
 * bid, accept, top-up, proof, withdrawal (only where the chain's challenge window is at most {@link
 * #MAX_WAIT_BLOCKS} blocks: it waits that long after the proof) and close, then again. Order, bid
 * and lease ids are the chain's, so a story signs its next tx when the previous one is committed
 * (from the ids in its events), not in advance; the run offers whatever stories have ready. A tx
 * that fails or is refused moves the story on (an order that did not open is ordered again; a bid
 * or acceptance that failed closes the order).
 *
 * <p>Preparation (the chain needs a funder that is a council member whose approval alone passes,
 * like the devnet's dev key): funds every account, registers the providers (bond at the chain's
 * minimum, four 24 GiB GPUs) with an agent key for proofs, and has the funder approve them.
 */
final class MarketStories implements TxSource {

  static final long MAX_WAIT_BLOCKS = 30;
  static final String GPU_MODEL = "nvidia-rtx-4090";
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(60);
  // Micro-ulease per GPU per block: 1 ulease a block, so that a proof of a few blocks pays out.
  private static final long MAX_PRICE = 2_000_000;
  private static final long BID_PRICE = 1_000_000;
  private static final long BID_WINDOW = 100;
  private static final long LEASE_DURATION = 10_000;

  private enum Step {
    ORDER,
    BID,
    ACCEPT,
    TOP_UP,
    PROOF,
    WITHDRAW,
    CLOSE_LEASE,
    CLOSE_ORDER
  }

  /** One tenant/provider pair and where its story stands. */
  private final class Story {
    final Ed25519PrivateKey tenant;
    final Ed25519PrivateKey provider;
    final Ed25519PrivateKey agent;
    long tenantSequence;
    long providerSequence;
    Step step = Step.ORDER;
    long orderId;
    long bidId;
    long leaseId;
    long leaseStart;
    long provenTo;
    long waitUntil;

    final int lane;

    Story(int lane, Ed25519PrivateKey tenant, Ed25519PrivateKey provider, Ed25519PrivateKey agent) {
      this.lane = lane;
      this.tenant = tenant;
      this.provider = provider;
      this.agent = agent;
    }

    /** Signs the tx of the current step and makes it ready. */
    void offer() {
      boolean byTenant = step != Step.BID && step != Step.PROOF && step != Step.WITHDRAW;
      Ed25519PrivateKey signer = byTenant ? tenant : provider;
      long sequence = byTenant ? tenantSequence : providerSequence;
      LoadTx tx =
          LoadTx.of(
              TxSigner.sign(
                  List.of(message()),
                  List.of(new TxSigner.SignerAccount(signer, sequence)),
                  TxSigner.Options.of(chainId, fee, TxSender.DEFAULT_GAS)),
              lane);
      stories.put(tx.hash(), this);
      ready.add(tx);
    }

    private io.leasechain.ledger.tx.proto.Msg message() {
      Address t = tenant.publicKey().address();
      Address p = provider.publicKey().address();
      return switch (step) {
        case ORDER ->
            Messages.createOrder(
                t,
                ResourceSpec.newBuilder().setGpuUnits(1).setMinVramGib(24).build(),
                Messages.OrderTerms.of(MAX_PRICE, BID_WINDOW, LEASE_DURATION),
                orderDeposit);
        case BID -> Messages.createBid(p, orderId, 1, BID_PRICE, bidDeposit);
        case ACCEPT -> Messages.acceptBids(t, orderId, List.of(bidId));
        case TOP_UP -> Messages.topUpEscrow(t, orderId, orderDeposit);
        case PROOF ->
            Messages.submitProof(
                p,
                agent,
                chainId,
                leaseId,
                leaseStart,
                provenTo,
                Hashes.sha256(("load " + leaseId).getBytes(StandardCharsets.UTF_8)),
                Usage.newBuilder()
                    .setGpuSeconds(1)
                    .setPeakVramMib(20_000)
                    .setGpuModel(GPU_MODEL)
                    .build());
        case WITHDRAW -> Messages.withdrawLease(p, leaseId);
        case CLOSE_LEASE -> Messages.closeLease(t, leaseId);
        case CLOSE_ORDER -> Messages.closeOrder(t, orderId);
      };
    }

    /** The current step's tx was committed (sequence used) or refused (not used). */
    void done(boolean committed, long height, TxOutcome outcome) {
      boolean byTenant = step != Step.BID && step != Step.PROOF && step != Step.WITHDRAW;
      if (committed && byTenant) {
        tenantSequence++;
      } else if (committed) {
        providerSequence++;
      }
      boolean ok = committed && outcome.isOk();
      step =
          switch (step) {
            case ORDER -> {
              if (ok) {
                orderId = id(outcome, "order_created", "order_id");
              }
              yield ok ? Step.BID : Step.ORDER;
            }
            case BID -> {
              if (ok) {
                bidId = id(outcome, "bid_created", "bid_id");
              }
              yield ok ? Step.ACCEPT : Step.CLOSE_ORDER;
            }
            case ACCEPT -> {
              if (ok) {
                leaseId = id(outcome, "lease_created", "lease_id");
                leaseStart = height;
              }
              yield ok ? Step.TOP_UP : Step.CLOSE_ORDER;
            }
            case TOP_UP -> {
              provenTo = Math.max(height, leaseStart + 1);
              yield Step.PROOF;
            }
            case PROOF -> {
              if (ok && challengeWindow <= MAX_WAIT_BLOCKS) {
                waitUntil = height + challengeWindow + 1;
                yield Step.WITHDRAW;
              }
              yield Step.CLOSE_LEASE;
            }
            case WITHDRAW -> Step.CLOSE_LEASE;
            case CLOSE_LEASE, CLOSE_ORDER -> Step.ORDER;
          };
      if (step == Step.PROOF && provenTo <= leaseStart) {
        step = Step.CLOSE_LEASE;
      }
      if (step == Step.WITHDRAW && waitUntil > followed) {
        waiting.add(this);
      } else {
        offer();
      }
    }
  }

  private final String chainId;
  private final long fee;
  private final long orderDeposit;
  private final long bidDeposit;
  private final long challengeWindow;
  private final FundsAccounting funds;
  private final long startHeight;
  private final ConcurrentLinkedQueue<LoadTx> ready = new ConcurrentLinkedQueue<>();
  private final Map<String, Story> stories = new ConcurrentHashMap<>();
  private final List<Story> waiting = new ArrayList<>();
  private volatile long followed;

  private MarketStories(
      String chainId, long fee, ParamsResponse params, FundsAccounting funds, long startHeight) {
    this.chainId = chainId;
    this.fee = fee;
    this.orderDeposit = params.getMarket().getMinOrderDeposit();
    this.bidDeposit = params.getMarket().getMinBidDeposit();
    this.challengeWindow = params.getProof().getChallengeWindow();
    this.funds = funds;
    this.startHeight = startHeight;
    this.followed = startHeight;
  }

  static MarketStories prepare(
      LoadSpec spec,
      LeasechainClient client,
      Ed25519PrivateKey funder,
      List<Ed25519PrivateKey> keys,
      long fee) {
    CometRpcClient rpc = client.rpc();
    ParamsResponse params = client.params();
    int pairs = keys.size() / 2;
    List<Ed25519PrivateKey> tenants = keys.subList(0, pairs);
    List<Ed25519PrivateKey> providers = keys.subList(pairs, 2 * pairs);
    // Enough for every story a run can start: each cycle of seven txs deposits twice (order and
    // top-up) and the bid deposit comes back at the latest when the order closes.
    long cycles = spec.txCount() / pairs / 7 + 2;
    long tenantFunds =
        Math.multiplyExact(
            cycles,
            Math.addExact(Math.multiplyExact(5, fee), 2 * params.getMarket().getMinOrderDeposit()));
    long bond = params.getProvider().getMinBond();
    long providerFunds =
        Math.addExact(
            Math.addExact(bond, Math.multiplyExact(3 * cycles + 2, fee)),
            Math.multiplyExact(cycles, params.getMarket().getMinBidDeposit()));
    LoadGenerator.fund(client, funder, tenants, tenantFunds);
    LoadGenerator.fund(client, funder, providers, providerFunds);
    List<Ed25519PrivateKey> agents = new ArrayList<>();
    List<Wallet.Submitted> registrations = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      Ed25519PrivateKey agent = LoadGenerator.derivedKey(funder, spec.seed(), "agent", i);
      agents.add(agent);
      Address owner = providers.get(i).publicKey().address();
      if (registered(client, owner)) {
        continue;
      }
      Wallet wallet = Wallet.open(client, providers.get(i));
      registrations.add(
          wallet.submit(
              List.of(
                  Messages.registerProvider(
                      owner,
                      Messages.Offer.of("https://gpus.example:8443", "eu-west", attributes()),
                      bond),
                  Messages.setAgentKeys(owner, List.of(agent.publicKey())))));
    }
    awaitAll(rpc, registrations, "registering a load provider");
    Wallet council = Wallet.open(client, funder);
    List<Wallet.Submitted> approvals = new ArrayList<>();
    for (Ed25519PrivateKey provider : providers) {
      Address owner = provider.publicKey().address();
      if (client.provider(owner).getState() == ProviderState.PROVIDER_STATE_PENDING) {
        approvals.add(
            council.submit(
                Messages.councilPropose(
                    council.address(),
                    CouncilAction.newBuilder()
                        .setApproveProvider(
                            ApproveProvider.newBuilder().setProvider(owner.toBech32()))
                        .build(),
                    List.of())));
      }
    }
    awaitAll(rpc, approvals, "approving a load provider (is the --from key a 1-of-1 council?)");
    long height = rpc.committedHeight();
    LeasechainClient atHeight = new LeasechainClient(rpc, height);
    Map<Address, Long> balances = new TreeMap<>();
    long[] tenantSequences = new long[pairs];
    long[] providerSequences = new long[pairs];
    for (int i = 0; i < pairs; i++) {
      var tenant = atHeight.account(tenants.get(i).publicKey().address());
      var provider = atHeight.account(providers.get(i).publicKey().address());
      tenantSequences[i] = tenant.getSequence();
      providerSequences[i] = provider.getSequence();
      balances.put(tenants.get(i).publicKey().address(), tenant.getBalance());
      balances.put(providers.get(i).publicKey().address(), provider.getBalance());
    }
    MarketStories prepared =
        new MarketStories(
            rpc.status().network(),
            fee,
            params,
            FundsAccounting.startingAt(height, balances),
            height);
    for (int i = 0; i < pairs; i++) {
      Story story = prepared.new Story(i, tenants.get(i), providers.get(i), agents.get(i));
      story.tenantSequence = tenantSequences[i];
      story.providerSequence = providerSequences[i];
      story.offer();
    }
    return prepared;
  }

  private static boolean registered(LeasechainClient client, Address owner) {
    try {
      client.provider(owner);
      return true;
    } catch (QueryException e) {
      return false;
    }
  }

  private static Attributes attributes() {
    return Attributes.newBuilder()
        .setGpuModel(GPU_MODEL)
        .setVramGib(24)
        .setGpuCount(4)
        .setInterconnect(Interconnect.INTERCONNECT_PCIE)
        .setCpuMillicores(32_000)
        .setMemoryMib(131_072)
        .setStorageGib(2_000)
        .build();
  }

  private static void awaitAll(CometRpcClient rpc, List<Wallet.Submitted> sent, String what) {
    for (Wallet.Submitted submitted : sent) {
      TxResult result = Wallet.awaitCommit(rpc, submitted.hash(), COMMIT_TIMEOUT);
      if (!result.result().isOk()) {
        throw new IllegalStateException(what + " failed: " + result.result().log());
      }
    }
  }

  private static long id(TxOutcome outcome, String type, String attribute) {
    for (Event event : outcome.events()) {
      if (event.type().equals(type) && event.attribute(attribute).isPresent()) {
        return Long.parseUnsignedLong(event.attribute(attribute).get());
      }
    }
    throw new IllegalStateException("a committed " + type + " tx has no " + attribute + " event");
  }

  FundsAccounting funds() {
    return funds;
  }

  long startHeight() {
    return startHeight;
  }

  @Override
  public LoadTx next() {
    return ready.poll();
  }

  @Override
  public void refused(LoadTx tx) {
    Story story = stories.remove(tx.hash());
    if (story != null) {
      synchronized (this) {
        story.done(false, 0, null);
      }
    }
  }

  @Override
  public void committed(LoadTx tx, long height, TxOutcome outcome) {
    Story story = stories.remove(tx.hash());
    if (story != null) {
      synchronized (this) {
        story.done(true, height, outcome);
      }
    }
  }

  @Override
  public synchronized void height(long height) {
    followed = height;
    List<Story> due = new ArrayList<>();
    waiting.removeIf(
        story -> {
          if (story.waitUntil <= height) {
            due.add(story);
            return true;
          }
          return false;
        });
    due.forEach(Story::offer);
  }
}
