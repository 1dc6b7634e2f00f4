package io.leasechain.node.gateway;

import java.util.regex.Pattern;

/**
 * The CometBFT event query language of v0.38 ({@code tx_search}'s {@code query}), checked before it
 * is sent on: conditions {@code key op value} joined by {@code AND}. Anything else is refused here,
 * so the RPC node only ever sees a well-formed query string as one JSON-RPC parameter.
 */
final class EventQuery {

  static final int MAX_LENGTH = 1024;

  private static final String KEY = "[A-Za-z_][A-Za-z0-9_./\\-]*";
  private static final String VALUE =
      "(?:'[^'\\p{Cntrl}]*'|-?[0-9]+(?:\\.[0-9]+)?|TIME [0-9T:.+\\-Z]+|DATE [0-9\\-]+)";
  private static final String CONDITION =
      KEY + "(?: ?(?:=|<=|>=|<|>) ?" + VALUE + "| CONTAINS " + VALUE + "| EXISTS)";
  private static final Pattern QUERY = Pattern.compile(CONDITION + "(?: AND " + CONDITION + ")*");

  private EventQuery() {}

  /**
   * The query with runs of spaces made single, as validated.
   *
   * @throws GatewayException 400 unless it is a CometBFT event query
   */
  static String validate(String query) {
    if (query == null || query.isBlank()) {
      throw new GatewayException(
          GatewayError.INVALID_ARGUMENT, "query= is required, e.g. query=message.action='send'");
    }
    if (query.length() > MAX_LENGTH) {
      throw new GatewayException(
          GatewayError.INVALID_ARGUMENT, "query is longer than " + MAX_LENGTH + " characters");
    }
    String normalized = query.strip().replaceAll(" {2,}", " ");
    if (!QUERY.matcher(normalized).matches()) {
      throw new GatewayException(
          GatewayError.INVALID_ARGUMENT,
          "query is not a CometBFT event query (key=value conditions joined by AND, strings in"
              + " single quotes): "
              + normalized);
    }
    return normalized;
  }
}
