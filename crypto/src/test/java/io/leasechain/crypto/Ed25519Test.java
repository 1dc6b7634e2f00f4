package io.leasechain.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ed25519Test {

  // RFC 8032 section 7.1: TEST 1, TEST 2, TEST 3 and TEST SHA(abc).
  static Stream<Arguments> rfc8032Vectors() {
    return Stream.of(
        Arguments.of(
            "TEST 1",
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
        Arguments.of(
            "TEST 2",
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
        Arguments.of(
            "TEST 3",
            "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
                + "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
        Arguments.of(
            "TEST SHA(abc)",
            "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
            "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
            "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
                + "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rfc8032Vectors")
  void rfc8032VectorDerivesKeySignsAndVerifies(
      String name, String seed, String publicKey, String message, String signature) {
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(Hex.decode(seed));
    byte[] msg = Hex.decode(message);

    assertEquals(publicKey, Hex.encode(key.publicKey().bytes()));
    assertEquals(signature, Hex.encode(key.sign(msg)));
    assertTrue(Ed25519PublicKey.of(Hex.decode(publicKey)).verify(msg, Hex.decode(signature)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rfc8032Vectors")
  void everySingleBitFlipIsRejected(
      String name, String seed, String publicKey, String message, String signature) {
    Ed25519PublicKey key = Ed25519PublicKey.of(Hex.decode(publicKey));
    byte[] msg = Hex.decode(message);
    byte[] sig = Hex.decode(signature);

    for (int bit = 0; bit < sig.length * 8; bit++) {
      assertFalse(key.verify(msg, flip(sig, bit)), "signature bit " + bit);
    }
    for (int bit = 0; bit < msg.length * 8; bit++) {
      assertFalse(key.verify(flip(msg, bit), sig), "message bit " + bit);
    }
  }

  @Test
  void signatureDoesNotVerifyUnderAnotherKey() {
    SecureRandom random = new SecureRandom();
    Ed25519PrivateKey a = Ed25519PrivateKey.generate(random);
    Ed25519PrivateKey b = Ed25519PrivateKey.generate(random);
    byte[] msg = "lease gpu-7 for 3600s".getBytes(StandardCharsets.UTF_8);

    assertFalse(b.publicKey().verify(msg, a.sign(msg)));
  }

  @Test
  void generatedKeySignsAndVerifiesAndRoundTripsThroughSeed() {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());
    byte[] msg = "hello".getBytes(StandardCharsets.UTF_8);

    byte[] sig = key.sign(msg);

    assertEquals(64, sig.length);
    assertTrue(key.publicKey().verify(msg, sig));
    Ed25519PrivateKey restored = Ed25519PrivateKey.fromSeed(key.seed());
    assertEquals(key.publicKey(), restored.publicKey());
    assertArrayEquals(sig, restored.sign(msg));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 63, 65, 128})
  void wrongLengthSignatureIsFalseNotAnException(int length) {
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(new byte[32]);
    byte[] msg = {1, 2, 3};
    byte[] sig = Arrays.copyOf(key.sign(msg), length);

    assertFalse(key.publicKey().verify(msg, sig));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 31, 33, 64})
  void seedOfWrongLengthIsRejected(int length) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Ed25519PrivateKey.fromSeed(new byte[length]));
    assertTrue(e.getMessage().contains("32 bytes"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 31, 33, 64})
  void publicKeyOfWrongLengthIsRejected(int length) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Ed25519PublicKey.of(new byte[length]));
    assertTrue(e.getMessage().contains("32 bytes"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // y = 2 is not the y-coordinate of any curve point.
        "0200000000000000000000000000000000000000000000000000000000000000",
        // The identity element, which has small order.
        "0100000000000000000000000000000000000000000000000000000000000000",
        // y = p, a non-canonical encoding of y = 0.
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      })
  void invalidPointEncodingIsRejected(String hex) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Ed25519PublicKey.of(Hex.decode(hex)));
    assertTrue(e.getMessage().contains("not a valid Ed25519 public key"), e.getMessage());
  }

  @Test
  void keysAreImmutable() {
    byte[] seed = Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(seed);
    Ed25519PublicKey publicKey = key.publicKey();
    byte[] expectedSeed = seed.clone();
    byte[] expectedPublic = publicKey.bytes();

    seed[0] ^= 1;
    key.seed()[0] ^= 1;
    publicKey.bytes()[0] ^= 1;

    assertArrayEquals(expectedSeed, key.seed());
    assertArrayEquals(expectedPublic, publicKey.bytes());

    byte[] input = expectedPublic.clone();
    Ed25519PublicKey parsed = Ed25519PublicKey.of(input);
    input[0] ^= 1;
    assertEquals(publicKey, parsed);
  }

  @Test
  void publicKeyEqualityHashAndToStringAreByContent() {
    String hex = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    Ed25519PublicKey a = Ed25519PublicKey.of(Hex.decode(hex));
    Ed25519PublicKey b = Ed25519PublicKey.of(Hex.decode(hex));
    Ed25519PublicKey other = Ed25519PrivateKey.fromSeed(new byte[32]).publicKey();

    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, other);
    assertEquals(hex, a.toString());
  }

  @Test
  void aValidatedKeyIsRememberedForExactlyItsBytes() {
    byte[] bytes = Ed25519PrivateKey.fromSeed(new byte[32]).publicKey().bytes();
    Ed25519PublicKey first = Ed25519PublicKey.of(bytes);

    // The second decode is served from memory, not validated again.
    assertSame(first, Ed25519PublicKey.of(bytes.clone()));
    // Changing the caller's array afterwards cannot change what the remembered entry answers.
    bytes[31] ^= 0x40;
    assertArrayEquals(first.bytes(), Ed25519PublicKey.of(first.bytes()).bytes());
  }

  @Test
  void anInvalidKeyIsRejectedEveryTimeAndNeverRemembered() {
    byte[] identity =
        Hex.decode("0100000000000000000000000000000000000000000000000000000000000000");
    for (int attempt = 0; attempt < 3; attempt++) {
      assertThrows(IllegalArgumentException.class, () -> Ed25519PublicKey.of(identity));
    }
  }

  @Test
  void publicKeyAddressIsDerivedOnce() {
    Ed25519PublicKey key = Ed25519PrivateKey.fromSeed(new byte[32]).publicKey();

    assertEquals(Address.fromPublicKey(key), key.address());
    assertSame(key.address(), key.address());
  }

  @Test
  void privateKeyToStringDoesNotLeakTheSeed() {
    String seedHex = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(Hex.decode(seedHex));

    String text = key.toString();

    assertFalse(text.contains(seedHex), text);
    assertTrue(text.contains(key.publicKey().toString()), text);
  }

  private static byte[] flip(byte[] bytes, int bit) {
    byte[] copy = bytes.clone();
    copy[bit / 8] ^= (byte) (1 << (bit % 8));
    return copy;
  }
}
