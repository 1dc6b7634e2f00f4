package io.leasechain.node.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text that others chose (a node's answers, free text on chain such as provider labels) made safe
 * to print on a terminal: control characters are shown escaped, so they can neither drive the
 * terminal (escape sequences set the clipboard, move the cursor over earlier output) nor start a
 * line that looks like part of the answer. Bidirectional overrides and isolates, and the line and
 * paragraph separators, are escaped too: they would reorder what follows them on the line (a label
 * could make an address read backwards) or break it where no newline is seen.
 */
final class TerminalText {

  // C0 controls, DEL and the C1 controls (U+009B alone starts an escape sequence on some
  // terminals); the bidirectional marks, embeddings, overrides and isolates; U+2028 and U+2029.
  private static final Pattern CONTROL =
      Pattern.compile("[\\p{Cc}\\u061c\\u200e\\u200f\\u2028-\\u202e\\u2066-\\u2069]");

  private TerminalText() {}

  /** {@code text} with each of those characters written as {@code \}{@code uXXXX}. */
  static String escapeControls(String text) {
    return CONTROL
        .matcher(text)
        .replaceAll(
            control ->
                Matcher.quoteReplacement(
                    String.format("\\u%04x", (int) control.group().charAt(0))));
  }
}
