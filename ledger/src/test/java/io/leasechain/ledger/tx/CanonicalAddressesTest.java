package io.leasechain.ledger.tx;

import static io.leasechain.ledger.testing.MarketFixture.BID_DEPOSIT;
import static io.leasechain.ledger.testing.MarketFixture.addressOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.TxOutcome;
import io.leasechain.ledger.authority.proto.AppointAuditor;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.authority.proto.MsgCouncilPropose;
import io.leasechain.ledger.authority.proto.Proposal;
import io.leasechain.ledger.authority.proto.ProposalState;
import io.leasechain.ledger.market.MarketKeeper;
import io.leasechain.ledger.market.proto.MsgCreateOrder;
import io.leasechain.ledger.query.LedgerQueries;
import io.leasechain.ledger.query.QueryResult;
import io.leasechain.ledger.query.proto.BidsResponse;
import io.leasechain.ledger.query.proto.OrdersResponse;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.tx.proto.Msg;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An address typed in upper case ({@code LEASE1…}, valid bech32) is the same account as its
 * lower-case spelling everywhere: in ownership checks, in stored records, in events and in query
 * filters.
 */
class CanonicalAddressesTest {

  /** String fields reachable from a Msg that are not addresses (free text, names, URIs). */
  private static final Set<String> NOT_ADDRESSES =
      Set.of(
          "reason",
          "host_uri",
          "region",
          "gpu_model",
          "gpu_models",
          "key",
          "value",
          "attribute_keys",
          "evidence_uri",
          "name",
          "info");

  private MarketFixture market;
  private Ed25519PrivateKey tenant;

  @BeforeEach
  void setUp() {
    market = MarketFixture.create();
    tenant = market.tenant();
  }

  private static String upper(Ed25519PrivateKey key) {
    return addressOf(key).toBech32().toUpperCase(Locale.ROOT);
  }

  private MsgCreateOrder.Builder orderBody() {
    return Msgs.orderBody(addressOf(tenant), 4, 24, 300, false, 1_000);
  }

  /** Creates {@code body} as typed (no canonical tenant set by the fixture); returns its id. */
  private long createAsTyped(MsgCreateOrder.Builder body) {
    long id = MarketKeeper.ORDER_IDS.peek(market.chain().committed());
    market.ok(Msgs.order(body), tenant);
    return id;
  }

  @Test
  void anUpperCaseTenantTopsUpItsOwnOrder() {
    long order = market.order(tenant, orderBody());
    Msg topUp = Msgs.topUp(addressOf(tenant), order, 500);
    market.ok(
        topUp.toBuilder()
            .setTopUpEscrow(topUp.getTopUpEscrow().toBuilder().setOwner(upper(tenant)))
            .build(),
        tenant);
    assertEquals(1_500, market.escrow(order).getDeposited());
  }

  @Test
  void anOrderPlacedInUpperCaseIsStoredIndexedAndFoundInLowerCase() {
    long order = createAsTyped(orderBody().setTenant(upper(tenant)));
    String canonical = addressOf(tenant).toBech32();
    assertEquals(canonical, market.order(order).getTenant());
    market.ok(Msgs.topUp(addressOf(tenant), order, 500), tenant);
    QueryResult found =
        LedgerQueries.answer(market.chain().committed(), "/orders?tenant=" + upper(tenant), 0);
    assertTrue(found.isOk(), () -> found.rejection().log());
    assertEquals(1, parse(found, OrdersResponse.parser()).getOrdersCount());
  }

  @Test
  void eventsNameTheAccountInLowerCase() {
    TxOutcome outcome = market.ok(Msgs.order(orderBody().setTenant(upper(tenant))), tenant);
    List<String> tenants = new ArrayList<>();
    for (Event event : outcome.events()) {
      event.attributes().stream()
          .filter(attribute -> attribute.key().equals("tenant"))
          .forEach(attribute -> tenants.add(attribute.value()));
    }
    assertEquals(List.of(addressOf(tenant).toBech32()), tenants.stream().distinct().toList());
  }

  @Test
  void anUpperCaseRequiredAuditorMatchesItsAttestation() {
    Ed25519PrivateKey auditor = market.auditor();
    Ed25519PrivateKey provider = market.provider(0);
    market.registerApproved(0, Msgs.gpus("nvidia-rtx-4090", 24, 4));
    market.councilDoes(Msgs.appointAuditor(addressOf(auditor)));
    market.ok(Msgs.attest(addressOf(auditor), addressOf(provider), "gpu_model"), auditor);
    long order = createAsTyped(orderBody().setRequiredAuditor(upper(auditor)));
    assertEquals(addressOf(auditor).toBech32(), market.order(order).getRequiredAuditor());
    market.ok(Msgs.bid(addressOf(provider), order, 4, 100, BID_DEPOSIT), provider);
    QueryResult bids =
        LedgerQueries.answer(
            market.chain().committed(), "/bids?order=" + order + "&provider=" + upper(provider), 0);
    assertTrue(bids.isOk(), () -> bids.rejection().log());
    assertEquals(1, parse(bids, BidsResponse.parser()).getBidsCount());
  }

  @Test
  void anUpperCaseCouncilMemberProposesAndTheRecordedAuditorIsLowerCase() {
    long id = market.nextProposalId();
    Msg propose =
        Msg.newBuilder()
            .setCouncilPropose(
                MsgCouncilPropose.newBuilder()
                    .setProposer(upper(market.member(0)))
                    .addCoSigners(upper(market.member(1)))
                    .setAction(
                        CouncilAction.newBuilder()
                            .setAppointAuditor(
                                AppointAuditor.newBuilder().setAuditor(upper(market.auditor())))))
            .build();
    market.ok(propose, market.member(0), market.member(1));
    Proposal proposal = market.proposal(id);
    assertEquals(ProposalState.PROPOSAL_STATE_EXECUTED, proposal.getState());
    assertEquals(
        List.of(market.memberAddress(0).toBech32(), market.memberAddress(1).toBech32()),
        proposal.getApprovalsList());
    assertEquals(
        addressOf(market.auditor()).toBech32(),
        proposal.getAction().getAppointAuditor().getAuditor());
  }

  @Test
  void invalidAddressesAreLeftForTheHandlerToRefuse() {
    assertEquals("LEASE1NOTANADDRESS", CanonicalAddresses.canonical("LEASE1NOTANADDRESS"));
    String mixed = Address.of(new byte[20]).toBech32().replaceFirst("lease", "LEASE");
    assertEquals(mixed, CanonicalAddresses.canonical(mixed));
  }

  @Test
  void everyStringFieldAMessageCanCarryIsEitherAnAddressOrKnownNotToBe() {
    Set<String> unclassified = new TreeSet<>();
    Set<String> addresses = new TreeSet<>();
    walk(Msg.getDescriptor(), new TreeSet<>(), unclassified, addresses);
    assertEquals(
        Set.of(),
        unclassified,
        "add each to CanonicalAddresses.FIELDS if it holds an account, else to NOT_ADDRESSES");
    assertEquals(new TreeSet<>(CanonicalAddresses.FIELDS), addresses, "no stale address names");
  }

  private static void walk(
      Descriptor type, Set<String> seen, Set<String> unclassified, Set<String> addresses) {
    if (!seen.add(type.getFullName())) {
      return;
    }
    for (FieldDescriptor field : type.getFields()) {
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        walk(field.getMessageType(), seen, unclassified, addresses);
      } else if (field.getJavaType() == FieldDescriptor.JavaType.STRING) {
        if (CanonicalAddresses.FIELDS.contains(field.getName())) {
          addresses.add(field.getName());
        } else if (!NOT_ADDRESSES.contains(field.getName())) {
          unclassified.add(type.getFullName() + "." + field.getName());
        }
      }
    }
  }

  private static <T> T parse(QueryResult result, com.google.protobuf.Parser<T> parser) {
    try {
      return parser.parseFrom(result.value());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
