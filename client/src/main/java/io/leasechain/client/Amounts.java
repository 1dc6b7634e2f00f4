package io.leasechain.client;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses amounts as users type them: {@code 1500000ulease}, {@code 1.5lease} or a bare ulease
 * count.
 */
public final class Amounts {

  private static final Pattern AMOUNT = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ulease|lease)?");
  private static final BigDecimal ULEASE_PER_LEASE = BigDecimal.valueOf(1_000_000);

  private Amounts() {}

  /** The amount in ulease; IllegalArgumentException with a clear message otherwise. */
  public static long parseUlease(String text) {
    Matcher matcher = AMOUNT.matcher(text.trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "amount '"
              + text
              + "': expected a whole number of ulease such as 1000000ulease, or lease such as 1.5lease");
    }
    BigDecimal number = new BigDecimal(matcher.group(1));
    BigDecimal ulease =
        "lease".equals(matcher.group(2)) ? number.multiply(ULEASE_PER_LEASE) : number;
    try {
      return ulease.longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "amount '" + text + "': must be a whole number of ulease below 2^63", e);
    }
  }
}
