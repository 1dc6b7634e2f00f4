package io.leasechain.node.store;

import java.security.SecureRandom;

/**
 * The hash by which the node's in-memory caches place a byte-array key: FNV-1a over the bytes, then
 * MurmurHash3's 64-bit finalizer to spread every bit. Seeded per process, so that no one can choose
 * keys (addresses, ids) that share a bin on every node; it only places entries in a cache, never
 * anything a node agrees on.
 */
final class KeyHash {

  /** This process's seed. */
  static final long SEED = new SecureRandom().nextLong();

  private KeyHash() {}

  static int of(byte[] bytes) {
    return of(SEED, bytes, 0, bytes.length);
  }

  /** The hash of {@code bytes[from, from + length)} under {@code seed}. */
  static int of(long seed, byte[] bytes, int from, int length) {
    long h = 0xcbf29ce484222325L ^ seed;
    for (int i = from; i < from + length; i++) {
      h = (h ^ (bytes[i] & 0xff)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) h;
  }
}
