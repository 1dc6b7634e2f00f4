package io.leasechain.commitment;

import java.util.List;

/**
 * The versioned state tree (Jellyfish-style: 16-ary nodes keyed by version and nibble path, hashed
 * as the binary tree of {@link TreeHashes}). Stateless: every call reads nodes from a {@link
 * NodeStore} and returns what to write; the caller persists a {@link TreeBatch} atomically.
 *
 * <p>Node keys encode as {@code version (8 bytes, big-endian) || nibble count (1 byte) || nibbles
 * packed two per byte}, so they sort by version first.
 */
public final class StateTree {

  private StateTree() {}

  /**
   * Applies {@code changes} (any order; one change per key) to the tree at {@code baseVersion} (-1:
   * the empty tree) and returns version {@code version} (> baseVersion). A version is written even
   * when nothing changed, so that every version has a root.
   */
  public static TreeBatch apply(
      NodeStore store, long baseVersion, long version, List<KeyChange> changes) {
    throw new UnsupportedOperationException("skeleton: the tree helper implements this");
  }

  /** The root hash at {@code version}, or null when that version is absent (never or pruned). */
  public static byte[] rootHash(NodeStore store, long version) {
    throw new UnsupportedOperationException("skeleton: the tree helper implements this");
  }

  /**
   * The value of {@code key} at {@code version}, or null when absent.
   *
   * @throws MissingVersionException when the tree has no such version
   */
  public static byte[] get(NodeStore store, long version, byte[] key) {
    throw new UnsupportedOperationException("skeleton: the tree helper implements this");
  }

  /**
   * The leaf of {@code key} at {@code version} with its path, or its neighbours if it is absent.
   *
   * @throws MissingVersionException when the tree has no such version
   */
  public static Lookup lookup(NodeStore store, long version, byte[] key) {
    throw new UnsupportedOperationException("skeleton: the tree helper implements this");
  }

  /** The encoded key of the root node of {@code version}. */
  public static byte[] rootKey(long version) {
    return java.nio.ByteBuffer.allocate(9).putLong(version).put((byte) 0).array();
  }
}
