package io.leasechain.ledger.invariant;

import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.market.proto.Bid;
import io.leasechain.ledger.market.proto.BidState;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.ReadableState;

/**
 * held-funds: the bond pool holds every provider's bond, and the bid-deposit pool every open
 * bid's deposit plus the deposits bonded to active leases.
 */
final class HeldFundsInvariant implements Invariant {

  @Override
  public String name() {
    return "held-funds";
  }

  @Override
  public String check(ReadableState state, long height) {
    long bonds = 0;
    for (Provider provider : Scan.all(state, KeySpace.PROVIDER, Provider.parser())) {
      bonds = Math.addExact(bonds, provider.getBond());
    }
    long bondPool = Scan.balance(state, ModuleAccount.PROVIDER_BONDS);
    if (bonds != bondPool) {
      return "bond pool holds " + bondPool + " ulease, providers' bonds sum to " + bonds;
    }
    long deposits = 0;
    for (Bid bid : Scan.all(state, KeySpace.BID, Bid.parser())) {
      if (bid.getState() == BidState.BID_STATE_OPEN) {
        deposits = Math.addExact(deposits, bid.getDeposit());
      }
    }
    for (Lease lease : Scan.all(state, KeySpace.LEASE, Lease.parser())) {
      if (lease.getState() == LeaseState.LEASE_STATE_ACTIVE) {
        deposits = Math.addExact(deposits, lease.getBidDeposit());
      }
    }
    long depositPool = Scan.balance(state, ModuleAccount.BID_DEPOSITS);
    return deposits == depositPool ? null
        : "bid-deposit pool holds " + depositPool + " ulease, open bids and active leases account for " + deposits;
  }
}
