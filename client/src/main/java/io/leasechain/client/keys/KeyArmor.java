package io.leasechain.client.keys;

import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hex;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An exported key: its seed sealed under an export passphrase (scrypt + AES-256-GCM, the address as
 * authenticated data) in an ASCII armor that can be copied between machines.
 */
final class KeyArmor {

  private static final String BEGIN = "-----BEGIN LEASECHAIN PRIVATE KEY-----";
  private static final String END = "-----END LEASECHAIN PRIVATE KEY-----";

  private KeyArmor() {}

  static String seal(Ed25519PrivateKey key, char[] exportPassphrase) {
    PassphraseCipher.checkNew(exportPassphrase, "the export passphrase");
    Address address = key.publicKey().address();
    PassphraseCipher.Sealed sealed =
        PassphraseCipher.seal(key.seed(), exportPassphrase, aad(address), new SecureRandom());
    StringBuilder armor = new StringBuilder(BEGIN).append('\n');
    armor.append("kdf: scrypt\n");
    armor.append("n: ").append(sealed.n()).append('\n');
    armor.append("r: ").append(sealed.r()).append('\n');
    armor.append("p: ").append(sealed.p()).append('\n');
    armor.append("salt: ").append(Hex.encode(sealed.salt())).append('\n');
    armor.append("cipher: aes-256-gcm\n");
    armor.append("nonce: ").append(Hex.encode(sealed.nonce())).append('\n');
    armor.append("address: ").append(address.toBech32()).append("\n\n");
    armor.append(
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(sealed.ciphertext()));
    return armor.append('\n').append(END).append('\n').toString();
  }

  static Ed25519PrivateKey open(String armor, char[] exportPassphrase) {
    String text = armor.strip();
    if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
      throw new KeyringException("not a leasechain key export: it must start with " + BEGIN);
    }
    String body = text.substring(BEGIN.length(), text.length() - END.length()).strip();
    int blank = body.indexOf("\n\n");
    if (blank < 0) {
      throw new KeyringException("not a leasechain key export: no blank line after the headers");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : body.substring(0, blank).split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        throw new KeyringException("not a leasechain key export: bad header line '" + line + "'");
      }
      headers.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
    }
    try {
      if (!"scrypt".equals(headers.get("kdf")) || !"aes-256-gcm".equals(headers.get("cipher"))) {
        throw new KeyringException("key export: only kdf scrypt with cipher aes-256-gcm is known");
      }
      Address address = Address.fromBech32(header(headers, "address"));
      PassphraseCipher.Sealed sealed =
          new PassphraseCipher.Sealed(
              Integer.parseInt(header(headers, "n")),
              Integer.parseInt(header(headers, "r")),
              Integer.parseInt(header(headers, "p")),
              Hex.decode(header(headers, "salt")),
              Hex.decode(header(headers, "nonce")),
              Base64.getMimeDecoder().decode(body.substring(blank + 2)));
      byte[] seed =
          PassphraseCipher.open(sealed, exportPassphrase, aad(address))
              .orElseThrow(
                  () ->
                      new KeyringException(
                          "wrong passphrase for the key export (or the export was altered)"));
      Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(seed);
      if (!key.publicKey().address().equals(address)) {
        throw new KeyringException("key export: the key does not match its address " + address);
      }
      return key;
    } catch (IllegalArgumentException e) {
      throw new KeyringException("not a leasechain key export: " + e.getMessage(), e);
    }
  }

  private static String header(Map<String, String> headers, String name) {
    String value = headers.get(name);
    if (value == null) {
      throw new KeyringException("not a leasechain key export: no '" + name + "' header");
    }
    return value;
  }

  private static byte[] aad(Address address) {
    return ("leasechain key export v1\0" + address.toBech32()).getBytes(StandardCharsets.UTF_8);
  }
}
