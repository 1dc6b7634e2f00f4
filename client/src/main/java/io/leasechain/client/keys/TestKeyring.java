package io.leasechain.client.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hex;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * The "test" keyring backend (as in Cosmos SDK): one unencrypted JSON file per key in {@code
 * <home>/keyring-test}, readable only by its owner. For devnets and tests, never for keys that hold
 * real value.
 */
public final class TestKeyring implements Keyring {

  /** The folder under the home that holds the keys. */
  public static final String FOLDER = "keyring-test";

  private final KeyDirectory directory;
  private final SecureRandom random;

  public TestKeyring(Path home, SecureRandom random) {
    this.directory = new KeyDirectory(home.resolve(FOLDER));
    this.random = random;
  }

  public TestKeyring(Path home) {
    this(home, new SecureRandom());
  }

  @Override
  public KeyInfo create(String name) {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    return importSeed(name, seed);
  }

  @Override
  public KeyInfo importSeed(String name, byte[] seed) {
    directory.checkNew(name);
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(seed);
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("name", name);
    json.put("address", key.publicKey().address().toBech32());
    json.put("public_key", Hex.encode(key.publicKey().bytes()));
    json.put("seed", Hex.encode(seed));
    directory.write(name, json);
    return info(name, key);
  }

  @Override
  public Optional<KeyInfo> get(String name) {
    if (!directory.exists(name)) {
      return Optional.empty();
    }
    return Optional.of(info(name, privateKey(name)));
  }

  @Override
  public List<KeyInfo> list() {
    return directory.names().stream().map(name -> info(name, privateKey(name))).toList();
  }

  @Override
  public Ed25519PrivateKey privateKey(String name) {
    JsonNode json = directory.read(name);
    try {
      return Ed25519PrivateKey.fromSeed(Hex.decode(json.path("seed").asText()));
    } catch (IllegalArgumentException e) {
      throw new KeyringException(
          "cannot read key '" + name + "' from " + directory.file(name) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(String name) {
    directory.delete(name);
  }

  private static KeyInfo info(String name, Ed25519PrivateKey key) {
    return new KeyInfo(name, key.publicKey().address(), key.publicKey());
  }
}
