package io.leasechain.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class Bech32Test {

  // BIP-173 "Test vectors", valid bech32 strings.
  @ParameterizedTest
  @ValueSource(
      strings = {
        "A12UEL5L",
        "a12uel5l",
        "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
        "?1ezyfcl",
      })
  void bip173ValidStringsDecodeAndReencode(String s) {
    Bech32.Decoded decoded = Bech32.decode(s);

    String lower = s.toLowerCase(Locale.ROOT);
    assertEquals(lower.substring(0, lower.lastIndexOf('1')), decoded.hrp());
    assertEquals(lower, Bech32.encode(decoded.hrp(), decoded.data()));
  }

  @Test
  void bip173ValidStringDecodesToExpectedBytes() {
    // The data part is the 32 charset characters in order, i.e. 5-bit values 0..31.
    Bech32.Decoded decoded = Bech32.decode("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw");

    assertEquals("abcdef", decoded.hrp());
    assertEquals("00443214c74254b635cf84653a56d7c675be77df", Hex.encode(decoded.data()));
  }

  // BIP-173 "Test vectors", invalid bech32 strings, with the reason each must fail.
  static Stream<Arguments> bip173Invalid() {
    return Stream.of(
        Arguments.of("\u0020" + "1nwldj5", "invalid character U+0020"),
        Arguments.of("\u007f" + "1axkwrx", "invalid character U+007F"),
        Arguments.of("\u0080" + "1eym55h", "invalid character U+0080"),
        Arguments.of(
            "an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx",
            "longer than the 90 allowed"),
        Arguments.of("pzry9x0s0muk", "no '1' separator"),
        Arguments.of("1pzry9x0s0muk", "human-readable part is empty"),
        Arguments.of("x1b4n0q5v", "invalid data character 'b'"),
        Arguments.of("li1dgmt3", "shorter than the 6-character checksum"),
        Arguments.of("de1lg7wt" + "\u00ff", "invalid character U+00FF"),
        Arguments.of("A1G7SGD8", "invalid checksum"),
        Arguments.of("10a06t8", "human-readable part is empty"),
        Arguments.of("1qzzfhee", "human-readable part is empty"));
  }

  @ParameterizedTest
  @MethodSource("bip173Invalid")
  void bip173InvalidStringsAreRejectedWithReason(String s, String reason) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Bech32.decode(s));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  // Checksums of these were computed independently; only the padding is wrong.
  static Stream<Arguments> badPadding() {
    return Stream.of(
        Arguments.of("lease1pefe50v", "leftover bits"),
        Arguments.of("lease1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqzx357k", "leftover bits"),
        Arguments.of("lease1llmpe4uq", "non-zero padding bits"));
  }

  @ParameterizedTest
  @MethodSource("badPadding")
  void badPaddingIsRejected(String s, String reason) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Bech32.decode(s));
    assertTrue(e.getMessage().contains("invalid padding"), e.getMessage());
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void mixedCaseIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Bech32.decode("A12uEL5L"));
    assertTrue(e.getMessage().contains("mixes upper and lower case"), e.getMessage());
  }

  @Test
  void singleCharacterErrorIsCaughtByChecksum() {
    String good = Bech32.encode("lease", new byte[20]);
    String bad = good.substring(0, 10) + (good.charAt(10) == 'q' ? 'p' : 'q') + good.substring(11);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Bech32.decode(bad));
    assertTrue(e.getMessage().contains("invalid checksum"), e.getMessage());
  }

  @Test
  void randomDataRoundTrips() {
    Random random = new Random(173);
    // 49 bytes is the most that fits in 90 characters with a 4-character hrp.
    for (int length = 0; length <= 49; length++) {
      byte[] data = new byte[length];
      random.nextBytes(data);

      String encoded = Bech32.encode("test", data);
      Bech32.Decoded decoded = Bech32.decode(encoded);

      assertEquals("test", decoded.hrp());
      assertArrayEquals(data, decoded.data());
      assertEquals(decoded, Bech32.decode(encoded.toUpperCase(Locale.ROOT)));
    }
  }

  @Test
  void encodeRejectsTooLongResult() {
    assertEquals(90, Bech32.encode("a", new byte[51]).length());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Bech32.encode("a", new byte[52]));
    assertTrue(e.getMessage().contains("longer than the 90 allowed"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Lease", "le ase", "l\u00e9ase"})
  void encodeRejectsBadHrp(String hrp) {
    assertThrows(IllegalArgumentException.class, () -> Bech32.encode(hrp, new byte[1]));
  }

  @Test
  void decodedIsImmutableAndComparedByContent() {
    byte[] data = {1, 2, 3};
    Bech32.Decoded decoded = new Bech32.Decoded("x", data);
    data[0] = 9;
    decoded.data()[1] = 9;

    assertArrayEquals(new byte[] {1, 2, 3}, decoded.data());
    assertEquals(new Bech32.Decoded("x", new byte[] {1, 2, 3}), decoded);
    assertEquals(new Bech32.Decoded("x", new byte[] {1, 2, 3}).hashCode(), decoded.hashCode());
    assertNotEquals(new Bech32.Decoded("y", new byte[] {1, 2, 3}), decoded);
  }
}
