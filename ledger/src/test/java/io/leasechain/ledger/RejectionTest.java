package io.leasechain.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leasechain.ledger.bank.BankError;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Rejection logs are part of each tx result, so every node must render them byte for byte alike.
 */
class RejectionTest {

  @Test
  void aLogIsTheSameWhateverTheNodesDefaultLocale() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("th-TH-u-nu-thai"));
      assertEquals(
          BankError.INSUFFICIENT_FUNDS.description() + ": have 1234, need 5678",
          Rejection.of(BankError.INSUFFICIENT_FUNDS, "have %d, need %d", 1_234, 5_678).log());
    } finally {
      Locale.setDefault(before);
    }
  }
}
