package io.leasechain.ledger.bank;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Rejection;

/** Address checks shared by every message that names an account. */
public final class BankAddresses {

  private BankAddresses() {}

  /**
   * Null when {@code value} is a valid lease1… address; otherwise the rejection naming the field.
   */
  public static Rejection check(String field, String value) {
    try {
      Address.fromBech32(value);
      return null;
    } catch (IllegalArgumentException e) {
      return Rejection.of(BankError.INVALID_ADDRESS, "%s '%s': %s", field, value, e.getMessage());
    }
  }
}
