package io.leasechain.ledger.query;

import io.leasechain.crypto.Address;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A query path such as {@code /orders?tenant=lease1…&limit=10}: its segments and parameters. */
public record QueryPath(List<String> segments, Map<String, String> params) {

  public static QueryPath parse(String path) {
    int question = path.indexOf('?');
    String route = question < 0 ? path : path.substring(0, question);
    Map<String, String> params = new TreeMap<>();
    if (question >= 0) {
      for (String pair : path.substring(question + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String key = decode(equals < 0 ? pair : pair.substring(0, equals));
        params.put(key, equals < 0 ? "" : decode(pair.substring(equals + 1)));
      }
    }
    String trimmed = route.startsWith("/") ? route.substring(1) : route;
    return new QueryPath(List.of(trimmed.split("/", -1)), params);
  }

  public String segment(int index) {
    return index < segments.size() ? segments.get(index) : null;
  }

  public String param(String name) {
    String value = params.get(name);
    return value == null || value.isEmpty() ? null : value;
  }

  /**
   * The address parameter {@code name} in its canonical spelling, so that {@code LEASE1…} finds
   * what {@code lease1…} does; null when absent. Throws IllegalArgumentException when invalid.
   */
  public String address(String name) {
    String value = param(name);
    return value == null ? null : Address.fromBech32(value).toBech32();
  }

  // Percent-decoding by hand: the ledger may not use java.net.
  private static String decode(String text) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && i + 2 <= text.length() - 1) {
        out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
        i += 2;
      } else if (c == '+') {
        out.write(' ');
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
