package io.leasechain.commitment;

import io.leasechain.crypto.Hashes;

/**
 * The hashing rules of the state tree (docs/state-commitment.md): a binary sparse Merkle tree over
 * SHA-256 of each key, where a subtree holding one leaf is that leaf's hash and an empty subtree is
 * 32 zero bytes. These rules alone define the app hash; how nodes are stored does not change it.
 */
public final class TreeHashes {

  /** The hash of an empty subtree (and of the empty tree): 32 zero bytes. */
  public static final byte[] EMPTY = new byte[32];

  /** First byte of a leaf's hash input; differs from {@link #INNER_PREFIX} (domain separation). */
  public static final byte LEAF_PREFIX = 0x00;

  /** First byte of an inner node's hash input. */
  public static final byte INNER_PREFIX = 0x01;

  private static final byte[] LEAF = {LEAF_PREFIX};
  private static final byte[] INNER = {INNER_PREFIX};

  private TreeHashes() {}

  /**
   * Where a key sits in the tree: SHA-256 of the key, read bit by bit from the first byte's top.
   */
  public static byte[] keyHash(byte[] key) {
    return Hashes.sha256(key);
  }

  /** SHA-256(0x00 || SHA-256(key) || SHA-256(value)). */
  public static byte[] leaf(byte[] key, byte[] value) {
    return leafOfHashes(keyHash(key), Hashes.sha256(value));
  }

  /** A leaf's hash from its key hash and value hash. */
  public static byte[] leafOfHashes(byte[] keyHash, byte[] valueHash) {
    return Hashes.sha256(LEAF, keyHash, valueHash);
  }

  /** SHA-256(0x01 || left || right), for a subtree holding two or more leaves. */
  public static byte[] inner(byte[] left, byte[] right) {
    return Hashes.sha256(INNER, left, right);
  }

  /** Bit {@code depth} (0 = the top bit of the first byte) of a key hash: 0 goes left, 1 right. */
  public static int bit(byte[] keyHash, int depth) {
    return (keyHash[depth >>> 3] >>> (7 - (depth & 7))) & 1;
  }
}
