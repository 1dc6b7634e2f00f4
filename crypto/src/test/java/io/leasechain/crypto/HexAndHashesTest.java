package io.leasechain.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HexAndHashesTest {

  @Test
  void hexEncodesLowerCase() {
    assertEquals("00017f80ff", Hex.encode(new byte[] {0, 1, 0x7f, (byte) 0x80, (byte) 0xff}));
    assertEquals("", Hex.encode(new byte[0]));
  }

  @Test
  void hexDecodesEitherCase() {
    byte[] expected = {(byte) 0xab, (byte) 0xcd, (byte) 0xef, 0x09};
    assertArrayEquals(expected, Hex.decode("abcdef09"));
    assertArrayEquals(expected, Hex.decode("ABCDEF09"));
    assertArrayEquals(expected, Hex.decode("aBcDeF09"));
  }

  @Test
  void hexRoundTripsRandomBytes() {
    Random random = new Random(16);
    for (int length = 0; length < 100; length++) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      assertArrayEquals(bytes, Hex.decode(Hex.encode(bytes)));
    }
  }

  @Test
  void hexRejectsOddLength() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Hex.decode("abc"));
    assertTrue(e.getMessage().contains("odd length"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0g", "zz", " 0", "0x", "\u0663\u0663"})
  void hexRejectsBadCharacters(String hex) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Hex.decode(hex));
    assertTrue(e.getMessage().contains("invalid hex character"), e.getMessage());
  }

  @Test
  void sha256KnownVectors() {
    // FIPS 180-2 examples.
    assertEquals(
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        Hex.encode(Hashes.sha256()));
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        Hex.encode(Hashes.sha256("abc".getBytes(StandardCharsets.US_ASCII))));
  }

  @Test
  void sha256OfPartsIsHashOfConcatenation() {
    byte[] whole = Hashes.sha256("abc".getBytes(StandardCharsets.US_ASCII));

    assertArrayEquals(whole, Hashes.sha256(new byte[] {'a'}, new byte[0], new byte[] {'b', 'c'}));
  }

  @Test
  void aRefusedNullPartLeavesTheNextHashIntact() {
    byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
    byte[] expected = Hashes.sha256(abc);
    assertThrows(NullPointerException.class, () -> Hashes.sha256(new byte[] {'x'}, null));
    assertArrayEquals(expected, Hashes.sha256(abc));
  }
}
