package io.leasechain.crypto;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * BIP-173 bech32 (not bech32m) encoding of byte strings, as used for Cosmos-style account
 * addresses.
 */
public final class Bech32 {

  /** A decoded bech32 string: its lower-case human-readable part and its 8-bit payload. */
  public record Decoded(String hrp, byte[] data) {

    public Decoded {
      Objects.requireNonNull(hrp, "hrp");
      data = Objects.requireNonNull(data, "data").clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Decoded that
          && hrp.equals(that.hrp)
          && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
      return 31 * hrp.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "Decoded[hrp=" + hrp + ", data=" + Hex.encode(data) + "]";
    }
  }

  private static final int MAX_LENGTH = 90;
  private static final int CHECKSUM_LENGTH = 6;
  private static final char SEPARATOR = '1';
  private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final int[] GENERATOR = {
    0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3
  };
  private static final byte[] CHARSET_REV = new byte[128];

  static {
    Arrays.fill(CHARSET_REV, (byte) -1);
    for (int i = 0; i < CHARSET.length(); i++) {
      CHARSET_REV[CHARSET.charAt(i)] = (byte) i;
    }
  }

  private Bech32() {}

  /** Encodes 8-bit {@code data} under {@code hrp}, which must be lower case, printable US-ASCII. */
  public static String encode(String hrp, byte[] data) {
    Objects.requireNonNull(hrp, "hrp");
    Objects.requireNonNull(data, "data");
    if (hrp.isEmpty()) {
      throw new IllegalArgumentException("bech32 human-readable part is empty");
    }
    for (int i = 0; i < hrp.length(); i++) {
      char c = hrp.charAt(i);
      if (c < 33 || c > 126) {
        throw new IllegalArgumentException(
            String.format(
                "bech32 human-readable part has invalid character U+%04X at position %d",
                (int) c, i));
      }
      if (c >= 'A' && c <= 'Z') {
        throw new IllegalArgumentException("bech32 human-readable part must be lower case: " + hrp);
      }
    }
    byte[] values = convertBits(data, 8, 5, true);
    int length = hrp.length() + 1 + values.length + CHECKSUM_LENGTH;
    if (length > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "bech32 string would be "
              + length
              + " characters, longer than the "
              + MAX_LENGTH
              + " allowed");
    }
    byte[] checksum = checksum(hrp, values);
    StringBuilder sb = new StringBuilder(length).append(hrp).append(SEPARATOR);
    for (byte v : values) {
      sb.append(CHARSET.charAt(v));
    }
    for (byte v : checksum) {
      sb.append(CHARSET.charAt(v));
    }
    return sb.toString();
  }

  /**
   * Decodes and validates a bech32 string; throws IllegalArgumentException saying what is wrong.
   */
  public static Decoded decode(String s) {
    Objects.requireNonNull(s, "s");
    if (s.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "bech32 string is "
              + s.length()
              + " characters, longer than the "
              + MAX_LENGTH
              + " allowed");
    }
    boolean hasLower = false;
    boolean hasUpper = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 33 || c > 126) {
        throw new IllegalArgumentException(
            String.format("bech32 string has invalid character U+%04X at position %d", (int) c, i));
      }
      hasLower |= c >= 'a' && c <= 'z';
      hasUpper |= c >= 'A' && c <= 'Z';
    }
    if (hasLower && hasUpper) {
      throw new IllegalArgumentException("bech32 string mixes upper and lower case: " + s);
    }
    String lower = s.toLowerCase(Locale.ROOT);
    int separator = lower.lastIndexOf(SEPARATOR);
    if (separator < 0) {
      throw new IllegalArgumentException("bech32 string has no '1' separator: " + s);
    }
    if (separator == 0) {
      throw new IllegalArgumentException("bech32 human-readable part is empty: " + s);
    }
    if (lower.length() - separator - 1 < CHECKSUM_LENGTH) {
      throw new IllegalArgumentException(
          "bech32 data part is shorter than the " + CHECKSUM_LENGTH + "-character checksum: " + s);
    }
    String hrp = lower.substring(0, separator);
    byte[] values = new byte[lower.length() - separator - 1];
    for (int i = 0; i < values.length; i++) {
      int position = separator + 1 + i;
      char c = lower.charAt(position);
      byte v = CHARSET_REV[c];
      if (v < 0) {
        throw new IllegalArgumentException(
            String.format(
                "bech32 string has invalid data character '%c' at position %d",
                s.charAt(position), position));
      }
      values[i] = v;
    }
    if (polymod(hrp, values) != 1) {
      throw new IllegalArgumentException("bech32 string has an invalid checksum: " + s);
    }
    byte[] payload = Arrays.copyOf(values, values.length - CHECKSUM_LENGTH);
    return new Decoded(hrp, convertBits(payload, 5, 8, false));
  }

  private static byte[] checksum(String hrp, byte[] values) {
    byte[] padded = Arrays.copyOf(values, values.length + CHECKSUM_LENGTH);
    int mod = polymod(hrp, padded) ^ 1;
    byte[] out = new byte[CHECKSUM_LENGTH];
    for (int i = 0; i < CHECKSUM_LENGTH; i++) {
      out[i] = (byte) ((mod >>> (5 * (CHECKSUM_LENGTH - 1 - i))) & 31);
    }
    return out;
  }

  // The BCH checksum runs over the hrp expanded as (high bits..., 0, low bits...) followed by the
  // values.
  private static int polymod(String hrp, byte[] values) {
    int chk = 1;
    for (int i = 0; i < hrp.length(); i++) {
      chk = polymodStep(chk, hrp.charAt(i) >> 5);
    }
    chk = polymodStep(chk, 0);
    for (int i = 0; i < hrp.length(); i++) {
      chk = polymodStep(chk, hrp.charAt(i) & 31);
    }
    for (byte v : values) {
      chk = polymodStep(chk, v);
    }
    return chk;
  }

  private static int polymodStep(int chk, int value) {
    int top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ value;
    for (int i = 0; i < GENERATOR.length; i++) {
      if (((top >>> i) & 1) != 0) {
        chk ^= GENERATOR[i];
      }
    }
    return chk;
  }

  private static byte[] convertBits(byte[] in, int fromBits, int toBits, boolean pad) {
    int acc = 0;
    int bits = 0;
    int maxValue = (1 << toBits) - 1;
    // Only the bits not yet emitted matter; masking keeps acc from overflowing on long input.
    int accMask = (1 << (fromBits + toBits - 1)) - 1;
    // Sized exactly: floor without padding, ceiling with it.
    byte[] out = new byte[(in.length * fromBits + (pad ? toBits - 1 : 0)) / toBits];
    int n = 0;
    for (byte b : in) {
      acc = ((acc << fromBits) | (b & 0xff)) & accMask;
      bits += fromBits;
      while (bits >= toBits) {
        bits -= toBits;
        out[n++] = (byte) ((acc >>> bits) & maxValue);
      }
    }
    if (pad) {
      if (bits > 0) {
        out[n++] = (byte) ((acc << (toBits - bits)) & maxValue);
      }
    } else if (bits >= fromBits) {
      throw new IllegalArgumentException(
          "bech32 data has invalid padding: " + bits + " leftover bits, a whole unused character");
    } else if (((acc << (toBits - bits)) & maxValue) != 0) {
      throw new IllegalArgumentException("bech32 data has invalid padding: non-zero padding bits");
    }
    return out;
  }
}
