package io.leasechain.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A SLIP-0010 Ed25519 derivation path: hardened indexes only, since Ed25519 has no public
 * derivation. Leasechain keys live at {@code m/44'/5327'/account'/0'/index'}.
 */
public record HdPath(List<Integer> indexes) {

  /** Our SLIP-0044 coin type: "LEAS" on a phone keypad, unregistered (a permissioned chain). */
  public static final int COIN_TYPE = 5327;

  private static final int HARDENED = 0x80000000;

  public HdPath {
    indexes = List.copyOf(indexes);
    for (int index : indexes) {
      if (index < 0) {
        throw new IllegalArgumentException("a path index is 0 to 2147483647, got " + index);
      }
    }
  }

  /** The path of key {@code index} of {@code account}: {@code m/44'/5327'/account'/0'/index'}. */
  public static HdPath leasechain(int account, int index) {
    return new HdPath(List.of(44, COIN_TYPE, account, 0, index));
  }

  /** Parses {@code m/44'/5327'/0'/0'/0'}; every index must be hardened (' or h). */
  public static HdPath parse(String text) {
    String[] parts = text.trim().split("/", -1);
    if (!parts[0].equals("m")) {
      throw new IllegalArgumentException("a derivation path starts with m/, not " + text);
    }
    List<Integer> indexes = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i];
      if (!part.endsWith("'") && !part.endsWith("h")) {
        throw new IllegalArgumentException(
            "Ed25519 paths are hardened only: write " + part + "' in " + text);
      }
      try {
        indexes.add(Integer.parseInt(part.substring(0, part.length() - 1)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + part + "' is not a path index in " + text, e);
      }
    }
    return new HdPath(indexes);
  }

  /** The indexes as SLIP-0010 feeds them to HMAC: with the hardened bit set. */
  int hardened(int position) {
    return indexes.get(position) | HARDENED;
  }

  @Override
  public String toString() {
    return indexes.stream()
        .map(index -> "/" + index + "'")
        .collect(Collectors.joining("", "m", ""));
  }
}
