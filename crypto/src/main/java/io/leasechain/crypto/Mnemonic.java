package io.leasechain.crypto;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/** A BIP-39 mnemonic over the standard English word list: the words a user writes down. */
public final class Mnemonic {

  /** Words in a new mnemonic: 256 bits of entropy plus an 8-bit checksum. */
  public static final int WORDS = 24;

  private static final int ENTROPY_BYTES = 32;
  private static final int BITS_PER_WORD = 11;
  private static final int SEED_ROUNDS = 2048;
  private static final List<String> WORD_LIST = loadWordList();
  private static final Map<String, Integer> INDEX = indexOf(WORD_LIST);

  private final List<String> words;

  private Mnemonic(List<String> words) {
    this.words = List.copyOf(words);
  }

  /** A new 24-word mnemonic from 256 bits of {@code random}. */
  public static Mnemonic generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    byte[] entropy = new byte[ENTROPY_BYTES];
    random.nextBytes(entropy);
    try {
      return fromEntropy(entropy);
    } finally {
      Arrays.fill(entropy, (byte) 0);
    }
  }

  /** The mnemonic of 16 to 32 bytes of entropy (a multiple of 4), as BIP-39 defines it. */
  public static Mnemonic fromEntropy(byte[] entropy) {
    Objects.requireNonNull(entropy, "entropy");
    if (entropy.length < 16 || entropy.length > 32 || entropy.length % 4 != 0) {
      throw new IllegalArgumentException(
          "entropy must be 16, 20, 24, 28 or 32 bytes, got " + entropy.length);
    }
    int checksumBits = entropy.length / 4;
    byte[] bits = Arrays.copyOf(entropy, entropy.length + 1);
    bits[entropy.length] = Hashes.sha256(entropy)[0];
    int wordCount = (entropy.length * 8 + checksumBits) / BITS_PER_WORD;
    List<String> words = new ArrayList<>(wordCount);
    for (int i = 0; i < wordCount; i++) {
      words.add(WORD_LIST.get(readBits(bits, i * BITS_PER_WORD)));
    }
    Arrays.fill(bits, (byte) 0);
    return new Mnemonic(words);
  }

  /**
   * Reads a mnemonic as a user typed it (any case, any whitespace); refuses unknown words, a wrong
   * word count and a wrong checksum, naming which.
   */
  public static Mnemonic parse(String text) {
    Objects.requireNonNull(text, "text");
    String normalized = Normalizer.normalize(text, Normalizer.Form.NFKD).trim();
    List<String> words =
        normalized.isEmpty()
            ? List.of()
            : Arrays.asList(normalized.toLowerCase(Locale.ROOT).split("\\s+"));
    if (words.size() < 12 || words.size() > 24 || words.size() % 3 != 0) {
      throw new IllegalArgumentException(
          "a mnemonic has 12, 15, 18, 21 or 24 words, not " + words.size());
    }
    byte[] bits = new byte[(words.size() * BITS_PER_WORD + 7) / 8];
    for (int i = 0; i < words.size(); i++) {
      Integer index = INDEX.get(words.get(i));
      if (index == null) {
        throw new IllegalArgumentException(
            "word " + (i + 1) + " of the mnemonic is not in the BIP-39 English word list");
      }
      writeBits(bits, i * BITS_PER_WORD, index);
    }
    int entropyBytes = words.size() * BITS_PER_WORD * 32 / 33 / 8;
    Mnemonic expected = fromEntropy(Arrays.copyOf(bits, entropyBytes));
    Arrays.fill(bits, (byte) 0);
    if (!expected.words.equals(words)) {
      throw new IllegalArgumentException(
          "the mnemonic's checksum does not match: a word is wrong or out of order");
    }
    return expected;
  }

  /** The entropy the words encode, without the checksum. */
  public byte[] entropy() {
    byte[] bits = new byte[(words.size() * BITS_PER_WORD + 7) / 8];
    for (int i = 0; i < words.size(); i++) {
      writeBits(bits, i * BITS_PER_WORD, INDEX.get(words.get(i)));
    }
    byte[] entropy = Arrays.copyOf(bits, words.size() * BITS_PER_WORD * 32 / 33 / 8);
    Arrays.fill(bits, (byte) 0);
    return entropy;
  }

  /** The 64-byte BIP-39 seed: PBKDF2-HMAC-SHA512, 2048 rounds, salt "mnemonic" + passphrase. */
  public byte[] seed(String passphrase) {
    Objects.requireNonNull(passphrase, "passphrase");
    PKCS5S2ParametersGenerator pbkdf2 = new PKCS5S2ParametersGenerator(new SHA512Digest());
    pbkdf2.init(nfkd(phrase()), nfkd("mnemonic" + passphrase), SEED_ROUNDS);
    return ((KeyParameter) pbkdf2.generateDerivedParameters(512)).getKey();
  }

  public List<String> words() {
    return words;
  }

  /** The words separated by single spaces, as the user should write them down. */
  public String phrase() {
    return String.join(" ", words);
  }

  // A mnemonic is as secret as a private key: keep it out of logs and exception messages.
  @Override
  public String toString() {
    return "Mnemonic[" + words.size() + " words]";
  }

  private static byte[] nfkd(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKD).getBytes(StandardCharsets.UTF_8);
  }

  private static int readBits(byte[] bytes, int offset) {
    int value = 0;
    for (int bit = offset; bit < offset + BITS_PER_WORD; bit++) {
      value = (value << 1) | ((bytes[bit / 8] >> (7 - bit % 8)) & 1);
    }
    return value;
  }

  private static void writeBits(byte[] bytes, int offset, int value) {
    for (int i = 0; i < BITS_PER_WORD; i++) {
      if (((value >> (BITS_PER_WORD - 1 - i)) & 1) != 0) {
        int bit = offset + i;
        bytes[bit / 8] |= (byte) (1 << (7 - bit % 8));
      }
    }
  }

  private static List<String> loadWordList() {
    try (InputStream in = Mnemonic.class.getResourceAsStream("bip39-english.txt")) {
      if (in == null) {
        throw new IllegalStateException("bip39-english.txt is missing from the classpath");
      }
      List<String> words =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
      if (words.size() != 1 << BITS_PER_WORD) {
        throw new IllegalStateException("the BIP-39 word list has " + words.size() + " words");
      }
      return words;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Integer> indexOf(List<String> words) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < words.size(); i++) {
      index.put(words.get(i), i);
    }
    return index;
  }
}
