package io.leasechain.client.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The "test" keyring backend (as in Cosmos SDK): one unencrypted JSON file per key in {@code
 * <home>/keyring-test}, readable only by its owner. For devnets and tests, never for keys that hold
 * real value.
 */
public final class TestKeyring implements Keyring {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private final Path directory;
  private final SecureRandom random;

  public TestKeyring(Path home, SecureRandom random) {
    this.directory = home.resolve("keyring-test");
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
    if (!NAME.matcher(name).matches()) {
      throw new KeyringException(
          "key name '" + name + "': use letters, digits, '_', '.', '-' (at most 64)");
    }
    Path file = file(name);
    if (Files.exists(file)) {
      throw new KeyringException("a key named '" + name + "' already exists in " + directory);
    }
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(seed);
    ObjectNode json = JSON.createObjectNode();
    json.put("name", name);
    json.put("address", key.publicKey().address().toBech32());
    json.put("public_key", Hex.encode(key.publicKey().bytes()));
    json.put("seed", Hex.encode(seed));
    try {
      Files.createDirectories(directory);
      Path temp = Files.createTempFile(directory, name, ".tmp");
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), json);
      Files.move(temp, file);
    } catch (IOException e) {
      throw new KeyringException("cannot write key '" + name + "': " + e.getMessage(), e);
    }
    return new KeyInfo(name, key.publicKey().address(), key.publicKey());
  }

  @Override
  public Optional<KeyInfo> get(String name) {
    if (!NAME.matcher(name).matches() || !Files.exists(file(name))) {
      return Optional.empty();
    }
    Ed25519PrivateKey key = privateKey(name);
    return Optional.of(new KeyInfo(name, key.publicKey().address(), key.publicKey()));
  }

  @Override
  public List<KeyInfo> list() {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    List<KeyInfo> keys = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      files
          .map(path -> path.getFileName().toString())
          .filter(file -> file.endsWith(".json"))
          .sorted()
          .forEach(
              file ->
                  get(file.substring(0, file.length() - ".json".length())).ifPresent(keys::add));
    } catch (IOException e) {
      throw new KeyringException("cannot list " + directory + ": " + e.getMessage(), e);
    }
    return keys;
  }

  @Override
  public Ed25519PrivateKey privateKey(String name) {
    Path file = file(name);
    if (!Files.exists(file)) {
      throw new KeyringException("no key named '" + name + "' in " + directory);
    }
    try {
      JsonNode json = JSON.readTree(file.toFile());
      return Ed25519PrivateKey.fromSeed(Hex.decode(json.path("seed").asText()));
    } catch (IOException | IllegalArgumentException e) {
      throw new KeyringException(
          "cannot read key '" + name + "' from " + file + ": " + e.getMessage(), e);
    }
  }

  private Path file(String name) {
    return directory.resolve(name + ".json");
  }
}
