package io.leasechain.ledger.market;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.BankAddresses;
import io.leasechain.ledger.market.proto.CloseReason;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.MsgCloseLease;
import io.leasechain.ledger.tx.MsgContext;
import io.leasechain.ledger.tx.MsgHandler;
import java.util.List;

/**
 * MsgCloseLease: the tenant closes at once; the provider gives notice and is paid until it ends, so
 * a tenant is never cut off without warning.
 */
public final class CloseLeaseHandler implements MsgHandler<MsgCloseLease> {

  @Override
  public Rejection validate(MsgCloseLease msg) {
    return BankAddresses.check("sender", msg.getSender());
  }

  @Override
  public List<Address> signers(MsgCloseLease msg) {
    return List.of(Address.fromBech32(msg.getSender()));
  }

  @Override
  public Outcome execute(MsgContext context, MsgCloseLease msg) {
    MarketKeeper market = new MarketKeeper(context.state());
    Lease lease = market.lease(msg.getLeaseId());
    if (lease == null) {
      return Outcome.reject(MarketError.LEASE_NOT_FOUND, "lease %d", msg.getLeaseId());
    }
    if (lease.getState() != LeaseState.LEASE_STATE_ACTIVE) {
      return Outcome.reject(
          MarketError.LEASE_NOT_ACTIVE, "lease %d is %s", lease.getId(), lease.getState());
    }
    long height = context.block().height();
    if (msg.getSender().equals(lease.getTenant())) {
      return Outcome.ok(
          new LeaseLifecycle(context.state())
              .close(lease, CloseReason.CLOSE_REASON_TENANT, height));
    }
    if (!msg.getSender().equals(lease.getProvider())) {
      return Outcome.reject(
          MarketError.UNAUTHORIZED,
          "only the tenant or the provider of lease %d may close it",
          lease.getId());
    }
    if (lease.getCloseReason() == CloseReason.CLOSE_REASON_PROVIDER) {
      return Outcome.reject(
          MarketError.CLOSE_ALREADY_PENDING,
          "lease %d ends at height %d",
          lease.getId(),
          lease.getEndHeight());
    }
    long notice = MarketParamsRules.STORE.get(context.state()).getProviderCloseNotice();
    if (notice == 0) {
      return Outcome.ok(
          new LeaseLifecycle(context.state())
              .close(lease, CloseReason.CLOSE_REASON_PROVIDER, height));
    }
    long end = Math.addExact(height, notice);
    if (lease.getEndHeight() != 0 && lease.getEndHeight() <= end) {
      return Outcome.reject(
          MarketError.CLOSE_ALREADY_PENDING,
          "lease %d ends by its duration at height %d, before a notice would",
          lease.getId(),
          lease.getEndHeight());
    }
    Lease noticed =
        lease.toBuilder()
            .setCloseReason(CloseReason.CLOSE_REASON_PROVIDER)
            .setEndHeight(end)
            .build();
    market.save(noticed);
    return Outcome.ok(MarketEvents.lease("lease_close_requested", noticed));
  }
}
