package io.leasechain.client;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses amounts as users type them, always with a unit: {@code 1500000ulease} or {@code 1.5lease}
 * (1 lease = 1,000,000 ulease). Exact: decimal arithmetic, no floating point.
 */
public final class Amounts {

  /** Decimals a lease amount may have: 1 lease = 10^6 ulease. */
  public static final int LEASE_DECIMALS = 6;

  private static final Pattern AMOUNT = Pattern.compile("(-?)([0-9]+)(?:\\.([0-9]+))?([A-Za-z]+)?");

  private Amounts() {}

  /** The amount in ulease; IllegalArgumentException saying what is wrong otherwise. */
  public static long parseUlease(String text) {
    String amount = text.strip();
    Matcher matcher = AMOUNT.matcher(amount);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "amount '" + text + "' is not a number with a unit, such as 100ulease or 1.5lease");
    }
    String unit = matcher.group(4);
    String decimals = matcher.group(3) == null ? "" : matcher.group(3);
    if (unit == null) {
      throw new IllegalArgumentException(
          "amount " + amount + " needs a unit: " + amount + "ulease or " + amount + "lease");
    }
    if (!unit.equals("ulease") && !unit.equals("lease")) {
      throw new IllegalArgumentException(
          "amount " + amount + " has an unknown unit '" + unit + "': use ulease or lease");
    }
    if (!matcher.group(1).isEmpty()) {
      throw new IllegalArgumentException("amount " + amount + " is negative");
    }
    int places = unit.equals("lease") ? LEASE_DECIMALS : 0;
    if (decimals.length() > places) {
      throw new IllegalArgumentException(
          unit.equals("lease")
              ? "amount "
                  + amount
                  + " has more than 6 decimals: 1 lease is 1000000ulease, the smallest amount is"
                  + " 0.000001lease"
              : "amount "
                  + amount
                  + " has decimals: ulease is the smallest unit, use whole ulease");
    }
    BigDecimal value =
        new BigDecimal(matcher.group(2) + "." + (decimals.isEmpty() ? "0" : decimals));
    try {
      return value.movePointRight(places).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "amount " + amount + " is too large: at most " + Long.MAX_VALUE + "ulease", e);
    }
  }
}
