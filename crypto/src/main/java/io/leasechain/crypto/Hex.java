package io.leasechain.crypto;

import java.util.Objects;

/** Hexadecimal text form of raw bytes, for keys, hashes and addresses in configs, logs and RPC. */
public final class Hex {

  private static final char[] LOWER = "0123456789abcdef".toCharArray();

  private Hex() {}

  /** Lower-case hex, two characters per byte. */
  public static String encode(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = LOWER[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = LOWER[bytes[i] & 0xf];
    }
    return new String(out);
  }

  /**
   * Decodes hex of either case; throws IllegalArgumentException on odd length or a non-hex
   * character.
   */
  public static byte[] decode(String hex) {
    Objects.requireNonNull(hex, "hex");
    if (hex.length() % 2 != 0) {
      throw new IllegalArgumentException("hex string has odd length " + hex.length());
    }
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) ((nibble(hex, 2 * i) << 4) | nibble(hex, 2 * i + 1));
    }
    return out;
  }

  // Character.digit is not used because it accepts non-ASCII digits such as U+0663.
  private static int nibble(String hex, int index) {
    char c = hex.charAt(index);
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    throw new IllegalArgumentException(
        String.format("invalid hex character U+%04X at position %d", (int) c, index));
  }
}
