package io.leasechain.ledger.query;

import io.leasechain.crypto.Address;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A query path such as {@code /orders?tenant=lease1…&limit=10}: its segments and parameters. */
public record QueryPath(List<String> segments, Map<String, String> params) {

  /**
   * Splits {@code path} into segments and decoded parameters.
   *
   * @throws IllegalArgumentException on malformed percent-encoding
   */
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

  /**
   * Percent-decoding by hand (the ledger may not use java.net): a '%' must be followed by two hex
   * digits, and the decoded bytes must be UTF-8.
   *
   * @throws IllegalArgumentException on any other '%' or on bytes that are not UTF-8
   */
  private static String decode(String text) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
        int low = high < 0 ? -1 : Character.digit(text.charAt(i + 2), 16);
        if (low < 0) {
          throw new IllegalArgumentException(
              "bad percent-encoding at '"
                  + text.substring(i, Math.min(i + 3, text.length()))
                  + "'");
        }
        out.write(high << 4 | low);
        i += 2;
      } else if (c == '+') {
        out.write(' ');
      } else {
        // By code point: a character outside the BMP is two chars, and one alone is no character.
        int end = Character.isHighSurrogate(c) && i + 1 < text.length() ? i + 2 : i + 1;
        out.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end - 1;
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(java.nio.ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalArgumentException("percent-encoded bytes are not UTF-8: '" + text + "'");
    }
  }
}
