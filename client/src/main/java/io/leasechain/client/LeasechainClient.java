package io.leasechain.client;

import com.google.protobuf.InvalidProtocolBufferException;
import io.leasechain.client.query.BidFilter;
import io.leasechain.client.query.LeaseFilter;
import io.leasechain.client.query.OrderFilter;
import io.leasechain.client.query.PageRequest;
import io.leasechain.client.query.Pages;
import io.leasechain.client.query.ProviderFilter;
import io.leasechain.client.query.QueryPaths;
import io.leasechain.client.rpc.AbciQueryResult;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.crypto.Address;
import io.leasechain.ledger.authority.proto.Council;
import io.leasechain.ledger.authority.proto.Proposal;
import io.leasechain.ledger.authority.proto.ProposalState;
import io.leasechain.ledger.bank.proto.Account;
import io.leasechain.ledger.market.proto.Bid;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.Order;
import io.leasechain.ledger.provider.proto.Auditor;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.query.proto.AppHashResponse;
import io.leasechain.ledger.query.proto.AuditorsResponse;
import io.leasechain.ledger.query.proto.BidsResponse;
import io.leasechain.ledger.query.proto.EscrowResponse;
import io.leasechain.ledger.query.proto.LeaseResponse;
import io.leasechain.ledger.query.proto.LeasesResponse;
import io.leasechain.ledger.query.proto.OrdersResponse;
import io.leasechain.ledger.query.proto.ParamsResponse;
import io.leasechain.ledger.query.proto.ProposalsResponse;
import io.leasechain.ledger.query.proto.ProvidersResponse;
import io.leasechain.ledger.query.proto.SupplyResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Typed leasechain queries over a node's CometBFT RPC (abci_query paths of docs/queries.md; see
 * {@link QueryPaths}). Ids are unsigned 64-bit. A missing record fails with a QueryException
 * ({@code query/4}); list queries answer one page, whose {@code next} (empty on the last page) is
 * passed on as {@code page.after(next)}. A filtered page can be short, even empty, while {@code
 * next} is set: the node examines a bounded number of entries per call. The {@code all…} methods
 * stream every item of a list, fetching its pages as they are consumed ({@link Pages}).
 * Thread-safe, except a {@link #verifying} client (its light client is not).
 */
public final class LeasechainClient {

  private final CometRpcClient rpc;
  private final Function<String, AbciQueryResult> answers;

  public LeasechainClient(CometRpcClient rpc) {
    this(rpc, 0);
  }

  /**
   * A client whose queries answer from the state at {@code height} (0: the latest); a node answers
   * only the heights it still keeps ({@code query/5} otherwise), and list queries only at the
   * latest.
   */
  public LeasechainClient(CometRpcClient rpc, long height) {
    this(rpc, path -> rpc.abciQuery(path, new byte[0], height, false));
  }

  private LeasechainClient(CometRpcClient rpc, Function<String, AbciQueryResult> answers) {
    this.rpc = rpc;
    this.answers = answers;
  }

  /**
   * A client whose every query is verified by {@code proofs} (single-record queries only: a list
   * query fails with MISSING_PROOF); each verified answer is passed to {@code onVerified}.
   */
  public static LeasechainClient verifying(
      CometRpcClient rpc, ProvenQueries proofs, Consumer<ProvenQueries.ProvenAnswer> onVerified) {
    return verifying(rpc, proofs, 0, onVerified);
  }

  /** {@link #verifying} of the state at {@code height} (0: the latest). */
  public static LeasechainClient verifying(
      CometRpcClient rpc,
      ProvenQueries proofs,
      long height,
      Consumer<ProvenQueries.ProvenAnswer> onVerified) {
    return new LeasechainClient(
        rpc,
        path -> {
          ProvenQueries.ProvenAnswer answer = proofs.query(path, height);
          onVerified.accept(answer);
          return answer.result();
        });
  }

  /**
   * A client of the node whose CometBFT RPC listens at {@code rpcUrl}, e.g. http://127.0.0.1:26657.
   */
  public static LeasechainClient connect(java.net.URI rpcUrl) {
    return new LeasechainClient(new CometRpcClient(rpcUrl));
  }

  public CometRpcClient rpc() {
    return rpc;
  }

  public Account account(Address address) {
    return parse(query("/account/" + address.toBech32()), Account.parser());
  }

  public ParamsResponse params() {
    return parse(query("/params"), ParamsResponse.parser());
  }

  public long supply() {
    return parse(query("/supply"), SupplyResponse.parser()).getTotal();
  }

  public Provider provider(Address address) {
    return get(QueryPaths.provider(address), Provider.parser());
  }

  public ProvidersResponse providers(ProviderFilter filter, PageRequest page) {
    return get(QueryPaths.providers(filter, page), ProvidersResponse.parser());
  }

  public Auditor auditor(Address address) {
    return get(QueryPaths.auditor(address), Auditor.parser());
  }

  public AuditorsResponse auditors(PageRequest page) {
    return get(QueryPaths.auditors(page), AuditorsResponse.parser());
  }

  public Order order(long id) {
    return get(QueryPaths.order(id), Order.parser());
  }

  public OrdersResponse orders(OrderFilter filter, PageRequest page) {
    return get(QueryPaths.orders(filter, page), OrdersResponse.parser());
  }

  public Bid bid(long orderId, long bidId) {
    return get(QueryPaths.bid(orderId, bidId), Bid.parser());
  }

  public BidsResponse bids(BidFilter filter, PageRequest page) {
    return get(QueryPaths.bids(filter, page), BidsResponse.parser());
  }

  /** The lease and what it has accrued, unpaid, at the latest height. */
  public LeaseResponse lease(long id) {
    return get(QueryPaths.lease(id), LeaseResponse.parser());
  }

  public LeasesResponse leases(LeaseFilter filter, PageRequest page) {
    return get(QueryPaths.leases(filter, page), LeasesResponse.parser());
  }

  /** The order's escrow and what it still holds at the latest height. */
  public EscrowResponse escrow(long orderId) {
    return get(QueryPaths.escrow(orderId), EscrowResponse.parser());
  }

  /** A GPU job proof: its period, output root, usage, state and pending amount. */
  public io.leasechain.ledger.proof.proto.Proof proof(long id) {
    return get(
        io.leasechain.client.proof.ProofQueryPaths.proof(id),
        io.leasechain.ledger.proof.proto.Proof.parser());
  }

  /** A lease's proofs, by id. */
  public io.leasechain.ledger.query.proto.ProofsResponse proofs(long leaseId, PageRequest page) {
    return get(
        io.leasechain.client.proof.ProofQueryPaths.proofs(leaseId, page),
        io.leasechain.ledger.query.proto.ProofsResponse.parser());
  }

  /** A dispute over a proof, and how it ended. */
  public io.leasechain.ledger.proof.proto.Dispute dispute(long id) {
    return get(
        io.leasechain.client.proof.ProofQueryPaths.dispute(id),
        io.leasechain.ledger.proof.proto.Dispute.parser());
  }

  public Proposal proposal(long id) {
    return get(QueryPaths.proposal(id), Proposal.parser());
  }

  /** {@code state} null lists proposals in every state. */
  public ProposalsResponse proposals(ProposalState state, PageRequest page) {
    return get(QueryPaths.proposals(state, page), ProposalsResponse.parser());
  }

  public Council council() {
    return get(QueryPaths.council(), Council.parser());
  }

  /** The validator set with each validator's signed blocks and rewards (removed ones included). */
  public io.leasechain.ledger.query.proto.ValidatorsResponse validators() {
    return get("/validators", io.leasechain.ledger.query.proto.ValidatorsResponse.parser());
  }

  /** Where the emission schedule stands: epoch, ulease per block, minted and burnt so far. */
  public io.leasechain.ledger.rewards.proto.EmissionState emission() {
    return get("/emission", io.leasechain.ledger.rewards.proto.EmissionState.parser());
  }

  /** The pending software upgrade; a NOT_FOUND query error when none is scheduled. */
  public io.leasechain.ledger.upgrade.proto.UpgradePlan upgradePlan() {
    return get("/upgrade", io.leasechain.ledger.upgrade.proto.UpgradePlan.parser());
  }

  /** The software upgrades the chain has applied, oldest first. */
  public io.leasechain.ledger.query.proto.AppliedUpgradesResponse appliedUpgrades() {
    return get("/upgrades", io.leasechain.ledger.query.proto.AppliedUpgradesResponse.parser());
  }

  /** One validator, by its consensus address, with its signed blocks and rewards. */
  public io.leasechain.ledger.rewards.proto.Validator validator(Address address) {
    return get(
        QueryPaths.validator(address), io.leasechain.ledger.rewards.proto.Validator.parser());
  }

  /** Every provider the filter selects, in address order. */
  public Stream<Provider> allProviders(ProviderFilter filter) {
    return Pages.stream(
        PageRequest.first(),
        page -> providers(filter, page),
        ProvidersResponse::getProvidersList,
        ProvidersResponse::getNext);
  }

  /** Every auditor, in address order. */
  public Stream<Auditor> allAuditors() {
    return Pages.stream(
        PageRequest.first(),
        this::auditors,
        AuditorsResponse::getAuditorsList,
        AuditorsResponse::getNext);
  }

  /** Every order the filter selects, by id. */
  public Stream<Order> allOrders(OrderFilter filter) {
    return Pages.stream(
        PageRequest.first(),
        page -> orders(filter, page),
        OrdersResponse::getOrdersList,
        OrdersResponse::getNext);
  }

  /** Every bid the filter selects, by order and bid id. */
  public Stream<Bid> allBids(BidFilter filter) {
    return Pages.stream(
        PageRequest.first(),
        page -> bids(filter, page),
        BidsResponse::getBidsList,
        BidsResponse::getNext);
  }

  /** Every lease the filter selects, by id. */
  public Stream<Lease> allLeases(LeaseFilter filter) {
    return Pages.stream(
        PageRequest.first(),
        page -> leases(filter, page),
        LeasesResponse::getLeasesList,
        LeasesResponse::getNext);
  }

  /** Every proof of a lease, by id. */
  public Stream<io.leasechain.ledger.proof.proto.Proof> allProofs(long leaseId) {
    return Pages.stream(
        PageRequest.first(),
        page -> proofs(leaseId, page),
        io.leasechain.ledger.query.proto.ProofsResponse::getProofsList,
        io.leasechain.ledger.query.proto.ProofsResponse::getNext);
  }

  /** Every proposal in {@code state} (null: in any state), by id. */
  public Stream<Proposal> allProposals(ProposalState state) {
    return Pages.stream(
        PageRequest.first(),
        page -> proposals(state, page),
        ProposalsResponse::getProposalsList,
        ProposalsResponse::getNext);
  }

  /** The app hash the node committed after {@code height}. */
  public byte[] appHashAt(long height) {
    return parse(query("/app_hash/" + height), AppHashResponse.parser()).getAppHash().toByteArray();
  }

  /** Runs a query and returns its raw answer, failing with the node's code and log if refused. */
  public AbciQueryResult query(String path) {
    AbciQueryResult result = answers.apply(path);
    if (result.code() != 0) {
      throw new QueryException(path, result.codespace(), result.code(), result.log());
    }
    return result;
  }

  private <T> T get(String path, com.google.protobuf.Parser<T> parser) {
    return parse(query(path), parser);
  }

  private static <T> T parse(AbciQueryResult result, com.google.protobuf.Parser<T> parser) {
    try {
      return parser.parseFrom(result.value());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(
          "undecodable answer: " + new String(result.value(), StandardCharsets.UTF_8), e);
    }
  }
}
