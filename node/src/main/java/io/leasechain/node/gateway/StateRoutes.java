package io.leasechain.node.gateway;

import com.google.protobuf.Message;
import io.leasechain.ledger.authority.proto.Council;
import io.leasechain.ledger.authority.proto.Proposal;
import io.leasechain.ledger.authority.proto.ProposalState;
import io.leasechain.ledger.bank.proto.Account;
import io.leasechain.ledger.market.proto.Bid;
import io.leasechain.ledger.market.proto.BidState;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.Order;
import io.leasechain.ledger.market.proto.OrderState;
import io.leasechain.ledger.proof.proto.Dispute;
import io.leasechain.ledger.proof.proto.Proof;
import io.leasechain.ledger.provider.proto.Auditor;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.query.proto.AppHashResponse;
import io.leasechain.ledger.query.proto.AppliedUpgradesResponse;
import io.leasechain.ledger.query.proto.AuditorsResponse;
import io.leasechain.ledger.query.proto.BidsResponse;
import io.leasechain.ledger.query.proto.EscrowResponse;
import io.leasechain.ledger.query.proto.LeaseResponse;
import io.leasechain.ledger.query.proto.LeasesResponse;
import io.leasechain.ledger.query.proto.OrdersResponse;
import io.leasechain.ledger.query.proto.ParamsResponse;
import io.leasechain.ledger.query.proto.ProofsResponse;
import io.leasechain.ledger.query.proto.ProposalsResponse;
import io.leasechain.ledger.query.proto.ProvidersResponse;
import io.leasechain.ledger.query.proto.SupplyResponse;
import io.leasechain.ledger.query.proto.ValidatorsResponse;
import io.leasechain.ledger.rewards.proto.EmissionState;
import io.leasechain.ledger.rewards.proto.Validator;
import io.leasechain.ledger.upgrade.proto.UpgradePlan;
import io.leasechain.node.gateway.StateRoute.Kind;
import io.leasechain.node.gateway.StateRoute.Param;
import io.leasechain.node.gateway.proto.StoreEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every state path of the gateway: the ABCI query paths of docs/queries.md under {@code /v1}. */
public final class StateRoutes {

  private static final Param ADDRESS =
      Param.of("address", Kind.ADDRESS, "Account address, bech32 lease1…");
  private static final Param ID = Param.of("id", Kind.UINT64, "Id, an unsigned decimal");
  private static final Param ORDER_ID =
      Param.of("order_id", Kind.UINT64, "Order id, an unsigned decimal");

  /** The raw state path, whose answer the gateway builds from the ABCI response's key and value. */
  static final String STORE = "store";

  /** Parameters every state path takes. */
  public static final Param HEIGHT =
      Param.of(
          "height",
          Kind.UINT64,
          "0 (the latest) or a height this node still keeps; list paths answer at the latest"
              + " only");

  /** Parameters every list path takes besides its filters. */
  public static final List<Param> PAGE =
      List.of(
          Param.of("limit", Kind.LIMIT, "At most this many items (default 100, 1..1000)"),
          Param.of("after", Kind.CURSOR, "The `next` of the previous page"));

  /** In the order the OpenAPI document lists them. */
  public static final List<StateRoute> ALL =
      List.of(
          one("account", ADDRESS, Account.getDefaultInstance(), "An account; unseen ones hold 0."),
          one("supply", SupplyResponse.getDefaultInstance(), "Total ulease in existence."),
          one("params", ParamsResponse.getDefaultInstance(), "Every module's parameters."),
          one(
              "app_hash",
              Param.of("height", Kind.UINT64, "Block height"),
              AppHashResponse.getDefaultInstance(),
              "The app hash this node committed after a height."),
          one("council", Council.getDefaultInstance(), "Council members and threshold."),
          one("proposal", ID, Proposal.getDefaultInstance(), "A council proposal."),
          one(
              "upgrade",
              UpgradePlan.getDefaultInstance(),
              "The pending software upgrade plan (404 when none is scheduled)."),
          one(
              "upgrades",
              AppliedUpgradesResponse.getDefaultInstance(),
              "The software upgrades applied, oldest first."),
          list(
              "proposals",
              ProposalsResponse.getDefaultInstance(),
              "Council proposals.",
              Param.state(ProposalState.getDescriptor(), "Only proposals in this state")),
          one("provider", ADDRESS, Provider.getDefaultInstance(), "A GPU provider."),
          list(
              "providers",
              ProvidersResponse.getDefaultInstance(),
              "Providers, by address.",
              Param.state(ProviderState.getDescriptor(), "Only providers in this state"),
              Param.of("gpu_model", Kind.TEXT, "Only providers offering this GPU model")),
          one("auditor", ADDRESS, Auditor.getDefaultInstance(), "An auditor."),
          list("auditors", AuditorsResponse.getDefaultInstance(), "Auditors, by address."),
          one("order", ID, Order.getDefaultInstance(), "An order."),
          list(
              "orders",
              OrdersResponse.getDefaultInstance(),
              "Orders, by id.",
              Param.of("tenant", Kind.ADDRESS, "Only this tenant's orders"),
              Param.state(OrderState.getDescriptor(), "Only orders in this state")),
          new StateRoute(
              "bid",
              List.of(ORDER_ID, Param.of("bid_id", Kind.UINT64, "Bid id within the order")),
              List.of(),
              Bid.getDefaultInstance(),
              "A bid on an order."),
          list(
              "bids",
              BidsResponse.getDefaultInstance(),
              "Bids of one order or one provider (give order or provider).",
              Param.of("order", Kind.UINT64, "Bids on this order"),
              Param.of("provider", Kind.ADDRESS, "Bids of this provider"),
              Param.state(BidState.getDescriptor(), "Only bids in this state")),
          one(
              "lease",
              ID,
              LeaseResponse.getDefaultInstance(),
              "A lease and what it has accrued, unpaid."),
          list(
              "leases",
              LeasesResponse.getDefaultInstance(),
              "Leases, by id.",
              Param.of("order", Kind.UINT64, "Leases of this order"),
              Param.of("tenant", Kind.ADDRESS, "Leases of this tenant"),
              Param.of("provider", Kind.ADDRESS, "Leases of this provider"),
              Param.state(LeaseState.getDescriptor(), "Only leases in this state")),
          one("proof", ID, Proof.getDefaultInstance(), "A GPU job proof."),
          list(
              "proofs",
              ProofsResponse.getDefaultInstance(),
              "A lease's proofs, by id (give lease).",
              Param.of("lease", Kind.UINT64, "Proofs of this lease")),
          one("dispute", ID, Dispute.getDefaultInstance(), "A dispute over a proof."),
          one(
              "validators",
              ValidatorsResponse.getDefaultInstance(),
              "The validator set with signed blocks and rewards."),
          one(
              "validator",
              Param.of("address", Kind.VALIDATOR_HEX, "Validator address, uppercase hex"),
              Validator.getDefaultInstance(),
              "One validator."),
          one(
              "emission",
              EmissionState.getDefaultInstance(),
              "Where the emission schedule stands."),
          one(
              "escrow",
              ORDER_ID,
              EscrowResponse.getDefaultInstance(),
              "An order's escrow and what it still holds."),
          one(
              STORE,
              Param.of("key", Kind.HEX_KEY, "State key, 1 to 1024 bytes as hex"),
              StoreEntry.getDefaultInstance(),
              "The raw bytes stored under a state key (the ABCI path /store/{hex key})."));

  private static final Map<String, StateRoute> BY_RESOURCE = new TreeMap<>();

  static {
    ALL.forEach(route -> BY_RESOURCE.put(route.resource(), route));
  }

  private StateRoutes() {}

  /** The route for a first path segment after {@code /v1/}, or null. */
  static StateRoute find(String resource) {
    return BY_RESOURCE.get(resource);
  }

  private static StateRoute one(String resource, Message answer, String summary) {
    return new StateRoute(resource, List.of(), List.of(), answer, summary);
  }

  private static StateRoute one(String resource, Param id, Message answer, String summary) {
    return new StateRoute(resource, List.of(id), List.of(), answer, summary);
  }

  private static StateRoute list(
      String resource, Message answer, String summary, Param... filters) {
    List<Param> params = new ArrayList<>(List.of(filters));
    params.addAll(PAGE);
    return new StateRoute(resource, List.of(), List.copyOf(params), answer, summary);
  }
}
