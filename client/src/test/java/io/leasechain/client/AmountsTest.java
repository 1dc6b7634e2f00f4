package io.leasechain.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AmountsTest {

  @ParameterizedTest
  @CsvSource({
    "100ulease, 100",
    "0ulease, 0",
    "1lease, 1000000",
    "1.5lease, 1500000",
    "0.000001lease, 1",
    "2500.5lease, 2500500000",
    "' 7ulease ', 7",
    "9223372036854775807ulease, 9223372036854775807",
    "9223372036854.775807lease, 9223372036854775807"
  })
  void parsesAmountsWithAUnit(String text, long ulease) {
    assertEquals(ulease, Amounts.parseUlease(text));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "100|amount 100 needs a unit: 100ulease or 100lease",
        "1.5|amount 1.5 needs a unit: 1.5ulease or 1.5lease",
        "-5lease|amount -5lease is negative",
        "-5ulease|amount -5ulease is negative",
        "1.0000001lease|amount 1.0000001lease has more than 6 decimals: 1 lease is 1000000ulease,"
            + " the smallest amount is 0.000001lease",
        "1.5ulease|amount 1.5ulease has decimals: ulease is the smallest unit, use whole ulease",
        "5atom|amount 5atom has an unknown unit 'atom': use ulease or lease",
        "5LEASE|amount 5LEASE has an unknown unit 'LEASE': use ulease or lease",
        "9223372036854775808ulease|amount 9223372036854775808ulease is too large: at most"
            + " 9223372036854775807ulease",
        "9223372036854.775808lease|amount 9223372036854.775808lease is too large: at most"
            + " 9223372036854775807ulease",
        "ulease|amount 'ulease' is not a number with a unit, such as 100ulease or 1.5lease",
        "1e6ulease|amount '1e6ulease' is not a number with a unit, such as 100ulease or 1.5lease",
        "''|amount '' is not a number with a unit, such as 100ulease or 1.5lease"
      })
  void eachMistakeHasItsOwnMessage(String text, String message) {
    assertEquals(
        message,
        assertThrows(IllegalArgumentException.class, () -> Amounts.parseUlease(text)).getMessage());
  }

  @Test
  void noFloatingPointRounding() {
    // 0.1 + 0.2 style traps: every decimal place is kept exactly.
    assertEquals(300_000, Amounts.parseUlease("0.3lease"));
    assertEquals(4_503_599_627_370_497L, Amounts.parseUlease("4503599627.370497lease"));
  }
}
