package io.leasechain.client;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Folders and files only their owner can read (keys, trusted headers): each file exists with mode
 * 0600 from its creation, in a folder of mode 0700, so no other user can ever read it.
 */
public final class OwnerOnlyFiles {

  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private OwnerOnlyFiles() {}

  /** Creates {@code directory} with mode 0700, or sets that mode on an existing one. */
  public static void createDirectory(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      // A folder made by an older version or by hand may be group- or world-readable.
      if (!Files.getPosixFilePermissions(directory).equals(DIRECTORY)) {
        Files.setPosixFilePermissions(directory, DIRECTORY);
      }
      return;
    }
    Files.createDirectories(directory.getParent());
    try {
      Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
    } catch (FileAlreadyExistsException e) {
      // Another process created it first, with the same modes.
    }
  }

  /** A new empty file of mode 0600 in {@code directory}, to be written and moved into place. */
  public static Path createTempFile(Path directory) throws IOException {
    return Files.createTempFile(
        directory, ".new-", ".tmp", PosixFilePermissions.asFileAttribute(FILE));
  }
}
