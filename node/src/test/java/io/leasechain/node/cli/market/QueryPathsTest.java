package io.leasechain.node.cli.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.leasechain.client.ProtoEnums;
import io.leasechain.client.query.BidFilter;
import io.leasechain.client.query.LeaseFilter;
import io.leasechain.client.query.OrderFilter;
import io.leasechain.client.query.PageRequest;
import io.leasechain.client.query.ProviderFilter;
import io.leasechain.client.query.QueryPaths;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.authority.proto.ProposalState;
import io.leasechain.ledger.market.proto.BidState;
import io.leasechain.ledger.market.proto.CloseReason;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.OrderState;
import io.leasechain.ledger.provider.proto.Interconnect;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.provider.proto.StorageClass;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client's query paths: one per record, filters and paging as encoded parameters. */
class QueryPathsTest {

  private static final Address TENANT =
      Ed25519PrivateKey.fromSeed(new byte[32]).publicKey().address();
  private static final String T = TENANT.toBech32();

  @Test
  void singleRecords() {
    assertEquals("/provider/" + T, QueryPaths.provider(TENANT));
    assertEquals("/auditor/" + T, QueryPaths.auditor(TENANT));
    assertEquals("/order/7", QueryPaths.order(7));
    assertEquals("/bid/7/2", QueryPaths.bid(7, 2));
    assertEquals("/lease/18446744073709551615", QueryPaths.lease(-1L));
    assertEquals("/escrow/0", QueryPaths.escrow(0));
    assertEquals("/proposal/3", QueryPaths.proposal(3));
    assertEquals("/council", QueryPaths.council());
  }

  @Test
  void listsLeaveOutWhatDoesNotFilter() {
    assertEquals("/providers", QueryPaths.providers(ProviderFilter.all(), PageRequest.first()));
    assertEquals(
        "/providers",
        QueryPaths.providers(
            new ProviderFilter(ProviderState.PROVIDER_STATE_UNSPECIFIED, ""), PageRequest.first()));
    assertEquals("/auditors", QueryPaths.auditors(PageRequest.first()));
    assertEquals("/orders", QueryPaths.orders(OrderFilter.all(), PageRequest.first()));
    assertEquals("/leases", QueryPaths.leases(LeaseFilter.all(), PageRequest.first()));
    assertEquals("/proposals", QueryPaths.proposals(null, PageRequest.first()));
  }

  @Test
  void filtersThenPage() {
    assertEquals(
        "/providers?state=suspended&gpu_model=nvidia-h100-80gb&limit=10",
        QueryPaths.providers(
            new ProviderFilter(ProviderState.PROVIDER_STATE_SUSPENDED, "nvidia-h100-80gb"),
            PageRequest.first(10)));
    assertEquals(
        "/orders?tenant=" + T + "&state=expired&after=c1",
        QueryPaths.orders(
            new OrderFilter(TENANT, OrderState.ORDER_STATE_EXPIRED),
            PageRequest.first().after("c1")));
    assertEquals("/bids?order=9", QueryPaths.bids(BidFilter.ofOrder(9), PageRequest.first()));
    assertEquals(
        "/bids?provider=" + T, QueryPaths.bids(BidFilter.ofProvider(TENANT), PageRequest.first()));
    assertEquals(
        "/bids?order=18446744073709551615&provider=" + T + "&limit=1000&after=x",
        QueryPaths.bids(new BidFilter(-1L, TENANT, null), new PageRequest(1000, "x")));
    assertEquals(
        "/bids?provider=" + T + "&state=withdrawn",
        QueryPaths.bids(
            BidFilter.ofProvider(TENANT).withState(BidState.BID_STATE_WITHDRAWN),
            PageRequest.first()));
    assertEquals(
        "/leases?tenant=" + T + "&provider=" + T + "&order=4&state=active&limit=3",
        QueryPaths.leases(
            new LeaseFilter(TENANT, TENANT, 4L, LeaseState.LEASE_STATE_ACTIVE),
            PageRequest.first(3)));
    assertEquals(
        "/proposals?state=executed&limit=1&after=2",
        QueryPaths.proposals(
            ProposalState.PROPOSAL_STATE_EXECUTED, PageRequest.first(1).after("2")));
  }

  @Test
  void valuesArePercentEncoded() {
    assertEquals(
        "/providers?gpu_model=a%20b%26c%3Dd%2Fe%2Bf%3Fg%25h%23i&after=%C3%A9%E2%82%AC~._-",
        QueryPaths.providers(
            new ProviderFilter(null, "a b&c=d/e+f?g%h#i"), new PageRequest(0, "é€~._-")));
    assertEquals("AZaz09-._~", QueryPaths.encode("AZaz09-._~"));
    assertEquals("%00%0A%22%27", QueryPaths.encode("\0\n\"'"));
  }

  @Test
  void pages() {
    assertEquals(new PageRequest(0, null), PageRequest.first());
    assertEquals(new PageRequest(50, "n"), PageRequest.first(50).after("n"));
    assertEquals(new PageRequest(50, null), PageRequest.first(50).after(""));
    assertThrows(IllegalArgumentException.class, () -> PageRequest.first(-1));
  }

  @Test
  void enumShortNames() {
    assertEquals("active", ProtoEnums.name(ProviderState.PROVIDER_STATE_ACTIVE));
    assertEquals("out_of_funds", ProtoEnums.name(CloseReason.CLOSE_REASON_OUT_OF_FUNDS));
    assertEquals(
        Interconnect.INTERCONNECT_INFINIBAND, ProtoEnums.parse(Interconnect.class, "InfiniBand"));
    assertEquals(
        CloseReason.CLOSE_REASON_OUT_OF_FUNDS, ProtoEnums.parse(CloseReason.class, "out-of-funds"));
    assertEquals(List.of("hdd", "ssd", "nvme"), ProtoEnums.names(StorageClass.class));
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> ProtoEnums.parse(Interconnect.class, "unspecified"));
    assertEquals("'unspecified' is not one of pcie, nvlink, infiniband", unknown.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> ProtoEnums.parse(Interconnect.class, "UNRECOGNIZED"));
    assertThrows(IllegalArgumentException.class, () -> ProtoEnums.name(Interconnect.UNRECOGNIZED));
  }
}
