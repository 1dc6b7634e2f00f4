package io.leasechain.ledger.query;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.escrow.EscrowKeeper;
import io.leasechain.ledger.escrow.proto.Escrow;
import io.leasechain.ledger.escrow.proto.EscrowState;
import io.leasechain.ledger.market.LeaseLifecycle;
import io.leasechain.ledger.market.MarketKeeper;
import io.leasechain.ledger.market.proto.Bid;
import io.leasechain.ledger.market.proto.BidState;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.Order;
import io.leasechain.ledger.market.proto.OrderState;
import io.leasechain.ledger.query.proto.BidsResponse;
import io.leasechain.ledger.query.proto.EscrowResponse;
import io.leasechain.ledger.query.proto.LeaseResponse;
import io.leasechain.ledger.query.proto.LeasesResponse;
import io.leasechain.ledger.query.proto.OrdersResponse;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import java.nio.ByteBuffer;
import java.util.Locale;

/** Orders, bids, leases and escrows: by id and as filtered, paginated lists. */
final class MarketQueries {

  private MarketQueries() {}

  static QueryResult order(ReadableState state, long id) {
    Order order = MarketKeeper.order(state, id);
    return order == null
        ? notFound("order", id)
        : QueryResult.found(MarketKeeper.orderKey(id), order.toByteArray());
  }

  static QueryResult orders(ReadableState state, QueryPath path) {
    String tenant = path.address("tenant");
    OrderState wanted =
        path.param("state") == null
            ? null
            : OrderState.valueOf("ORDER_STATE_" + path.param("state").toUpperCase(Locale.ROOT));
    byte[] prefix =
        tenant != null
            ? Keys.of(KeySpace.ORDERS_BY_TENANT, Address.fromBech32(tenant).bytes())
            : wanted != null
                ? Keys.of(KeySpace.ORDERS_BY_STATE, MarketKeeper.enumKey(wanted.getNumber()))
                : Keys.of(KeySpace.ORDER);
    Paging.Page<Order> page =
        Paging.page(
            state,
            prefix,
            cursor(path),
            Paging.limit(path),
            suffix -> {
              Order order = MarketKeeper.order(state, ByteBuffer.wrap(suffix).getLong());
              return wanted == null || order.getState() == wanted ? order : null;
            });
    return QueryResult.found(
        new byte[0],
        OrdersResponse.newBuilder()
            .addAllOrders(page.items())
            .setNext(next(page))
            .build()
            .toByteArray());
  }

  static QueryResult bid(ReadableState state, long orderId, long bidId) {
    Bid bid = MarketKeeper.bid(state, orderId, bidId);
    return bid == null
        ? notFound("bid", bidId)
        : QueryResult.found(MarketKeeper.bidKey(orderId, bidId), bid.toByteArray());
  }

  static QueryResult bids(ReadableState state, QueryPath path) {
    String order = path.param("order");
    String provider = path.address("provider");
    if (order == null && provider == null) {
      throw new IllegalArgumentException("give order= or provider=");
    }
    BidState wanted =
        path.param("state") == null
            ? null
            : BidState.valueOf("BID_STATE_" + path.param("state").toUpperCase(Locale.ROOT));
    Paging.Page<Bid> page;
    if (order != null) {
      page =
          Paging.page(
              state,
              Keys.of(KeySpace.BID, Keys.uint64(Long.parseLong(order))),
              cursor(path),
              Paging.limit(path),
              suffix ->
                  filter(
                      MarketKeeper.bid(
                          state, Long.parseLong(order), ByteBuffer.wrap(suffix).getLong()),
                      wanted,
                      provider));
    } else {
      page =
          Paging.page(
              state,
              Keys.of(KeySpace.BIDS_BY_PROVIDER, Address.fromBech32(provider).bytes()),
              cursor(path),
              Paging.limit(path),
              suffix ->
                  filter(
                      MarketKeeper.bid(
                          state,
                          ByteBuffer.wrap(suffix, 0, 8).getLong(),
                          ByteBuffer.wrap(suffix, 8, 8).getLong()),
                      wanted,
                      null));
    }
    return QueryResult.found(
        new byte[0],
        BidsResponse.newBuilder()
            .addAllBids(page.items())
            .setNext(next(page))
            .build()
            .toByteArray());
  }

  static QueryResult lease(ReadableState state, long id, long height) {
    Lease lease = MarketKeeper.lease(state, id);
    if (lease == null) {
      return notFound("lease", id);
    }
    LeaseResponse response =
        LeaseResponse.newBuilder()
            .setLease(lease)
            .setHeight(height)
            .setOwedMicro(LeaseLifecycle.owed(lease, height))
            .build();
    return QueryResult.found(MarketKeeper.leaseKey(id), response.toByteArray());
  }

  static QueryResult leases(ReadableState state, QueryPath path) {
    String tenant = path.address("tenant");
    String provider = path.address("provider");
    String order = path.param("order");
    LeaseState wanted =
        path.param("state") == null
            ? null
            : LeaseState.valueOf("LEASE_STATE_" + path.param("state").toUpperCase(Locale.ROOT));
    byte[] prefix =
        order != null
            ? Keys.of(KeySpace.LEASES_BY_ORDER, Keys.uint64(Long.parseLong(order)))
            : tenant != null
                ? Keys.of(KeySpace.LEASES_BY_TENANT, Address.fromBech32(tenant).bytes())
                : provider != null
                    ? Keys.of(KeySpace.LEASES_BY_PROVIDER, Address.fromBech32(provider).bytes())
                    : wanted != null
                        ? Keys.of(
                            KeySpace.LEASES_BY_STATE, MarketKeeper.enumKey(wanted.getNumber()))
                        : Keys.of(KeySpace.LEASE);
    Paging.Page<Lease> page =
        Paging.page(
            state,
            prefix,
            cursor(path),
            Paging.limit(path),
            suffix -> {
              Lease lease = MarketKeeper.lease(state, ByteBuffer.wrap(suffix).getLong());
              boolean keep =
                  (wanted == null || lease.getState() == wanted)
                      && (tenant == null || lease.getTenant().equals(tenant))
                      && (provider == null || lease.getProvider().equals(provider));
              return keep ? lease : null;
            });
    return QueryResult.found(
        new byte[0],
        LeasesResponse.newBuilder()
            .addAllLeases(page.items())
            .setNext(next(page))
            .build()
            .toByteArray());
  }

  static QueryResult escrow(ReadableState state, long orderId, long latest) {
    Escrow escrow = EscrowKeeper.get(state, orderId);
    if (escrow == null) {
      return notFound("escrow", orderId);
    }
    long height = Math.max(latest, escrow.getSettledHeight());
    long available =
        escrow.getState() == EscrowState.ESCROW_STATE_OPEN
            ? EscrowKeeper.available(
                escrow,
                Math.min(height, Math.max(escrow.getDepletionHeight(), escrow.getSettledHeight())))
            : 0;
    EscrowResponse response =
        EscrowResponse.newBuilder()
            .setEscrow(escrow)
            .setHeight(height)
            .setAvailableMicro(available)
            .build();
    return QueryResult.found(EscrowKeeper.key(orderId), response.toByteArray());
  }

  private static Bid filter(Bid bid, BidState wanted, String provider) {
    boolean keep =
        (wanted == null || bid.getState() == wanted)
            && (provider == null || bid.getProvider().equals(provider));
    return keep ? bid : null;
  }

  // Cursors are the hex of the last key suffix of the previous page.
  static byte[] cursor(QueryPath path) {
    String after = path.param("after");
    return after == null ? null : java.util.HexFormat.of().parseHex(after);
  }

  static String next(Paging.Page<?> page) {
    return page.next() == null ? "" : java.util.HexFormat.of().formatHex(page.next());
  }

  static QueryResult notFound(String what, long id) {
    return QueryResult.rejected(QueryError.NOT_FOUND, "%s %d", what, id);
  }
}
