package io.leasechain.ledger.invariant;

import static io.leasechain.ledger.testing.MarketFixture.addressOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.authority.AuthorityKeeper;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.escrow.EscrowKeeper;
import io.leasechain.ledger.escrow.proto.Escrow;
import io.leasechain.ledger.market.MarketKeeper;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.Order;
import io.leasechain.ledger.provider.ProviderKeeper;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.OverlayState;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.ledger.testing.Msgs;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The market invariants hold on a busy state and each one catches the corruption it is about (so
 * none passes vacuously). The state: a split order matched to A and B, an open order with an open
 * bid by C, a lease with a provider's notice pending, a retired provider unbonding, an open
 * proposal.
 */
class MarketInvariantsTest {

  private MarketFixture market;
  private long matched;
  private long open;
  private long leaseA;
  private long leaseB;
  private long proposal;
  private Address a;
  private Address c;
  private Address retired;

  @BeforeEach
  void setUp() {
    market = MarketFixture.create();
    a = market.registerApproved(0, Msgs.gpus("nvidia-rtx-4090", 24, 4));
    market.registerApproved(1, Msgs.gpus("nvidia-rtx-4090", 24, 4));
    c = market.registerApproved(2, Msgs.gpus("nvidia-h100-80gb", 80, 8));
    retired = market.register(3, Msgs.gpus("nvidia-h100-80gb", 80, 8));
    Address tenant = addressOf(market.tenant());
    matched = market.order(market.tenant(), Msgs.orderBody(tenant, 8, 24, 300, true, 50));
    long bidA = market.bid(market.provider(0), matched, 4, 100);
    long bidB = market.bid(market.provider(1), matched, 4, 120);
    leaseA = market.nextLeaseId();
    leaseB = leaseA + 1;
    market.ok(Msgs.accept(tenant, matched, bidA, bidB), market.tenant());
    open = market.order(market.tenant(), Msgs.orderBody(tenant, 8, 24, 300, false, 50));
    market.bid(market.provider(2), open, 8, 200);
    proposal = market.nextProposalId();
    market.ok(Msgs.propose(market.memberAddress(0), Msgs.suspendProvider(c)), market.member(0));
    market.ok(Msgs.retire(retired), market.provider(3));
    market.ok(Msgs.closeLease(addressOf(market.provider(1)), leaseB), market.provider(1));
    market.chain().advanceTo(market.chain().height() + 2);
  }

  private Map<String, String> brokenAfter(Consumer<OverlayState> corrupt) {
    OverlayState state = new OverlayState(market.chain().committed());
    corrupt.accept(state);
    return brokenByName(state, market.chain().height());
  }

  private void assertCatches(String name, Consumer<OverlayState> corrupt) {
    Map<String, String> broken = brokenAfter(corrupt);
    assertTrue(broken.containsKey(name), name + " should be broken, got " + broken);
  }

  private static void setBalance(OverlayState state, Address address, long delta) {
    var account = BankKeeper.account(state, address);
    state.put(
        BankKeeper.accountKey(address),
        account.toBuilder().setBalance(account.getBalance() + delta).build().toByteArray());
  }

  @Test
  void allHoldOnABusyState() {
    assertEquals(Map.of(), brokenByName(market.chain().committed(), market.chain().height()));
    assertEquals(LeaseState.LEASE_STATE_ACTIVE, market.lease(leaseB).getState());
    assertTrue(market.lease(leaseB).getEndHeight() > market.chain().height());
    assertTrue(market.providerRecord(market.provider(3)).getUnbondingHeight() > 0);
  }

  @Test
  void totalSupplyCatchesAnUnbackedBalance() {
    assertCatches("total-supply", state -> setBalance(state, a, 1));
  }

  @Test
  void escrowBackingCatchesAMissingMicroUlease() {
    assertCatches(
        "escrow-backing",
        state -> {
          Escrow escrow = EscrowKeeper.get(state, matched);
          state.put(
              EscrowKeeper.key(matched),
              escrow.toBuilder()
                  .setBalanceMicro(escrow.getBalanceMicro() - 1)
                  .build()
                  .toByteArray());
        });
    assertCatches("escrow-backing", state -> setBalance(state, ModuleAccount.ESCROW.address(), -1));
  }

  @Test
  void escrowBackingCatchesAClosedLeaseThatKeptItsRemainder() {
    assertCatches(
        "escrow-backing",
        state -> {
          Lease lease = MarketKeeper.lease(state, leaseA);
          state.put(
              MarketKeeper.leaseKey(leaseA),
              lease.toBuilder()
                  .setState(LeaseState.LEASE_STATE_CLOSED)
                  .setUnpaidMicro(5)
                  .build()
                  .toByteArray());
        });
  }

  @Test
  void escrowRateCatchesARateThatIsNotItsLeases() {
    assertCatches(
        "escrow-rate",
        state -> {
          Escrow escrow = EscrowKeeper.get(state, matched);
          state.put(
              EscrowKeeper.key(matched),
              escrow.toBuilder().setRateMicro(escrow.getRateMicro() + 1).build().toByteArray());
        });
  }

  @Test
  void providerBondsCatchesABondNotHeld() {
    assertCatches(
        "provider-bonds",
        state -> {
          Provider provider = ProviderKeeper.get(state, a);
          state.put(
              ProviderKeeper.key(a),
              provider.toBuilder().setBond(provider.getBond() + 1).build().toByteArray());
        });
  }

  @Test
  void bidDepositsCatchesADepositNotHeld() {
    assertCatches(
        "bid-deposits", state -> setBalance(state, ModuleAccount.BID_DEPOSITS.address(), 1));
    assertCatches(
        "bid-deposits",
        state -> {
          Lease lease = MarketKeeper.lease(state, leaseA);
          state.put(
              MarketKeeper.leaseKey(leaseA),
              lease.toBuilder().setBidDeposit(0).build().toByteArray());
        });
  }

  @Test
  void leaseReferencesCatchesALeaseOfARetiredProvider() {
    assertCatches(
        "lease-references",
        state -> {
          Provider provider = ProviderKeeper.get(state, a);
          state.put(
              ProviderKeeper.key(a),
              provider.toBuilder()
                  .setState(ProviderState.PROVIDER_STATE_RETIRED)
                  .build()
                  .toByteArray());
        });
  }

  @Test
  void depletionIndexCatchesAMissingAStaleAndAnOverdueEntry() {
    long depletion = EscrowKeeper.get(market.chain().committed(), matched).getDepletionHeight();
    assertCatches(
        "escrow-depletion-index",
        state ->
            state.delete(
                Keys.of(KeySpace.ESCROW_DEPLETION, Keys.uint64(depletion), Keys.uint64(matched))));
    assertCatches(
        "escrow-depletion-index",
        state ->
            state.put(
                Keys.of(
                    KeySpace.ESCROW_DEPLETION, Keys.uint64(depletion + 1), Keys.uint64(matched)),
                new byte[0]));
    assertCatches(
        "escrow-depletion-index",
        state ->
            state.put(
                Keys.of(KeySpace.ESCROW_DEPLETION, Keys.uint64(depletion), Keys.uint64(open)),
                new byte[0]));
    Map<String, String> overdue = brokenByName(market.chain().committed(), depletion);
    assertTrue(overdue.containsKey("escrow-depletion-index"), overdue.toString());
  }

  @Test
  void leaseEndIndexCatchesAMissingEntry() {
    long end = market.lease(leaseB).getEndHeight();
    assertCatches(
        "lease-end-index",
        state -> state.delete(Keys.of(KeySpace.LEASE_END, Keys.uint64(end), Keys.uint64(leaseB))));
    assertCatches(
        "lease-end-index",
        state ->
            state.put(
                Keys.of(KeySpace.LEASE_END, Keys.uint64(end), Keys.uint64(leaseA)), new byte[0]));
  }

  @Test
  void orderWindowIndexCatchesAMissingEntry() {
    Order order = market.order(open);
    assertCatches(
        "order-window-index",
        state ->
            state.delete(
                Keys.of(
                    KeySpace.ORDER_WINDOW_END,
                    Keys.uint64(order.getWindowEndHeight()),
                    Keys.uint64(open))));
  }

  @Test
  void marketCountersCatchAnOffCounter() {
    assertCatches(
        "market-counters",
        state -> {
          Provider provider = ProviderKeeper.get(state, c);
          state.put(
              ProviderKeeper.key(c), provider.toBuilder().setOpenBids(0).build().toByteArray());
        });
    assertCatches(
        "market-counters",
        state -> {
          Provider provider = ProviderKeeper.get(state, a);
          state.put(
              ProviderKeeper.key(a), provider.toBuilder().setLeasedUnits(3).build().toByteArray());
        });
    assertCatches(
        "market-counters",
        state -> {
          Order order = MarketKeeper.order(state, open);
          state.put(
              MarketKeeper.orderKey(open), order.toBuilder().setOpenBids(2).build().toByteArray());
        });
  }

  @Test
  void proposalExpiryIndexCatchesAMissingEntry() {
    long expires =
        AuthorityKeeper.proposal(market.chain().committed(), proposal).getExpiresHeight();
    assertCatches(
        "proposal-expiry-index",
        state ->
            state.delete(
                Keys.of(KeySpace.PROPOSAL_EXPIRY, Keys.uint64(expires), Keys.uint64(proposal))));
  }

  @Test
  void providerUnbondingIndexCatchesAMissingEntry() {
    long at = market.providerRecord(market.provider(3)).getUnbondingHeight();
    assertCatches(
        "provider-unbonding-index",
        state ->
            state.delete(Keys.of(KeySpace.PROVIDER_UNBONDING, Keys.uint64(at), retired.bytes())));
  }

  private static Map<String, String> brokenByName(ReadableState state, long height) {
    java.util.TreeMap<String, String> byName = new java.util.TreeMap<>();
    for (String line : Invariants.broken(state, height)) {
      int colon = line.indexOf(": ");
      byName.put(line.substring(0, colon), line.substring(colon + 2));
    }
    return byName;
  }
}
