package io.leasechain.client.light;

import java.util.HexFormat;

/** Hashes and addresses in messages as CometBFT and its explorers print them: uppercase hex. */
final class HexText {

  private static final HexFormat UPPER = HexFormat.of().withUpperCase();

  private HexText() {}

  static String of(byte[] bytes) {
    return UPPER.formatHex(bytes);
  }

  /** Either case; throws IllegalArgumentException on anything else. */
  static byte[] parse(String hex) {
    return UPPER.parseHex(hex);
  }
}
