package io.leasechain.ledger.invariant;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.escrow.EscrowKeeper;
import io.leasechain.ledger.escrow.proto.Escrow;
import io.leasechain.ledger.escrow.proto.EscrowState;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.provider.ProviderKeeper;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;

/**
 * leases: every active lease has an open escrow and an active or suspended provider, and the
 * height-keyed indexes hold exactly one entry for each escrow and lease that will expire.
 */
final class LeaseInvariant implements Invariant {

  @Override
  public String name() {
    return "leases";
  }

  @Override
  public String check(ReadableState state, long height) {
    long rates = 0;
    for (Lease lease : Scan.all(state, KeySpace.LEASE, Lease.parser())) {
      if (lease.getState() != LeaseState.LEASE_STATE_ACTIVE) {
        continue;
      }
      Escrow escrow = EscrowKeeper.get(state, lease.getOrderId());
      if (escrow == null || escrow.getState() != EscrowState.ESCROW_STATE_OPEN) {
        return "active lease " + lease.getId() + " has no open escrow";
      }
      Provider provider = ProviderKeeper.get(state, Address.fromBech32(lease.getProvider()));
      if (provider == null || (provider.getState() != ProviderState.PROVIDER_STATE_ACTIVE
          && provider.getState() != ProviderState.PROVIDER_STATE_SUSPENDED)) {
        return "active lease " + lease.getId() + " has provider in state " + (provider == null ? "none" : provider.getState());
      }
      if (lease.getEndHeight() != 0 && state.get(Keys.of(KeySpace.LEASE_END, Keys.uint64(lease.getEndHeight()), Keys.uint64(lease.getId()))) == null) {
        return "active lease " + lease.getId() + " misses its end-height index entry";
      }
      rates = Math.addExact(rates, Math.multiplyExact((long) lease.getGpuUnits(), lease.getPrice()));
    }
    long escrowRates = 0;
    for (Escrow escrow : Scan.all(state, KeySpace.ESCROW, Escrow.parser())) {
      escrowRates = Math.addExact(escrowRates, escrow.getRateMicro());
      if (escrow.getDepletionHeight() != EscrowKeeper.depletionHeight(escrow)) {
        return "escrow " + escrow.getOrderId() + " records depletion height " + escrow.getDepletionHeight()
            + ", its balance and rate give " + EscrowKeeper.depletionHeight(escrow);
      }
      if (escrow.getDepletionHeight() != 0 && state.get(Keys.of(KeySpace.ESCROW_DEPLETION,
          Keys.uint64(escrow.getDepletionHeight()), Keys.uint64(escrow.getOrderId()))) == null) {
        return "escrow " + escrow.getOrderId() + " misses its depletion index entry";
      }
      if (escrow.getDepletionHeight() != 0 && escrow.getDepletionHeight() < height) {
        return "escrow " + escrow.getOrderId() + " ran dry at " + escrow.getDepletionHeight() + " but still draws at " + height;
      }
    }
    if (rates != escrowRates) {
      return "active leases draw " + rates + " micro-ulease per block, escrows record " + escrowRates;
    }
    long depletionEntries = count(state, KeySpace.ESCROW_DEPLETION);
    long drawing = Scan.all(state, KeySpace.ESCROW, Escrow.parser()).stream().filter(e -> e.getDepletionHeight() != 0).count();
    return depletionEntries == drawing ? null
        : depletionEntries + " depletion index entries for " + drawing + " drawing escrows";
  }

  private static long count(ReadableState state, KeySpace space) {
    long count = 0;
    var entries = state.scanPrefix(Keys.of(space));
    while (entries.hasNext()) {
      entries.next();
      count++;
    }
    return count;
  }
}
