package io.leasechain.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MnemonicTest {

  // The word list's published SHA-256 (bitcoin/bips bip-0039/english.txt).
  private static final String WORD_LIST_SHA256 =
      "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda";

  // Trezor's reference vectors (trezor/python-mnemonic vectors.json), passphrase "TREZOR".
  static Stream<Arguments> trezorVectors() {
    return Stream.of(
        Arguments.of(
            "00000000000000000000000000000000",
            "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon"
                + " abandon about",
            "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1"
                + "e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04"),
        Arguments.of(
            "0000000000000000000000000000000000000000000000000000000000000000",
            "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon"
                + " abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon"
                + " abandon abandon abandon art",
            "bda85446c68413707090a52022edd26a1c9462295029f2e60cd7c4f2bbd3097170af7a4d73245cafa9c3"
                + "cca8d561a7c3de6f5d4a10be8ed2a5e608d68f92fcc8"),
        Arguments.of(
            "7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f",
            "legal winner thank year wave sausage worth useful legal winner thank year wave"
                + " sausage worth useful legal winner thank year wave sausage worth title",
            "bc09fca1804f7e69da93c2f2028eb238c227f2e9dda30cd63699232578480a4021b146ad717fbb7e451c"
                + "e9eb835f43620bf5c514db0f8add49f5d121449d3e87"),
        Arguments.of(
            "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo"
                + " zoo zoo vote",
            "dd48c104698c30cfe2b6142103248622fb7bb0ff692eebb00089b32d22484e1613912f0a5b694407be89"
                + "9ffd31ed3992c456cdf60f5d4564b8ba3f05a69890ad"),
        Arguments.of(
            "68a79eaca2324873eacc50cb9c6eca8cc68ea5d936f98787c60c7ebc74e6ce7c",
            "hamster diagram private dutch cause delay private meat slide toddler razor book"
                + " happy fancy gospel tennis maple dilemma loan word shrug inflict delay length",
            "64c87cde7e12ecf6704ab95bb1408bef047c22db4cc7491c4271d170a1b213d20b385bc1588d9c7b38f1"
                + "b39d415665b8a9030c9ec653d75e65f847d8fc1fc440"),
        Arguments.of(
            "f585c11aec520db57dd353c69554b21a89b20fb0650966fa0a9d6f74fd989d8f",
            "void come effort suffer camp survey warrior heavy shoot primary clutch crush open"
                + " amazing screen patrol group space point ten exist slush involve unfold",
            "01f5bced59dec48e362f2c45b5de68b9fd6c92c6634f44d6d40aab69056506f0e35524a518034ddc1192"
                + "e1dacd32c1ed3eaa3c3b131c88ed8e7e54c49a5d0998"));
  }

  @ParameterizedTest
  @MethodSource("trezorVectors")
  void matchesTheTrezorVectors(String entropy, String phrase, String seed) {
    Mnemonic mnemonic = Mnemonic.fromEntropy(Hex.decode(entropy));

    assertEquals(phrase, mnemonic.phrase());
    assertEquals(phrase, Mnemonic.parse(phrase).phrase());
    assertEquals(entropy, Hex.encode(Mnemonic.parse(phrase).entropy()));
    assertEquals(seed, Hex.encode(mnemonic.seed("TREZOR")));
  }

  @Test
  void wordListIsTheOfficialOne() throws Exception {
    try (InputStream in = Mnemonic.class.getResourceAsStream("bip39-english.txt")) {
      assertEquals(WORD_LIST_SHA256, Hex.encode(Hashes.sha256(in.readAllBytes())));
    }
  }

  @Test
  void generatesTwentyFourWords() {
    Mnemonic mnemonic = Mnemonic.generate(new SecureRandom());

    assertEquals(Mnemonic.WORDS, mnemonic.words().size());
    assertEquals(32, mnemonic.entropy().length);
  }

  @Test
  void parseAcceptsAnyCaseAndSpacing() {
    String phrase = Mnemonic.fromEntropy(new byte[32]).phrase();

    assertEquals(
        phrase, Mnemonic.parse("  " + phrase.toUpperCase().replace(" ", " \t\n")).phrase());
  }

  @Test
  void parseNamesTheProblem() {
    String phrase = Mnemonic.fromEntropy(new byte[32]).phrase();

    assertEquals(
        "word 24 of the mnemonic is not in the BIP-39 English word list",
        assertThrows(IllegalArgumentException.class, () -> Mnemonic.parse(phrase + "x"))
            .getMessage());
    assertEquals(
        "a mnemonic has 12, 15, 18, 21 or 24 words, not 23",
        assertThrows(
                IllegalArgumentException.class,
                () -> Mnemonic.parse(phrase.substring(0, phrase.lastIndexOf(' '))))
            .getMessage());
    assertEquals(
        "the mnemonic's checksum does not match: a word is wrong or out of order",
        assertThrows(
                IllegalArgumentException.class,
                () -> Mnemonic.parse(phrase.replace(" art", " abandon")))
            .getMessage());
  }

  @Test
  void toStringHidesTheWords() {
    assertFalse(Mnemonic.fromEntropy(new byte[32]).toString().contains("abandon"));
  }

  @Property(tries = 200)
  void entropyRoundTrips(@ForAll("entropies") byte[] entropy) {
    Mnemonic mnemonic = Mnemonic.fromEntropy(entropy);

    assertArrayEquals(entropy, Mnemonic.parse(mnemonic.phrase()).entropy());
  }

  // An 8-bit checksum lets one swap in 256 through, so this counts caught swaps over many
  // mnemonics (seeded, so the count is fixed) instead of asking every swap to fail.
  @Test
  void checksumCatchesSwappedWords() {
    Random random = new Random(8);
    int swaps = 2000;
    int caught = 0;
    for (int i = 0; i < swaps; i++) {
      byte[] entropy = new byte[32];
      random.nextBytes(entropy);
      List<String> words = new ArrayList<>(Mnemonic.fromEntropy(entropy).words());
      int first = random.nextInt(words.size());
      int second = (first + 1 + random.nextInt(words.size() - 1)) % words.size();
      if (words.get(first).equals(words.get(second))) {
        caught++;
        continue;
      }
      Collections.swap(words, first, second);
      try {
        Mnemonic.parse(String.join(" ", words));
      } catch (IllegalArgumentException e) {
        caught++;
      }
    }
    assertTrue(caught >= swaps - swaps / 100, caught + " of " + swaps + " swaps caught");
  }

  @Provide
  Arbitrary<byte[]> entropies() {
    return Arbitraries.of(16, 20, 24, 28, 32)
        .flatMap(size -> Arbitraries.bytes().array(byte[].class).ofSize(size));
  }
}
