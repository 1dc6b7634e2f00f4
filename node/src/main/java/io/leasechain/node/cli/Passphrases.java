package io.leasechain.node.cli;

import io.leasechain.client.keys.KeyringException;
import io.leasechain.client.keys.PassphraseSource;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Passphrases (and mnemonics) from the first line of a file given by {@code option}, or else typed
 * at the terminal without echo; {@code secret} names what is asked for in errors.
 */
record Passphrases(Path file, String option, String secret) implements PassphraseSource {

  private static final int MAX_LINE_BYTES = 4096;

  /** The keyring's passphrase: {@code --passphrase-file} or the terminal. */
  static Passphrases keyring(Path file) {
    return new Passphrases(file, "--passphrase-file", "a passphrase");
  }

  /** The passphrase of a key export: {@code --export-passphrase-file} or the terminal. */
  static Passphrases export(Path file) {
    return new Passphrases(file, "--export-passphrase-file", "an export passphrase");
  }

  /** A mnemonic to recover: {@code --mnemonic-file} or the terminal. */
  static Passphrases mnemonic(Path file) {
    return new Passphrases(file, "--mnemonic-file", "the mnemonic");
  }

  @Override
  public char[] passphrase(String purpose) {
    if (file != null) {
      return firstLine(file).toCharArray();
    }
    return read(terminal(), "Enter " + purpose + ": ");
  }

  @Override
  public char[] newPassphrase(String purpose) {
    if (file != null) {
      return firstLine(file).toCharArray();
    }
    Console console = terminal();
    char[] first = read(console, "Enter " + purpose + " (at least 8 characters): ");
    char[] second = read(console, "Repeat it: ");
    boolean same = Arrays.equals(first, second);
    Arrays.fill(second, ' ');
    if (!same) {
      Arrays.fill(first, ' ');
      throw new KeyringException("the two passphrases differ; nothing was changed");
    }
    return first;
  }

  /** The first line of {@code file}, with a clear error if it is missing or empty. */
  static String firstLine(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      // Read no further than a first line can reach: /dev/zero or a large file named by mistake
      // must not fill the memory, nor become a passphrase of megabytes.
      byte[] head = in.readNBytes(MAX_LINE_BYTES + 1);
      int end = 0;
      while (end < head.length && head[end] != '\n' && head[end] != '\r') {
        end++;
      }
      if (end > MAX_LINE_BYTES) {
        throw new KeyringException(
            "the first line of "
                + file
                + " is longer than "
                + MAX_LINE_BYTES
                + " bytes: is it the right file?");
      }
      String line =
          StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(head, 0, end)).toString();
      if (line.isEmpty()) {
        throw new KeyringException(file + " is empty");
      }
      return line;
    } catch (CharacterCodingException e) {
      throw new KeyringException("cannot read " + file + ": it is not UTF-8 text", e);
    } catch (NoSuchFileException e) {
      throw new KeyringException("no such file: " + file, e);
    } catch (IOException e) {
      throw new KeyringException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private Console terminal() {
    Console console = System.console();
    if (console == null) {
      throw new KeyringException(secret + " is needed: use " + option + " or run in a terminal");
    }
    return console;
  }

  private static char[] read(Console console, String prompt) {
    char[] typed = console.readPassword("%s", prompt);
    if (typed == null) {
      throw new KeyringException("no input from the terminal");
    }
    return typed;
  }
}
