package io.leasechain.ledger.escrow;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.BankAddresses;
import io.leasechain.ledger.escrow.proto.MsgWithdrawLease;
import io.leasechain.ledger.market.LeaseLifecycle;
import io.leasechain.ledger.market.MarketKeeper;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.tx.MsgContext;
import io.leasechain.ledger.tx.MsgHandler;
import java.util.List;

/** MsgWithdrawLease: the provider takes what its lease has accrued, less the take rate. */
public final class WithdrawLeaseHandler implements MsgHandler<MsgWithdrawLease> {

  @Override
  public Rejection validate(MsgWithdrawLease msg) {
    return BankAddresses.check("provider", msg.getProvider());
  }

  @Override
  public List<Address> signers(MsgWithdrawLease msg) {
    return List.of(Address.fromBech32(msg.getProvider()));
  }

  @Override
  public Outcome execute(MsgContext context, MsgWithdrawLease msg) {
    Lease lease = MarketKeeper.lease(context.state(), msg.getLeaseId());
    if (lease == null) {
      return Outcome.reject(EscrowError.LEASE_NOT_FOUND, "lease %d", msg.getLeaseId());
    }
    if (!lease.getProvider().equals(msg.getProvider())) {
      return Outcome.reject(
          EscrowError.NOT_LEASE_PROVIDER,
          "lease %d is served by %s",
          lease.getId(),
          lease.getProvider());
    }
    List<Event> events = new LeaseLifecycle(context.state()).withdraw(lease);
    if (events.isEmpty()) {
      // A closed lease was paid in full when it closed: there will never be anything to take.
      return lease.getState() == LeaseState.LEASE_STATE_CLOSED
          ? Outcome.reject(
              EscrowError.NOTHING_TO_WITHDRAW,
              "lease %d is closed and was paid in full when it closed",
              lease.getId())
          : Outcome.reject(
              EscrowError.NOTHING_TO_WITHDRAW,
              "lease %d has less than 1 ulease of accepted proofs to pay yet",
              lease.getId());
    }
    return Outcome.ok(events);
  }
}
