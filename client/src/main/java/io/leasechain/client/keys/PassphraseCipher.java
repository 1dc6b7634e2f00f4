package io.leasechain.client.keys;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * Encryption of a secret under a passphrase: scrypt stretches the passphrase into an AES-256-GCM
 * key; the authenticated data binds the ciphertext to what it belongs to (a key's name and
 * address), so a file moved to another name no longer opens.
 */
final class PassphraseCipher {

  /** Passphrases shorter than this are refused wherever one is chosen. */
  static final int MIN_PASSPHRASE_LENGTH = 8;

  // scrypt's interactive-login cost from its paper: 2^14 * 128 * 8 bytes = 16 MiB and about 90 ms
  // per guess here, which a stolen file's attacker pays per passphrase tried. Twice that put every
  // signing command past half a second (BENCHMARKS.md); files sealed at a higher cost still open.
  static final int N = 1 << 14;
  static final int R = 8;
  static final int P = 1;
  // A tampered file or a crafted export must not make us allocate gigabytes or work for minutes: at
  // most 16 times our own cost, in memory (128 * n * r bytes, so 256 MiB) and in time (n * r * p).
  private static final long MAX_COST = 16L * N * R * P;
  private static final int SALT_BYTES = 16;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int KEY_BYTES = 32;

  private PassphraseCipher() {}

  /** A sealed secret with everything but the passphrase needed to open it. */
  record Sealed(int n, int r, int p, byte[] salt, byte[] nonce, byte[] ciphertext) {}

  static Sealed seal(byte[] secret, char[] passphrase, byte[] aad, SecureRandom random) {
    byte[] salt = new byte[SALT_BYTES];
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(salt);
    random.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, passphrase, N, R, P, salt, nonce);
      cipher.updateAAD(aad);
      return new Sealed(N, R, P, salt, nonce, cipher.doFinal(secret));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is not available in this JVM", e);
    }
  }

  /** The secret, or empty if the passphrase is wrong or anything sealed was altered. */
  static Optional<byte[]> open(Sealed sealed, char[] passphrase, byte[] aad) {
    if (sealed.n() < N
        || Integer.bitCount(sealed.n()) != 1
        || sealed.r() < 1
        || sealed.p() < 1
        || (long) sealed.n() * sealed.r() > MAX_COST
        || (long) sealed.n() * sealed.r() * sealed.p() > MAX_COST
        || sealed.salt().length != SALT_BYTES
        || sealed.nonce().length != NONCE_BYTES) {
      return Optional.empty();
    }
    try {
      Cipher cipher =
          cipher(
              Cipher.DECRYPT_MODE,
              passphrase,
              sealed.n(),
              sealed.r(),
              sealed.p(),
              sealed.salt(),
              sealed.nonce());
      cipher.updateAAD(aad);
      return Optional.of(cipher.doFinal(sealed.ciphertext()));
    } catch (AEADBadTagException | IllegalArgumentException e) {
      // IllegalArgumentException: parameters scrypt itself refuses (r = 1 with n >= 2^16).
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is not available in this JVM", e);
    }
  }

  /** Refuses a passphrase too short to be chosen. */
  static void checkNew(char[] passphrase, String what) {
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
      throw new KeyringException(
          what + " must have at least " + MIN_PASSPHRASE_LENGTH + " characters");
    }
  }

  private static Cipher cipher(
      int mode, char[] passphrase, int n, int r, int p, byte[] salt, byte[] nonce)
      throws GeneralSecurityException {
    byte[] password = utf8(passphrase);
    byte[] key = SCrypt.generate(password, salt, n, r, p, KEY_BYTES);
    Arrays.fill(password, (byte) 0);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
    Arrays.fill(key, (byte) 0);
    return cipher;
  }

  private static byte[] utf8(char[] chars) {
    ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] bytes = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
    Arrays.fill(buffer.array(), (byte) 0);
    return bytes;
  }
}
