package io.leasechain.node.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sets keys in CometBFT's config.toml in place. It edits the file CometBFT generated line by line
 * so that CometBFT's own comments and defaults stay as they are for operators to read.
 */
public final class CometConfig {

  private static final Pattern SECTION = Pattern.compile("^\\s*\\[([^\\]]+)]\\s*$");
  private static final Pattern ASSIGNMENT =
      Pattern.compile("^(\\s*)([A-Za-z0-9_.-]+)(\\s*=\\s*).*$");

  private final Path file;
  private final List<String> lines;

  private CometConfig(Path file, List<String> lines) {
    this.file = file;
    this.lines = lines;
  }

  public static CometConfig read(Path file) throws IOException {
    return new CometConfig(file, new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8)));
  }

  /** Sets a string value; {@code section} is "" for top-level keys. */
  public CometConfig setString(String section, String key, String value) {
    return setRaw(section, key, TomlStrings.quote(value));
  }

  public CometConfig setBoolean(String section, String key, boolean value) {
    return setRaw(section, key, Boolean.toString(value));
  }

  /** Sets {@code key} to the TOML literal {@code raw}; the key must already exist in the file. */
  public CometConfig setRaw(String section, String key, String raw) {
    String current = "";
    for (int i = 0; i < lines.size(); i++) {
      Matcher header = SECTION.matcher(lines.get(i));
      if (header.matches()) {
        current = header.group(1).trim();
        continue;
      }
      Matcher assignment = ASSIGNMENT.matcher(lines.get(i));
      if (current.equals(section) && assignment.matches() && assignment.group(2).equals(key)) {
        lines.set(i, assignment.group(1) + key + assignment.group(3) + raw);
        return this;
      }
    }
    throw new IllegalArgumentException(
        file
            + ": no key '"
            + key
            + "' in section ["
            + section
            + "]; is this a CometBFT v0.38 config.toml?");
  }

  public void write() throws IOException {
    Files.write(file, lines, StandardCharsets.UTF_8);
  }
}
