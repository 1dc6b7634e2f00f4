package io.leasechain.client.proof;

import io.leasechain.crypto.Hashes;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Merkle tree over a job's output chunks whose root a provider puts on chain as a proof's
 * {@code output_root} (docs/proofs.md). Built from the chunks' SHA-256 hashes, in order:
 *
 * <ul>
 *   <li>leaf {@code i} = SHA-256(0x00 || chunk_hash_i), 33 bytes hashed;
 *   <li>inner node = SHA-256(0x01 || left || right), 65 bytes hashed;
 *   <li>a level of odd length promotes its last node unchanged to the level above (it is not
 *       duplicated, so no two different chunk lists share a root by repeating the last chunk);
 *   <li>the top is the one node of the top level: for one chunk, its leaf;
 *   <li>the root = SHA-256(0x02 || N as 8 bytes big-endian || top), 41 bytes hashed, commits to the
 *       chunk count N as well.
 * </ul>
 *
 * The 0x00/0x01 prefixes separate leaves from inner nodes: no leaf can equal an inner node, so a
 * subtree's top cannot be passed off as a chunk. Without the count in the root, a path could be
 * verified against a false count (chunk 4 of 5 as chunk 2 of 3 share a path shape and a top). An
 * empty chunk list has no root and is rejected.
 */
public final class OutputMerkleTree {

  /** Bytes of a chunk hash and of every node: SHA-256. */
  public static final int HASH_SIZE = 32;

  private static final byte[] LEAF_PREFIX = {0x00};
  private static final byte[] NODE_PREFIX = {0x01};
  private static final byte[] ROOT_PREFIX = {0x02};

  /** levels.get(0) are the leaves, the last level holds only the root. */
  private final List<List<byte[]>> levels;

  private OutputMerkleTree(List<List<byte[]>> levels) {
    this.levels = levels;
  }

  /** The tree over {@code chunkHashes} (each 32 bytes, in output order; at least one). */
  public static OutputMerkleTree of(List<byte[]> chunkHashes) {
    Objects.requireNonNull(chunkHashes, "chunkHashes");
    if (chunkHashes.isEmpty()) {
      throw new IllegalArgumentException("an output needs at least one chunk");
    }
    List<byte[]> level = new ArrayList<>(chunkHashes.size());
    for (int i = 0; i < chunkHashes.size(); i++) {
      level.add(leafHash(checkHash(chunkHashes.get(i), "chunk hash " + i)));
    }
    List<List<byte[]>> levels = new ArrayList<>();
    levels.add(List.copyOf(level));
    while (level.size() > 1) {
      List<byte[]> up = new ArrayList<>((level.size() + 1) / 2);
      for (int i = 0; i + 1 < level.size(); i += 2) {
        up.add(nodeHash(level.get(i), level.get(i + 1)));
      }
      if (level.size() % 2 == 1) {
        up.add(level.get(level.size() - 1));
      }
      levels.add(List.copyOf(up));
      level = up;
    }
    return new OutputMerkleTree(List.copyOf(levels));
  }

  /** The root over {@code chunkHashes}: {@code of(chunkHashes).root()}. */
  public static byte[] root(List<byte[]> chunkHashes) {
    return of(chunkHashes).root();
  }

  /** The hash a chunk of output contributes: SHA-256 of its bytes. */
  public static byte[] chunkHash(byte[] chunk) {
    return Hashes.sha256(Objects.requireNonNull(chunk, "chunk"));
  }

  /** SHA-256(0x00 || chunkHash). */
  public static byte[] leafHash(byte[] chunkHash) {
    return Hashes.sha256(LEAF_PREFIX, checkHash(chunkHash, "chunk hash"));
  }

  /** SHA-256(0x01 || left || right). */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    return Hashes.sha256(NODE_PREFIX, checkHash(left, "left node"), checkHash(right, "right node"));
  }

  /** SHA-256(0x02 || uint64_be(chunkCount) || top): the root of {@code chunkCount} chunks. */
  public static byte[] countedRoot(long chunkCount, byte[] top) {
    if (chunkCount < 1) {
      throw new IllegalArgumentException("an output needs at least one chunk");
    }
    return Hashes.sha256(
        ROOT_PREFIX,
        ByteBuffer.allocate(Long.BYTES).putLong(chunkCount).array(),
        checkHash(top, "top"));
  }

  /** The 32-byte root, the proof's {@code output_root}. */
  public byte[] root() {
    return countedRoot(size(), levels.get(levels.size() - 1).get(0));
  }

  /** Number of chunks. */
  public int size() {
    return levels.get(0).size();
  }

  /** The inclusion proof of chunk {@code index} (0-based). */
  public InclusionProof prove(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException("chunk " + index + " of " + size());
    }
    List<InclusionProof.Step> steps = new ArrayList<>();
    int position = index;
    for (List<byte[]> level : levels.subList(0, levels.size() - 1)) {
      if (position % 2 == 1) {
        steps.add(new InclusionProof.Step(InclusionProof.Side.LEFT, level.get(position - 1)));
      } else if (position + 1 < level.size()) {
        steps.add(new InclusionProof.Step(InclusionProof.Side.RIGHT, level.get(position + 1)));
      }
      // else: the last node of an odd level, promoted without a sibling
      position /= 2;
    }
    return new InclusionProof(size(), steps);
  }

  /**
   * Whether chunk {@code index} of an output whose root is {@code root} has hash {@code chunkHash},
   * by {@code proof}. The path must have exactly the shape of chunk {@code index} in a tree of
   * {@code proof.leafCount()} chunks (a sibling on the left at odd positions, on the right at even
   * ones, none where the node is promoted), so a proof for another index fails; and the root must
   * commit to that count, so a false count fails too.
   */
  public static boolean verify(byte[] root, byte[] chunkHash, int index, InclusionProof proof) {
    if (root == null
        || chunkHash == null
        || proof == null
        || root.length != HASH_SIZE
        || chunkHash.length != HASH_SIZE
        || index < 0
        || index >= proof.leafCount()) {
      return false;
    }
    List<InclusionProof.Step> steps = proof.steps();
    byte[] hash = leafHash(chunkHash);
    int position = index;
    int width = proof.leafCount();
    int used = 0;
    while (width > 1) {
      boolean promoted = position % 2 == 0 && position + 1 == width;
      if (!promoted) {
        if (used == steps.size()) {
          return false;
        }
        InclusionProof.Step step = steps.get(used++);
        InclusionProof.Side expected =
            position % 2 == 1 ? InclusionProof.Side.LEFT : InclusionProof.Side.RIGHT;
        if (step.side() != expected) {
          return false;
        }
        hash =
            expected == InclusionProof.Side.LEFT
                ? nodeHash(step.sibling(), hash)
                : nodeHash(hash, step.sibling());
      }
      position /= 2;
      width = (width + 1) / 2;
    }
    return used == steps.size()
        && MessageDigest.isEqual(countedRoot(proof.leafCount(), hash), root);
  }

  private static byte[] checkHash(byte[] hash, String what) {
    Objects.requireNonNull(hash, what);
    if (hash.length != HASH_SIZE) {
      throw new IllegalArgumentException(
          what + " must be " + HASH_SIZE + " bytes (SHA-256), got " + hash.length);
    }
    return hash;
  }
}
