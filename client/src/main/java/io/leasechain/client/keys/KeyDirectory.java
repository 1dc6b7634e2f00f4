package io.leasechain.client.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leasechain.client.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A keyring's folder: one JSON file per key, the folder 0700 and each file 0600 from the moment it
 * exists (created with those modes, then moved into place), so no other user can ever read one.
 */
final class KeyDirectory {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final String SUFFIX = ".json";

  private final Path path;

  KeyDirectory(Path path) {
    this.path = path;
  }

  Path path() {
    return path;
  }

  /** The file of key {@code name}; refuses names that are not plain file names. */
  Path file(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new KeyringException(
          "key name '" + name + "': use letters, digits, '_', '.', '-' (at most 64)");
    }
    return path.resolve(name + SUFFIX);
  }

  boolean exists(String name) {
    return Files.exists(file(name));
  }

  /** Refuses a name that is malformed or taken, before anything is asked or written. */
  void checkNew(String name) {
    if (exists(name)) {
      throw new KeyringException("a key named '" + name + "' already exists in " + path);
    }
  }

  JsonNode read(String name) {
    if (!exists(name)) {
      throw new KeyringException("no key named '" + name + "' in " + path);
    }
    return readFile(file(name));
  }

  JsonNode readFile(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new KeyringException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes key {@code name}; refuses to replace an existing key. */
  void write(String name, JsonNode json) {
    checkNew(name);
    writeFile(file(name), json);
  }

  /** Writes {@code file}, owner-only, whole or not at all; refuses to replace one that exists. */
  void writeFile(Path file, JsonNode json) {
    try {
      OwnerOnlyFiles.createDirectory(path);
      Path temp = OwnerOnlyFiles.createTempFile(path);
      try {
        Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        // Not ATOMIC_MOVE: that is a bare rename(2), which replaces a key another command wrote
        // since this one checked the name (while it asked for the passphrase). This move refuses
        // an existing target, then renames (a window of microseconds, on any file system).
        Files.move(temp, file);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (FileAlreadyExistsException e) {
      throw new KeyringException(file + " already exists; nothing was written", e);
    } catch (IOException e) {
      throw new KeyringException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  void delete(String name) {
    try {
      Files.delete(file(name));
    } catch (NoSuchFileException e) {
      throw new KeyringException("no key named '" + name + "' in " + path, e);
    } catch (IOException e) {
      throw new KeyringException("cannot delete key '" + name + "': " + e.getMessage(), e);
    }
  }

  /** The names of the keys, sorted. */
  List<String> names() {
    if (!Files.isDirectory(path)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(path)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(file -> file.endsWith(SUFFIX))
          .map(file -> file.substring(0, file.length() - SUFFIX.length()))
          .filter(name -> NAME.matcher(name).matches())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new KeyringException("cannot list " + path + ": " + e.getMessage(), e);
    }
  }
}
