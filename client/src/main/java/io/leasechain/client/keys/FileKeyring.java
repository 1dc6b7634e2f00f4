package io.leasechain.client.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.crypto.Hex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The "file" keyring backend, the default: one JSON file per key in {@code <home>/keyring-file},
 * the key's seed sealed with scrypt + AES-256-GCM under the keyring's one passphrase, with the
 * key's name and address as authenticated data. Names, addresses and public keys stay readable
 * without the passphrase, so listing keys and resolving names never asks for it.
 */
public final class FileKeyring implements Keyring {

  /** The folder under the home that holds the keys. */
  public static final String FOLDER = "keyring-file";

  // Proves a passphrase right before anything is written with it, so one keyring never ends up
  // with keys under two passphrases.
  private static final String CHECK_FILE = ".passphrase-check.json";
  private static final byte[] CHECK_SECRET =
      "leasechain keyring passphrase check".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;

  private final KeyDirectory directory;
  private final PassphraseSource passphrases;
  private final SecureRandom random;
  private char[] passphrase;

  public FileKeyring(Path home, PassphraseSource passphrases, SecureRandom random) {
    this.directory = new KeyDirectory(home.resolve(FOLDER));
    this.passphrases = passphrases;
    this.random = random;
  }

  public FileKeyring(Path home, PassphraseSource passphrases) {
    this(home, passphrases, new SecureRandom());
  }

  @Override
  public KeyInfo create(String name) {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    try {
      return importSeed(name, seed);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  @Override
  public KeyInfo importSeed(String name, byte[] seed) {
    directory.checkNew(name);
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(seed);
    KeyInfo info = new KeyInfo(name, key.publicKey().address(), key.publicKey());
    PassphraseCipher.Sealed sealed =
        PassphraseCipher.seal(seed, unlockForWriting(), aad(info), random);
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("version", VERSION);
    json.put("name", name);
    json.put("address", info.address().toBech32());
    json.put("public_key", Hex.encode(info.publicKey().bytes()));
    put(json, sealed);
    directory.write(name, json);
    return info;
  }

  @Override
  public Optional<KeyInfo> get(String name) {
    if (!directory.exists(name)) {
      return Optional.empty();
    }
    return Optional.of(publicInfo(name, directory.read(name)));
  }

  @Override
  public List<KeyInfo> list() {
    return directory.names().stream().map(name -> publicInfo(name, directory.read(name))).toList();
  }

  @Override
  public Ed25519PrivateKey privateKey(String name) {
    JsonNode json = directory.read(name);
    KeyInfo info = publicInfo(name, json);
    char[] given = passphrase();
    byte[] seed =
        PassphraseCipher.open(sealed(json, directory.file(name)), given, aad(info))
            .orElseThrow(() -> unopened(name, given));
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(seed);
    Arrays.fill(seed, (byte) 0);
    if (!key.publicKey().equals(info.publicKey())) {
      throw altered(name);
    }
    return key;
  }

  @Override
  public void delete(String name) {
    directory.delete(name);
  }

  /** Asks for the passphrase once per keyring object: a CLI command asks at most once. */
  private char[] passphrase() {
    if (passphrase == null) {
      passphrase = passphrases.passphrase("the passphrase of the keyring at " + directory.path());
    }
    return passphrase;
  }

  /** The passphrase, proven right by the check file, or chosen now for a new keyring. */
  private char[] unlockForWriting() {
    Path check = directory.path().resolve(CHECK_FILE);
    if (Files.exists(check)) {
      char[] given = passphrase();
      if (!checks(given)) {
        throw wrongPassphrase();
      }
      return given;
    }
    if (!directory.names().isEmpty()) {
      throw new KeyringException(
          "the keyring at "
              + directory.path()
              + " has keys but no "
              + CHECK_FILE
              + ": restore that file from a backup before adding keys");
    }
    char[] chosen =
        passphrases.newPassphrase("a new passphrase for the keyring at " + directory.path());
    PassphraseCipher.checkNew(chosen, "the keyring passphrase");
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("version", VERSION);
    put(json, PassphraseCipher.seal(CHECK_SECRET, chosen, checkAad(), random));
    directory.writeFile(check, json);
    passphrase = chosen;
    return chosen;
  }

  private boolean checks(char[] given) {
    Path check = directory.path().resolve(CHECK_FILE);
    return PassphraseCipher.open(sealed(directory.readFile(check), check), given, checkAad())
        .filter(secret -> Arrays.equals(secret, CHECK_SECRET))
        .isPresent();
  }

  /**
   * Why a key file did not open: the passphrase if the check file refuses it too, else the file.
   */
  private KeyringException unopened(String name, char[] given) {
    Path check = directory.path().resolve(CHECK_FILE);
    if (!Files.exists(check) || !checks(given)) {
      return wrongPassphrase();
    }
    return altered(name);
  }

  private KeyringException wrongPassphrase() {
    passphrase = null;
    return new KeyringException("wrong passphrase for keyring at " + directory.path());
  }

  private KeyringException altered(String name) {
    return new KeyringException(
        "key file "
            + directory.file(name)
            + " was altered or belongs to another key: it does not open as key '"
            + name
            + "'");
  }

  private KeyInfo publicInfo(String name, JsonNode json) {
    try {
      Ed25519PublicKey publicKey =
          Ed25519PublicKey.of(Hex.decode(json.path("public_key").asText()));
      Address address = Address.fromBech32(json.path("address").asText());
      if (!name.equals(json.path("name").asText()) || !publicKey.address().equals(address)) {
        throw altered(name);
      }
      return new KeyInfo(name, address, publicKey);
    } catch (IllegalArgumentException e) {
      throw new KeyringException(
          "key file " + directory.file(name) + " is damaged: " + e.getMessage(), e);
    }
  }

  private static void put(ObjectNode json, PassphraseCipher.Sealed sealed) {
    ObjectNode kdf = json.putObject("kdf");
    kdf.put("name", "scrypt");
    kdf.put("n", sealed.n());
    kdf.put("r", sealed.r());
    kdf.put("p", sealed.p());
    kdf.put("salt", Hex.encode(sealed.salt()));
    ObjectNode cipher = json.putObject("cipher");
    cipher.put("name", "aes-256-gcm");
    cipher.put("nonce", Hex.encode(sealed.nonce()));
    json.put("ciphertext", Hex.encode(sealed.ciphertext()));
  }

  private static PassphraseCipher.Sealed sealed(JsonNode json, Path file) {
    JsonNode kdf = json.path("kdf");
    JsonNode cipher = json.path("cipher");
    if (!"scrypt".equals(kdf.path("name").asText())
        || !"aes-256-gcm".equals(cipher.path("name").asText())) {
      throw new KeyringException(file + ": only kdf scrypt with cipher aes-256-gcm is known");
    }
    try {
      return new PassphraseCipher.Sealed(
          kdf.path("n").asInt(),
          kdf.path("r").asInt(),
          kdf.path("p").asInt(),
          Hex.decode(kdf.path("salt").asText()),
          Hex.decode(cipher.path("nonce").asText()),
          Hex.decode(json.path("ciphertext").asText()));
    } catch (IllegalArgumentException e) {
      throw new KeyringException(file + " is damaged: " + e.getMessage(), e);
    }
  }

  private static byte[] aad(KeyInfo key) {
    return ("leasechain keyring v1\0" + key.name() + "\0" + key.address().toBech32())
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] checkAad() {
    return "leasechain keyring v1\0passphrase check".getBytes(StandardCharsets.UTF_8);
  }
}
