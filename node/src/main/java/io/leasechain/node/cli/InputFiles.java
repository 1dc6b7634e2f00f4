package io.leasechain.node.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the small text files commands take (tx JSON, key exports, params), refusing one larger than
 * any such file can be: a mistyped path such as /dev/zero or a disk image must end in a clear
 * error, not in the JVM running out of memory.
 */
final class InputFiles {

  /** Far above the largest tx (a few MiB of JSON at most) or key export. */
  static final int MAX_BYTES = 16 << 20;

  private InputFiles() {}

  static String read(Path file) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such file: " + file, e);
    }
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          file + " is larger than " + (MAX_BYTES >> 20) + " MiB: is it the right file?");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(file + " is not UTF-8 text", e);
    }
  }
}
