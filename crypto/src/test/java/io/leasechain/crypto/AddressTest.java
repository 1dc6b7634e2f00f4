package io.leasechain.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AddressTest {

  // RFC 8032 TEST 1 public key. The expected hex and bech32 were cross-checked with an
  // independent Python computation (hashlib SHA-256 plus a separate bech32 implementation).
  private static final String RFC_TEST1_PUBLIC_KEY =
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  private static final String RFC_TEST1_ADDRESS_HEX = "21FE31DFA154A261626BF854046FD2271B7BED4B";
  private static final String RFC_TEST1_ADDRESS_BECH32 =
      "lease1y8lrrhap2j3xzcntlp2qgm7jyudhhm2tdr7m28";

  @Test
  void knownVectorFromPublicKey() {
    Ed25519PublicKey key = Ed25519PublicKey.of(Hex.decode(RFC_TEST1_PUBLIC_KEY));

    Address address = Address.fromPublicKey(key);

    assertEquals(RFC_TEST1_ADDRESS_HEX, address.toHex());
    assertEquals(RFC_TEST1_ADDRESS_BECH32, address.toBech32());
    assertEquals(RFC_TEST1_ADDRESS_BECH32, address.toString());
    assertEquals(address, key.address());
    assertEquals(address, Address.fromBech32(RFC_TEST1_ADDRESS_BECH32));
    assertEquals(address, Address.fromBech32(RFC_TEST1_ADDRESS_BECH32.toUpperCase(Locale.ROOT)));
    assertEquals(address, Address.fromHex(RFC_TEST1_ADDRESS_HEX));
    assertEquals(address, Address.fromHex(RFC_TEST1_ADDRESS_HEX.toLowerCase(Locale.ROOT)));
  }

  @Test
  void fromPublicKeyIsFirstTwentyBytesOfSha256() {
    Ed25519PublicKey key = Ed25519PrivateKey.fromSeed(new byte[32]).publicKey();

    assertArrayEquals(
        Arrays.copyOf(Hashes.sha256(key.bytes()), Address.LENGTH),
        Address.fromPublicKey(key).bytes());
  }

  @Test
  void randomAddressesRoundTripThroughBech32AndHex() {
    Random random = new Random(20);
    for (int i = 0; i < 500; i++) {
      byte[] bytes = new byte[Address.LENGTH];
      random.nextBytes(bytes);
      Address address = Address.of(bytes);

      String bech32 = address.toBech32();

      assertTrue(bech32.startsWith(Address.PREFIX + "1"), bech32);
      assertEquals(address, Address.fromBech32(bech32));
      assertEquals(address, Address.fromHex(address.toHex()));
      assertArrayEquals(bytes, Address.fromBech32(bech32).bytes());
    }
  }

  static Stream<Arguments> invalidBech32() {
    return Stream.of(
        Arguments.of("lease1y8lrrhap2j3xzcntlp2qgm7jyudhhm2tdr7m29", "invalid checksum"),
        Arguments.of("cosmos1y8lrrhap2j3xzcntlp2qgm7jyudhhm2tc7hkue", "expected lease"),
        Arguments.of("lease1y8lrrhap2j3xzcntlp2qgm7jyudhhmg93t80l", "wrong length, 19 bytes"),
        Arguments.of("lease1y8lrrhap2j3xzcntlp2qgm7jyudhhm2tqqfyxk2e", "wrong length, 21 bytes"),
        Arguments.of("lease1Y8lrrhap2j3xzcntlp2qgm7jyudhhm2tdr7m28", "mixes upper and lower case"),
        Arguments.of("lease1y8lrrhap2j3xzcntlp2qgm7jyudhhm2tdr7m2b", "invalid data character 'b'"),
        Arguments.of("", "no '1' separator"));
  }

  @ParameterizedTest
  @MethodSource("invalidBech32")
  void fromBech32SaysWhatIsWrong(String s, String reason) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Address.fromBech32(s));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void fromHexRejectsWrongLengthAndBadCharacters() {
    assertThrows(IllegalArgumentException.class, () -> Address.fromHex("21FE31"));
    assertThrows(
        IllegalArgumentException.class, () -> Address.fromHex(RFC_TEST1_ADDRESS_HEX + "00"));
    assertThrows(
        IllegalArgumentException.class,
        () -> Address.fromHex(RFC_TEST1_ADDRESS_HEX.substring(0, 39) + "G"));
  }

  @Test
  void ofRejectsWrongLength() {
    assertThrows(IllegalArgumentException.class, () -> Address.of(new byte[19]));
    assertThrows(IllegalArgumentException.class, () -> Address.of(new byte[21]));
  }

  @Test
  void orderingIsUnsignedLexicographic() {
    Address zero = Address.of(new byte[20]);
    Address one = Address.of(withFirst(0x01));
    Address high = Address.of(withFirst(0x80));
    Address max = Address.of(withFirst(0xff));
    Address lastByte = Address.of(withLast(0x01));

    List<Address> list = new ArrayList<>(List.of(max, high, one, lastByte, zero));
    Collections.sort(list);

    // A signed comparison would put 0x80 and 0xff before 0x01.
    assertEquals(List.of(zero, lastByte, one, high, max), list);
    assertEquals(0, one.compareTo(Address.of(withFirst(0x01))));
  }

  @Test
  void equalityAndImmutability() {
    byte[] bytes = Hex.decode(RFC_TEST1_ADDRESS_HEX);
    Address address = Address.of(bytes);
    bytes[0] ^= 1;
    address.bytes()[0] ^= 1;

    Address same = Address.fromHex(RFC_TEST1_ADDRESS_HEX);
    assertEquals(same, address);
    assertEquals(same.hashCode(), address.hashCode());
    assertNotEquals(Address.of(new byte[20]), address);
  }

  @Test
  void decodedAndEncodedTextIsRememberedPerExactText() {
    Address address = Address.of(Hex.decode(RFC_TEST1_ADDRESS_HEX));
    String text = address.toBech32();

    assertSame(text, address.toBech32());
    Address decoded = Address.fromBech32(text);
    assertSame(decoded, Address.fromBech32(new String(text.toCharArray())));
    assertEquals(address, decoded);
    // A remembered text answers only for itself: one changed character is still checked.
    String altered = text.substring(0, text.length() - 1) + (text.endsWith("q") ? "p" : "q");
    for (int attempt = 0; attempt < 2; attempt++) {
      assertThrows(IllegalArgumentException.class, () -> Address.fromBech32(altered));
    }
  }

  private static byte[] withFirst(int value) {
    byte[] bytes = new byte[Address.LENGTH];
    bytes[0] = (byte) value;
    return bytes;
  }

  private static byte[] withLast(int value) {
    byte[] bytes = new byte[Address.LENGTH];
    bytes[Address.LENGTH - 1] = (byte) value;
    return bytes;
  }
}
