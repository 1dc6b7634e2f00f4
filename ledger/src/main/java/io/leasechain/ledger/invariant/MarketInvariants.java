package io.leasechain.ledger.invariant;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.leasechain.crypto.Address;
import io.leasechain.ledger.EndBlock;
import io.leasechain.ledger.authority.proto.Proposal;
import io.leasechain.ledger.authority.proto.ProposalState;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.ModuleAccount;
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
import io.leasechain.ledger.proof.proto.Dispute;
import io.leasechain.ledger.proof.proto.DisputeState;
import io.leasechain.ledger.proof.proto.Proof;
import io.leasechain.ledger.proof.proto.ProofState;
import io.leasechain.ledger.provider.ProviderKeeper;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;

/**
 * The market's invariants: named pure functions of (state, last executed height) that return null
 * when the property holds and otherwise what is broken, with the figures.
 *
 * <p>Money: every ulease the escrow, bond and bid-deposit module accounts hold is owed to someone
 * by a record, to the micro-ulease. Indexes: the height-keyed indexes the end blocker reads hold
 * exactly one entry per record that needs one, never one in the past.
 */
final class MarketInvariants {

  /** One property as a function. */
  @FunctionalInterface
  interface Check {
    String check(ReadableState state, long height);
  }

  /** A named check. */
  record Named(String name, Check function) implements Invariant {
    @Override
    public String check(ReadableState state, long height) {
      return function.check(state, height);
    }
  }

  static final List<Invariant> ALL =
      List.of(
          new Named("escrow-backing", MarketInvariants::escrowBacking),
          new Named("escrow-rate", MarketInvariants::escrowRate),
          new Named("provider-bonds", MarketInvariants::providerBonds),
          new Named("bid-deposits", MarketInvariants::bidDeposits),
          new Named("dispute-deposits", MarketInvariants::disputeDeposits),
          new Named("lease-references", MarketInvariants::leaseReferences),
          new Named("escrow-depletion-index", MarketInvariants::depletionIndex),
          new Named("lease-end-index", MarketInvariants::leaseEndIndex),
          new Named("order-window-index", MarketInvariants::orderWindowIndex),
          new Named("market-counters", MarketInvariants::marketCounters),
          new Named("proposal-expiry-index", MarketInvariants::proposalExpiryIndex),
          new Named("provider-unbonding-index", MarketInvariants::providerUnbondingIndex));

  private static final BigInteger MICRO = BigInteger.valueOf(EscrowKeeper.MICRO);

  private MarketInvariants() {}

  // ---- money ------------------------------------------------------------------------------

  /**
   * escrow-backing: the escrow module account, in micro-ulease, equals what the open escrows still
   * hold at {@code height} plus what the active leases have accrued and not been paid, and what
   * closed leases hold for a late proof; closed escrows and other closed leases hold nothing.
   */
  static String escrowBacking(ReadableState state, long height) {
    BigInteger owed = BigInteger.ZERO;
    for (Escrow escrow : records(state, KeySpace.ESCROW, Escrow.parser())) {
      if (escrow.getState() == EscrowState.ESCROW_STATE_OPEN) {
        if (escrow.getSettledHeight() > height) {
          return "escrow "
              + escrow.getOrderId()
              + " settled at "
              + escrow.getSettledHeight()
              + ", after height "
              + height;
        }
        BigInteger drawn =
            BigInteger.valueOf(escrow.getRateMicro())
                .multiply(BigInteger.valueOf(height - escrow.getSettledHeight()));
        BigInteger available = BigInteger.valueOf(escrow.getBalanceMicro()).subtract(drawn);
        // While end-block is behind, an escrow past its depletion waits to close at that height;
        // its leases' accrual to now includes the same overdraw, so the sum below still holds.
        if (available.signum() < 0 && !EndBlock.behind(state, height)) {
          return "escrow "
              + escrow.getOrderId()
              + " is overdrawn by "
              + available.negate()
              + " micro-ulease at height "
              + height;
        }
        owed = owed.add(available);
      } else if (escrow.getBalanceMicro() != 0 || escrow.getRateMicro() != 0) {
        return "closed escrow "
            + escrow.getOrderId()
            + " holds "
            + escrow.getBalanceMicro()
            + " micro-ulease at rate "
            + escrow.getRateMicro();
      }
    }
    for (Lease lease : records(state, KeySpace.LEASE, Lease.parser())) {
      owed = owed.add(BigInteger.valueOf(lease.getWithdrawableMicro()));
      if (lease.getState() == LeaseState.LEASE_STATE_ACTIVE) {
        owed = owed.add(BigInteger.valueOf(LeaseLifecycle.owed(lease, height)));
      } else if (LeaseLifecycle.holdsUnproven(lease) && lease.getBidDeposit() == 0) {
        owed = owed.add(BigInteger.valueOf(lease.getUnpaidMicro()));
      } else if (lease.getUnpaidMicro() != 0 || lease.getBidDeposit() != 0) {
        return "closed lease "
            + lease.getId()
            + " still holds "
            + lease.getUnpaidMicro()
            + " micro-ulease and a "
            + lease.getBidDeposit()
            + " ulease bid deposit";
      }
    }
    for (Proof proof : records(state, KeySpace.PROOF, Proof.parser())) {
      if (proof.getState() == ProofState.PROOF_STATE_PENDING
          || proof.getState() == ProofState.PROOF_STATE_DISPUTED) {
        owed = owed.add(BigInteger.valueOf(proof.getAmountMicro()));
      }
    }
    BigInteger held = BigInteger.valueOf(balance(state, ModuleAccount.ESCROW)).multiply(MICRO);
    return held.equals(owed)
        ? null
        : "escrow module holds "
            + held
            + " micro-ulease, open escrows, leases and pending proofs account for "
            + owed;
  }

  /** escrow-rate: an open escrow draws exactly the sum of its active leases' rates. */
  static String escrowRate(ReadableState state, long height) {
    TreeMap<Long, Long> rates = new TreeMap<>();
    for (Lease lease : records(state, KeySpace.LEASE, Lease.parser())) {
      if (lease.getState() == LeaseState.LEASE_STATE_ACTIVE) {
        rates.merge(lease.getOrderId(), LeaseLifecycle.rate(lease), Math::addExact);
      }
    }
    for (Escrow escrow : records(state, KeySpace.ESCROW, Escrow.parser())) {
      long expected = rates.getOrDefault(escrow.getOrderId(), 0L);
      if (escrow.getRateMicro() != expected) {
        return "escrow "
            + escrow.getOrderId()
            + " draws "
            + escrow.getRateMicro()
            + " micro-ulease per block, its active leases "
            + expected;
      }
    }
    return null;
  }

  /** provider-bonds: the bond module account equals the sum of every provider's bond. */
  static String providerBonds(ReadableState state, long height) {
    BigInteger bonds = BigInteger.ZERO;
    for (Provider provider : records(state, KeySpace.PROVIDER, Provider.parser())) {
      bonds = bonds.add(BigInteger.valueOf(provider.getBond()));
    }
    BigInteger held = BigInteger.valueOf(balance(state, ModuleAccount.PROVIDER_BONDS));
    return held.equals(bonds)
        ? null
        : "provider_bonds holds " + held + " ulease, providers' bonds sum to " + bonds;
  }

  /**
   * bid-deposits: the bid-deposit module account equals open bids' deposits plus active leases' bid
   * deposits.
   */
  static String bidDeposits(ReadableState state, long height) {
    BigInteger deposits = BigInteger.ZERO;
    for (Bid bid : records(state, KeySpace.BID, Bid.parser())) {
      if (bid.getState() == BidState.BID_STATE_OPEN) {
        deposits = deposits.add(BigInteger.valueOf(bid.getDeposit()));
      }
    }
    for (Lease lease : records(state, KeySpace.LEASE, Lease.parser())) {
      if (lease.getState() == LeaseState.LEASE_STATE_ACTIVE) {
        deposits = deposits.add(BigInteger.valueOf(lease.getBidDeposit()));
      }
    }
    BigInteger held = BigInteger.valueOf(balance(state, ModuleAccount.BID_DEPOSITS));
    return held.equals(deposits)
        ? null
        : "bid_deposits holds "
            + held
            + " ulease, open bids and active leases account for "
            + deposits;
  }

  /** dispute-deposits: the dispute-deposit pool holds exactly the deposits of open disputes. */
  static String disputeDeposits(ReadableState state, long height) {
    BigInteger deposits = BigInteger.ZERO;
    for (Dispute dispute : records(state, KeySpace.DISPUTE, Dispute.parser())) {
      if (dispute.getState() == DisputeState.DISPUTE_STATE_OPEN) {
        deposits = deposits.add(BigInteger.valueOf(dispute.getDeposit()));
      }
    }
    BigInteger held = BigInteger.valueOf(balance(state, ModuleAccount.DISPUTE_DEPOSITS));
    return held.equals(deposits)
        ? null
        : "dispute_deposits holds " + held + " ulease, open disputes account for " + deposits;
  }

  // ---- references -------------------------------------------------------------------------

  /**
   * lease-references: an active lease belongs to a matched order of the same tenant with an open
   * escrow, comes from a won bid, and is served by an active or suspended provider.
   */
  static String leaseReferences(ReadableState state, long height) {
    for (Lease lease : records(state, KeySpace.LEASE, Lease.parser())) {
      if (lease.getState() != LeaseState.LEASE_STATE_ACTIVE) {
        continue;
      }
      String which = "active lease " + lease.getId();
      Escrow escrow = EscrowKeeper.get(state, lease.getOrderId());
      if (escrow == null || escrow.getState() != EscrowState.ESCROW_STATE_OPEN) {
        return which
            + " draws on escrow "
            + lease.getOrderId()
            + " which is "
            + (escrow == null ? "missing" : escrow.getState());
      }
      Order order = MarketKeeper.order(state, lease.getOrderId());
      if (order == null
          || order.getState() != OrderState.ORDER_STATE_MATCHED
          || !order.getTenant().equals(lease.getTenant())) {
        return which
            + " belongs to order "
            + lease.getOrderId()
            + " which is "
            + (order == null ? "missing" : order.getState() + " of " + order.getTenant());
      }
      Bid bid = MarketKeeper.bid(state, lease.getOrderId(), lease.getBidId());
      if (bid == null
          || bid.getState() != BidState.BID_STATE_WON
          || !bid.getProvider().equals(lease.getProvider())) {
        return which
            + " comes from bid "
            + lease.getBidId()
            + " which is "
            + (bid == null ? "missing" : bid.getState() + " of " + bid.getProvider());
      }
      Provider provider = ProviderKeeper.get(state, Address.fromBech32(lease.getProvider()));
      if (provider == null
          || (provider.getState() != ProviderState.PROVIDER_STATE_ACTIVE
              && provider.getState() != ProviderState.PROVIDER_STATE_SUSPENDED)) {
        return which
            + " is served by "
            + lease.getProvider()
            + " which is "
            + (provider == null ? "missing" : provider.getState());
      }
    }
    return null;
  }

  // ---- height-keyed indexes ---------------------------------------------------------------

  /**
   * escrow-depletion-index: an open escrow with a non-zero rate has exactly one depletion entry, at
   * its closed-form depletion height, which lies after {@code height}; no other escrow has one.
   */
  static String depletionIndex(ReadableState state, long height) {
    TreeMap<Long, List<Long>> entries = heightIndex(state, KeySpace.ESCROW_DEPLETION);
    for (Escrow escrow : records(state, KeySpace.ESCROW, Escrow.parser())) {
      List<Long> found = entries.remove(escrow.getOrderId());
      boolean draws =
          escrow.getState() == EscrowState.ESCROW_STATE_OPEN && escrow.getRateMicro() != 0;
      if (!draws) {
        if (found != null) {
          return "escrow "
              + escrow.getOrderId()
              + " ("
              + escrow.getState()
              + ", rate "
              + escrow.getRateMicro()
              + ") has depletion entries at "
              + found;
        }
        continue;
      }
      long expected =
          Math.addExact(
              escrow.getSettledHeight(), escrow.getBalanceMicro() / escrow.getRateMicro());
      if (escrow.getDepletionHeight() != expected) {
        return "escrow "
            + escrow.getOrderId()
            + " records depletion at "
            + escrow.getDepletionHeight()
            + ", its balance lasts to "
            + expected;
      }
      if (found == null || !found.equals(List.of(expected))) {
        return "escrow "
            + escrow.getOrderId()
            + " runs dry at "
            + expected
            + " but its depletion entries are "
            + found;
      }
      if (expected <= height && !EndBlock.behind(state, height)) {
        return "escrow "
            + escrow.getOrderId()
            + " ran dry at "
            + expected
            + " and still draws after height "
            + height;
      }
    }
    return entries.isEmpty() ? null : "depletion entries for missing escrows: " + entries;
  }

  /**
   * lease-end-index: an active lease with an end height has exactly one entry there, after {@code
   * height}; no other lease has one.
   */
  static String leaseEndIndex(ReadableState state, long height) {
    TreeMap<Long, List<Long>> entries = heightIndex(state, KeySpace.LEASE_END);
    for (Lease lease : records(state, KeySpace.LEASE, Lease.parser())) {
      List<Long> found = entries.remove(lease.getId());
      boolean ends = lease.getState() == LeaseState.LEASE_STATE_ACTIVE && lease.getEndHeight() != 0;
      if (!ends) {
        if (found != null) {
          return "lease "
              + lease.getId()
              + " ("
              + lease.getState()
              + ", end "
              + lease.getEndHeight()
              + ") has end entries at "
              + found;
        }
        continue;
      }
      if (found == null || !found.equals(List.of(lease.getEndHeight()))) {
        return "active lease "
            + lease.getId()
            + " ends at "
            + lease.getEndHeight()
            + " but its end entries are "
            + found;
      }
      if (lease.getEndHeight() <= height && !EndBlock.behind(state, height)) {
        return "active lease "
            + lease.getId()
            + " should have ended at "
            + lease.getEndHeight()
            + " (now "
            + height
            + ")";
      }
    }
    return entries.isEmpty() ? null : "end entries for missing leases: " + entries;
  }

  /**
   * order-window-index: an open order has one window entry, after {@code height}; no other order
   * has one.
   */
  static String orderWindowIndex(ReadableState state, long height) {
    TreeMap<Long, List<Long>> entries = heightIndex(state, KeySpace.ORDER_WINDOW_END);
    for (Order order : records(state, KeySpace.ORDER, Order.parser())) {
      List<Long> found = entries.remove(order.getId());
      if (order.getState() != OrderState.ORDER_STATE_OPEN) {
        if (found != null) {
          return "order "
              + order.getId()
              + " is "
              + order.getState()
              + " but has window entries at "
              + found;
        }
        continue;
      }
      if (found == null || !found.equals(List.of(order.getWindowEndHeight()))) {
        return "open order "
            + order.getId()
            + " closes its window at "
            + order.getWindowEndHeight()
            + " but its entries are "
            + found;
      }
      if (order.getWindowEndHeight() <= height && !EndBlock.behind(state, height)) {
        return "open order "
            + order.getId()
            + " should have closed its window at "
            + order.getWindowEndHeight()
            + " (now "
            + height
            + ")";
      }
    }
    return entries.isEmpty() ? null : "window entries for missing orders: " + entries;
  }

  /**
   * proposal-expiry-index: an open proposal has one expiry entry, after {@code height}; no other
   * one has.
   */
  static String proposalExpiryIndex(ReadableState state, long height) {
    TreeMap<Long, List<Long>> entries = heightIndex(state, KeySpace.PROPOSAL_EXPIRY);
    byte[] prefix = Keys.of(KeySpace.AUTHORITY, new byte[] {1});
    Iterator<KeyValue> scan = state.scanPrefix(prefix);
    while (scan.hasNext()) {
      Proposal proposal = parse(Proposal.parser(), scan.next().value());
      List<Long> found = entries.remove(proposal.getId());
      if (proposal.getState() != ProposalState.PROPOSAL_STATE_OPEN) {
        if (found != null) {
          return "proposal "
              + proposal.getId()
              + " is "
              + proposal.getState()
              + " but has expiry entries at "
              + found;
        }
        continue;
      }
      if (found == null
          || !found.equals(List.of(proposal.getExpiresHeight()))
          || proposal.getExpiresHeight() <= height && !EndBlock.behind(state, height)) {
        return "open proposal "
            + proposal.getId()
            + " expires at "
            + proposal.getExpiresHeight()
            + " (now "
            + height
            + ") but its entries are "
            + found;
      }
    }
    return entries.isEmpty() ? null : "expiry entries for missing proposals: " + entries;
  }

  /**
   * provider-unbonding-index: a retired provider whose bond is still held has one unbonding entry,
   * after {@code height}; every other provider has none.
   */
  static String providerUnbondingIndex(ReadableState state, long height) {
    TreeMap<String, List<Long>> entries = new TreeMap<>();
    byte[] prefix = Keys.of(KeySpace.PROVIDER_UNBONDING);
    Iterator<KeyValue> scan = state.scanPrefix(prefix);
    while (scan.hasNext()) {
      ByteBuffer key =
          ByteBuffer.wrap(scan.next().key(), prefix.length, Long.BYTES + Address.LENGTH);
      long at = key.getLong();
      byte[] address = new byte[Address.LENGTH];
      key.get(address);
      entries.computeIfAbsent(Address.of(address).toBech32(), a -> new ArrayList<>()).add(at);
    }
    for (Provider provider : records(state, KeySpace.PROVIDER, Provider.parser())) {
      List<Long> found = entries.remove(provider.getAddress());
      if (provider.getUnbondingHeight() == 0) {
        if (found != null) {
          return "provider "
              + provider.getAddress()
              + " is not unbonding but has entries at "
              + found;
        }
        continue;
      }
      if (provider.getState() != ProviderState.PROVIDER_STATE_RETIRED
          || found == null
          || !found.equals(List.of(provider.getUnbondingHeight()))
          || provider.getUnbondingHeight() <= height && !EndBlock.behind(state, height)) {
        return "provider "
            + provider.getAddress()
            + " ("
            + provider.getState()
            + ") unbonds at "
            + provider.getUnbondingHeight()
            + " (now "
            + height
            + ") but its entries are "
            + found;
      }
    }
    return entries.isEmpty()
        ? null
        : "unbonding entries for missing providers: " + entries.keySet();
  }

  // ---- counters ---------------------------------------------------------------------------

  /**
   * market-counters: a provider's open_bids and leased_units and an order's open_bids equal what
   * the bid and lease records say; open bids sit only on open orders; no provider leases out more
   * GPUs than it has.
   */
  static String marketCounters(ReadableState state, long height) {
    TreeMap<String, Long> openBidsByProvider = new TreeMap<>();
    TreeMap<Long, Long> openBidsByOrder = new TreeMap<>();
    for (Bid bid : records(state, KeySpace.BID, Bid.parser())) {
      if (bid.getState() == BidState.BID_STATE_OPEN) {
        openBidsByProvider.merge(bid.getProvider(), 1L, Long::sum);
        openBidsByOrder.merge(bid.getOrderId(), 1L, Long::sum);
      }
    }
    TreeMap<String, Long> leasedUnits = new TreeMap<>();
    for (Lease lease : records(state, KeySpace.LEASE, Lease.parser())) {
      if (lease.getState() == LeaseState.LEASE_STATE_ACTIVE) {
        leasedUnits.merge(lease.getProvider(), (long) lease.getGpuUnits(), Long::sum);
      }
    }
    for (Provider provider : records(state, KeySpace.PROVIDER, Provider.parser())) {
      long bids = openBidsByProvider.getOrDefault(provider.getAddress(), 0L);
      long units = leasedUnits.getOrDefault(provider.getAddress(), 0L);
      if (Integer.toUnsignedLong(provider.getOpenBids()) != bids) {
        return "provider "
            + provider.getAddress()
            + " counts "
            + Integer.toUnsignedString(provider.getOpenBids())
            + " open bids, has "
            + bids;
      }
      if (Integer.toUnsignedLong(provider.getLeasedUnits()) != units) {
        return "provider "
            + provider.getAddress()
            + " counts "
            + Integer.toUnsignedString(provider.getLeasedUnits())
            + " leased GPUs, its active leases hold "
            + units;
      }
      if (units > Integer.toUnsignedLong(provider.getAttributes().getGpuCount())) {
        return "provider "
            + provider.getAddress()
            + " leases out "
            + units
            + " of "
            + provider.getAttributes().getGpuCount()
            + " GPUs";
      }
    }
    for (Order order : records(state, KeySpace.ORDER, Order.parser())) {
      long bids = openBidsByOrder.getOrDefault(order.getId(), 0L);
      if (Integer.toUnsignedLong(order.getOpenBids()) != bids) {
        return "order "
            + order.getId()
            + " counts "
            + Integer.toUnsignedString(order.getOpenBids())
            + " open bids, has "
            + bids;
      }
      if (bids > 0 && order.getState() != OrderState.ORDER_STATE_OPEN) {
        return "order "
            + order.getId()
            + " is "
            + order.getState()
            + " with "
            + bids
            + " open bids";
      }
    }
    return null;
  }

  // ---- helpers ----------------------------------------------------------------------------

  private static long balance(ReadableState state, ModuleAccount module) {
    return BankKeeper.account(state, module.address()).getBalance();
  }

  /** Every record stored directly under {@code space} (no sub-prefix), parsed. */
  private static <T> List<T> records(ReadableState state, KeySpace space, Parser<T> parser) {
    List<T> records = new ArrayList<>();
    Iterator<KeyValue> scan = state.scanPrefix(Keys.of(space));
    while (scan.hasNext()) {
      records.add(parse(parser, scan.next().value()));
    }
    return records;
  }

  private static <T> T parse(Parser<T> parser, byte[] bytes) {
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("undecodable record: " + e.getMessage(), e);
    }
  }

  /** A {@code prefix | height(8) | id(8)} index as id -> heights, in key order. */
  private static TreeMap<Long, List<Long>> heightIndex(ReadableState state, KeySpace space) {
    TreeMap<Long, List<Long>> entries = new TreeMap<>();
    Iterator<KeyValue> scan = state.scanPrefix(Keys.of(space));
    while (scan.hasNext()) {
      byte[] key = scan.next().key();
      if (key.length != 1 + 2 * Long.BYTES) {
        throw new IllegalStateException(
            space + " entry of " + key.length + " bytes: " + Arrays.toString(key));
      }
      ByteBuffer buffer = ByteBuffer.wrap(key, 1, 2 * Long.BYTES);
      long at = buffer.getLong();
      entries.computeIfAbsent(buffer.getLong(), id -> new ArrayList<>()).add(at);
    }
    return entries;
  }
}
