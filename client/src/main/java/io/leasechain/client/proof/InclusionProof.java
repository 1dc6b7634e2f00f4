package io.leasechain.client.proof;

import io.leasechain.crypto.Hex;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The path from one chunk's leaf to the tree's top: the sibling at each level where the node has
 * one, bottom up, with the side the sibling is on. {@code leafCount} (the output's number of
 * chunks) fixes which levels promote the node without a sibling, and the root commits to it; see
 * {@link OutputMerkleTree}.
 *
 * <p>Text form of a step, as the CLI prints and reads it: {@code L:<hex>} (sibling on the left:
 * parent = SHA-256(0x01 || sibling || node)) or {@code R:<hex>} (on the right: parent =
 * SHA-256(0x01 || node || sibling)).
 */
public record InclusionProof(int leafCount, List<Step> steps) {

  public InclusionProof {
    if (leafCount < 1) {
      throw new IllegalArgumentException("leaf count must be at least 1, got " + leafCount);
    }
    steps = List.copyOf(steps);
  }

  /** The steps in text form, bottom up. */
  public List<String> toStrings() {
    return steps.stream().map(Step::toString).toList();
  }

  /** A proof read from the text form of its steps. */
  public static InclusionProof parse(int leafCount, List<String> steps) {
    return new InclusionProof(leafCount, steps.stream().map(Step::parse).toList());
  }

  /** Where a step's sibling sits relative to the node being proven. */
  public enum Side {
    LEFT("L"),
    RIGHT("R");

    private final String letter;

    Side(String letter) {
      this.letter = letter;
    }

    public String letter() {
      return letter;
    }
  }

  /** One level: the sibling's 32-byte hash and its side. */
  public record Step(Side side, byte[] sibling) {

    public Step {
      Objects.requireNonNull(side, "side");
      Objects.requireNonNull(sibling, "sibling");
      if (sibling.length != OutputMerkleTree.HASH_SIZE) {
        throw new IllegalArgumentException(
            "a sibling must be " + OutputMerkleTree.HASH_SIZE + " bytes, got " + sibling.length);
      }
      sibling = sibling.clone();
    }

    @Override
    public byte[] sibling() {
      return sibling.clone();
    }

    /** {@code L:<hex>} or {@code R:<hex>}. */
    public static Step parse(String text) {
      String trimmed = text.trim();
      int colon = trimmed.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a path step: give L:<hex> or R:<hex> (the sibling's side)");
      }
      String side = trimmed.substring(0, colon);
      Side parsed;
      if (side.equalsIgnoreCase("L")) {
        parsed = Side.LEFT;
      } else if (side.equalsIgnoreCase("R")) {
        parsed = Side.RIGHT;
      } else {
        throw new IllegalArgumentException(
            "'" + text + "' is not a path step: the side must be L or R");
      }
      return new Step(parsed, Hex.decode(trimmed.substring(colon + 1)));
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Step step
          && step.side == side
          && Arrays.equals(step.sibling, sibling);
    }

    @Override
    public int hashCode() {
      return 31 * side.hashCode() + Arrays.hashCode(sibling);
    }

    @Override
    public String toString() {
      return side.letter() + ":" + Hex.encode(sibling);
    }
  }
}
