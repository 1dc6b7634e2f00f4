package io.leasechain.ledger.escrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.state.EmptyState;
import io.leasechain.ledger.state.OverlayState;
import io.leasechain.ledger.tx.TxError;
import org.junit.jupiter.api.Test;

/**
 * An order's deposits stay within a long of micro-ulease: everything its leases accrue, and so each
 * lease's withdrawable sum that end-block adds to, is bounded by them. Without the bound a whale
 * topping up one open-ended lease whose provider never withdraws could make an end-block addition
 * overflow and halt the chain.
 */
class EscrowDepositBoundTest {

  private static final long MOST = Long.MAX_VALUE / EscrowKeeper.MICRO;

  @Test
  void topUpsStopAtTheMostAnOrderCanHoldInMicroUlease() {
    OverlayState state = new OverlayState(EmptyState.INSTANCE);
    Address whale = Address.of(new byte[20]);
    new BankKeeper(state).mint(whale, 2 * MOST);
    EscrowKeeper escrows = new EscrowKeeper(state);
    assertNull(escrows.open(1, whale, MOST - 5, 1));

    Rejection over = escrows.topUp(1, whale, 6, 2);
    assertEquals(TxError.ARITHMETIC_OVERFLOW, over.error());
    assertNull(escrows.topUp(1, whale, 5, 2), "exactly the most is allowed");
    assertEquals(MOST, escrows.get(1).getDeposited());
    assertEquals(TxError.ARITHMETIC_OVERFLOW, escrows.topUp(1, whale, 1, 3).error());
  }
}
