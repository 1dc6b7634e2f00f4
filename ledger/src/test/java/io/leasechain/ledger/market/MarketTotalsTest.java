package io.leasechain.ledger.market;

import static io.leasechain.ledger.testing.MarketFixture.addressOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.Order;
import io.leasechain.ledger.market.proto.OrderState;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.state.Records;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.ledger.testing.Msgs;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

/**
 * The monitoring totals read through the by-state indexes agree with a scan of every order and
 * lease record, and the escrow total with the escrow module account, through a market's life.
 */
class MarketTotalsTest {

  private static final String RTX = "nvidia-rtx-4090";

  private final MarketFixture market = MarketFixture.create();
  private final Ed25519PrivateKey tenant = market.tenant();
  private final Ed25519PrivateKey provider = market.provider(0);

  @Test
  void totalsFollowOrdersLeasesAndEscrow() {
    market.registerApproved(0, Msgs.gpus(RTX, 24, 4));
    assertEquals(new MarketTotals(0, 0, 0), totals());

    long first = market.order(tenant, Msgs.orderBody(addressOf(tenant), 2, 24, 300, true, 5_000));
    long second = market.order(tenant, Msgs.orderBody(addressOf(tenant), 1, 24, 300, true, 7_000));
    assertEquals(new MarketTotals(2, 0, 12_000), totals());
    assertAgreesWithAScan();

    long bid = market.bid(provider, first, 2, 100);
    long lease = market.nextLeaseId();
    market.ok(Msgs.accept(addressOf(tenant), first, bid), tenant);
    assertEquals(1, totals().openOrders());
    assertEquals(1, totals().activeLeases());
    assertAgreesWithAScan();

    market.ok(Msgs.closeOrder(addressOf(tenant), second), tenant);
    market.ok(Msgs.closeLease(addressOf(tenant), lease), tenant);
    assertEquals(0, totals().openOrders());
    assertEquals(0, totals().activeLeases());
    assertAgreesWithAScan();
  }

  private MarketTotals totals() {
    return MarketTotals.of(market.chain().committed());
  }

  private void assertAgreesWithAScan() {
    ReadableState state = market.chain().committed();
    long open = 0;
    for (Iterator<KeyValue> orders = state.scanPrefix(Keys.of(KeySpace.ORDER));
        orders.hasNext(); ) {
      Order order = Records.read(state, orders.next().key(), Order.parser());
      open += order.getState() == OrderState.ORDER_STATE_OPEN ? 1 : 0;
    }
    long active = 0;
    for (Iterator<KeyValue> leases = state.scanPrefix(Keys.of(KeySpace.LEASE));
        leases.hasNext(); ) {
      Lease lease = Records.read(state, leases.next().key(), Lease.parser());
      active += lease.getState() == LeaseState.LEASE_STATE_ACTIVE ? 1 : 0;
    }
    assertEquals(new MarketTotals(open, active, market.balance(ModuleAccount.ESCROW)), totals());
  }
}
