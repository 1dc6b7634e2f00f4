package io.leasechain.ledger.invariant;

import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.escrow.EscrowKeeper;
import io.leasechain.ledger.escrow.proto.Escrow;
import io.leasechain.ledger.escrow.proto.EscrowState;
import io.leasechain.ledger.market.LeaseLifecycle;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.ReadableState;
import java.math.BigInteger;

/**
 * escrow-funds: the escrow module account holds exactly what open escrows still hold plus what
 * leases have accrued and not been paid, to the micro-ulease, at the committed height.
 */
final class EscrowFundsInvariant implements Invariant {

  @Override
  public String name() {
    return "escrow-funds";
  }

  @Override
  public String check(ReadableState state, long height) {
    BigInteger owed = BigInteger.ZERO;
    for (Escrow escrow : Scan.all(state, KeySpace.ESCROW, Escrow.parser())) {
      if (escrow.getState() == EscrowState.ESCROW_STATE_OPEN) {
        owed = owed.add(BigInteger.valueOf(EscrowKeeper.available(escrow, Math.max(height, escrow.getSettledHeight()))));
      } else if (escrow.getBalanceMicro() != 0) {
        return "closed escrow " + escrow.getOrderId() + " still holds " + escrow.getBalanceMicro() + " micro-ulease";
      }
    }
    for (Lease lease : Scan.all(state, KeySpace.LEASE, Lease.parser())) {
      owed = owed.add(BigInteger.valueOf(LeaseLifecycle.owed(lease, Math.max(height, lease.getSettledHeight()))));
    }
    BigInteger held = BigInteger.valueOf(Scan.balance(state, ModuleAccount.ESCROW)).multiply(BigInteger.valueOf(EscrowKeeper.MICRO));
    return held.equals(owed) ? null : "escrow account holds " + held + " micro-ulease, escrows and leases account for " + owed;
  }
}
