package io.leasechain.ledger.market;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.market.proto.Bid;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.Order;
import io.leasechain.ledger.state.Counter;
import io.leasechain.ledger.state.Index;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.state.Records;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Typed access to orders, bids and leases, keeping every secondary index in step with them. */
public final class MarketKeeper {

  public static final Counter ORDER_IDS = new Counter("order");
  public static final Counter BID_IDS = new Counter("bid");
  public static final Counter LEASE_IDS = new Counter("lease");

  public static final Index ORDERS_BY_TENANT = new Index(KeySpace.ORDERS_BY_TENANT);
  public static final Index ORDERS_BY_STATE = new Index(KeySpace.ORDERS_BY_STATE);
  public static final Index WINDOW_END = new Index(KeySpace.ORDER_WINDOW_END);
  public static final Index BIDS_BY_PROVIDER = new Index(KeySpace.BIDS_BY_PROVIDER);
  public static final Index LEASES_BY_TENANT = new Index(KeySpace.LEASES_BY_TENANT);
  public static final Index LEASES_BY_PROVIDER = new Index(KeySpace.LEASES_BY_PROVIDER);
  public static final Index LEASES_BY_STATE = new Index(KeySpace.LEASES_BY_STATE);
  public static final Index LEASES_BY_ORDER = new Index(KeySpace.LEASES_BY_ORDER);
  public static final Index LEASE_END = new Index(KeySpace.LEASE_END);
  public static final Index PROOF_DEADLINE = new Index(KeySpace.PROOF_DEADLINE);

  private final KeyValueState state;

  public MarketKeeper(KeyValueState state) {
    this.state = state;
  }

  public static byte[] orderKey(long id) {
    return Keys.of(KeySpace.ORDER, Keys.uint64(id));
  }

  public static byte[] bidKey(long orderId, long bidId) {
    return Keys.of(KeySpace.BID, Keys.uint64(orderId), Keys.uint64(bidId));
  }

  public static byte[] leaseKey(long id) {
    return Keys.of(KeySpace.LEASE, Keys.uint64(id));
  }

  public static Order order(ReadableState state, long id) {
    return Records.read(state, orderKey(id), Order.parser());
  }

  public static Bid bid(ReadableState state, long orderId, long bidId) {
    return Records.read(state, bidKey(orderId, bidId), Bid.parser());
  }

  public static Lease lease(ReadableState state, long id) {
    return Records.read(state, leaseKey(id), Lease.parser());
  }

  /** Every bid of an order, in bid-id order (bounded by max_bids_per_order). */
  public static List<Bid> bidsOf(ReadableState state, long orderId) {
    List<Bid> bids = new ArrayList<>();
    Iterator<KeyValue> entries = state.scanPrefix(Keys.of(KeySpace.BID, Keys.uint64(orderId)));
    while (entries.hasNext()) {
      bids.add(Records.read(state, entries.next().key(), Bid.parser()));
    }
    return bids;
  }

  /**
   * The open bids of an order, in provider-address order, read through the open-bid index so the
   * cost is bounded by max_bids_per_order however many bids were withdrawn.
   */
  public static List<Bid> openBidsOf(ReadableState state, long orderId) {
    List<Bid> bids = new ArrayList<>();
    Iterator<KeyValue> entries =
        state.scanPrefix(Keys.of(KeySpace.OPEN_BID_BY_PROVIDER, Keys.uint64(orderId)));
    while (entries.hasNext()) {
      bids.add(bid(state, orderId, ByteBuffer.wrap(entries.next().value()).getLong()));
    }
    return bids;
  }

  /** Ids of the leases of an order (one per winning bid). */
  public static List<Long> leaseIdsOf(ReadableState state, long orderId) {
    List<Long> ids = new ArrayList<>();
    for (byte[] suffix : LEASES_BY_ORDER.suffixes(state, Keys.uint64(orderId))) {
      ids.add(ByteBuffer.wrap(suffix).getLong());
    }
    return ids;
  }

  public static byte[] enumKey(int number) {
    return new byte[] {(byte) number};
  }

  public Order order(long id) {
    return order(state, id);
  }

  public Bid bid(long orderId, long bidId) {
    return bid(state, orderId, bidId);
  }

  public Lease lease(long id) {
    return lease(state, id);
  }

  public void save(Order order) {
    Order old = order(order.getId());
    byte[] id = Keys.uint64(order.getId());
    if (old == null) {
      ORDERS_BY_TENANT.add(state, Address.fromBech32(order.getTenant()).bytes(), id);
    } else {
      ORDERS_BY_STATE.remove(state, enumKey(old.getStateValue()), id);
      if (old.getWindowEndHeight() != 0) {
        WINDOW_END.remove(state, Keys.uint64(old.getWindowEndHeight()), id);
      }
    }
    ORDERS_BY_STATE.add(state, enumKey(order.getStateValue()), id);
    if (order.getState() == io.leasechain.ledger.market.proto.OrderState.ORDER_STATE_OPEN) {
      WINDOW_END.add(state, Keys.uint64(order.getWindowEndHeight()), id);
    }
    state.put(orderKey(order.getId()), order.toByteArray());
  }

  public void save(Bid bid) {
    if (bid(bid.getOrderId(), bid.getId()) == null) {
      BIDS_BY_PROVIDER.add(
          state,
          Address.fromBech32(bid.getProvider()).bytes(),
          Keys.uint64(bid.getOrderId()),
          Keys.uint64(bid.getId()));
    }
    byte[] openKey =
        Keys.of(
            KeySpace.OPEN_BID_BY_PROVIDER,
            Keys.uint64(bid.getOrderId()),
            Address.fromBech32(bid.getProvider()).bytes());
    if (bid.getState() == io.leasechain.ledger.market.proto.BidState.BID_STATE_OPEN) {
      state.put(openKey, Keys.uint64(bid.getId()));
    } else {
      state.delete(openKey);
    }
    state.put(bidKey(bid.getOrderId(), bid.getId()), bid.toByteArray());
  }

  /** The provider's open bid on an order, or null. */
  public Bid openBid(long orderId, Address provider) {
    byte[] bidId =
        state.get(Keys.of(KeySpace.OPEN_BID_BY_PROVIDER, Keys.uint64(orderId), provider.bytes()));
    return bidId == null ? null : bid(orderId, ByteBuffer.wrap(bidId).getLong());
  }

  public void save(Lease lease) {
    Lease old = lease(lease.getId());
    byte[] id = Keys.uint64(lease.getId());
    if (old == null) {
      LEASES_BY_TENANT.add(state, Address.fromBech32(lease.getTenant()).bytes(), id);
      LEASES_BY_PROVIDER.add(state, Address.fromBech32(lease.getProvider()).bytes(), id);
      LEASES_BY_ORDER.add(state, Keys.uint64(lease.getOrderId()), id);
    } else {
      LEASES_BY_STATE.remove(state, enumKey(old.getStateValue()), id);
      if (isActive(old) && old.getEndHeight() != 0) {
        LEASE_END.remove(state, Keys.uint64(old.getEndHeight()), id);
      }
      // A closed lease keeps a proof deadline only while it holds accrual for a late proof.
      if (old.getProofDeadline() != 0) {
        PROOF_DEADLINE.remove(state, Keys.uint64(old.getProofDeadline()), id);
      }
    }
    LEASES_BY_STATE.add(state, enumKey(lease.getStateValue()), id);
    if (isActive(lease) && lease.getEndHeight() != 0) {
      LEASE_END.add(state, Keys.uint64(lease.getEndHeight()), id);
    }
    if (lease.getProofDeadline() != 0) {
      PROOF_DEADLINE.add(state, Keys.uint64(lease.getProofDeadline()), id);
    }
    state.put(leaseKey(lease.getId()), lease.toByteArray());
  }

  private static boolean isActive(Lease lease) {
    return lease.getState() == io.leasechain.ledger.market.proto.LeaseState.LEASE_STATE_ACTIVE;
  }
}
