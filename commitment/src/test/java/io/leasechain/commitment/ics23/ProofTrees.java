package io.leasechain.commitment.ics23;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.leasechain.commitment.TreeHashes;
import io.leasechain.commitment.ics23.proto.CommitmentProof;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Small state trees over string keys for proof tests, with their keys in key-hash order. */
final class ProofTrees {

  /** {@link LeasechainProofSpec#SPEC} as bytes; also in docs/state-commitment.md. */
  static final String SPEC_HEX =
      "0a090801100118012a0100122e0a0200011020180120012a20"
          + "0000000000000000000000000000000000000000000000000000000000000000"
          + "30011880022801";

  private ProofTrees() {}

  static byte[] value(String key) {
    return ("value of " + key).getBytes(UTF_8);
  }

  static Tree of(List<String> keys) {
    return new Tree(keys);
  }

  /** A tree holding each key with {@link #value}. */
  static final class Tree {

    private final List<String> byKeyHash;
    private final ReferenceTree tree;

    private Tree(List<String> keys) {
      byKeyHash = new ArrayList<>(keys);
      byKeyHash.sort(Comparator.comparing(k -> keyHash(k), Arrays::compareUnsigned));
      Map<byte[], byte[]> keyValues = new TreeMap<>(Arrays::compareUnsigned);
      keys.forEach(k -> keyValues.put(k.getBytes(UTF_8), value(k)));
      tree = new ReferenceTree(keyValues);
    }

    Tree without(List<String> deleted) {
      return new Tree(byKeyHash.stream().filter(k -> !deleted.contains(k)).toList());
    }

    byte[] root() {
      return tree.root();
    }

    CommitmentProof prove(String key) {
      return CommitmentProofs.of(tree.lookup(key.getBytes(UTF_8)));
    }

    byte[] minKeyHash() {
      return keyHash(byKeyHash.get(0));
    }

    byte[] maxKeyHash() {
      return keyHash(byKeyHash.get(byKeyHash.size() - 1));
    }

    /** How many keys hash below {@code keyHash}. */
    int countBelow(byte[] keyHash) {
      return (int)
          byKeyHash.stream().filter(k -> Arrays.compareUnsigned(keyHash(k), keyHash) < 0).count();
    }

    /** The key just before {@code key} in key-hash order, or null. */
    String predecessor(String key) {
      int i = byKeyHash.indexOf(key);
      return i > 0 ? byKeyHash.get(i - 1) : null;
    }

    /** The key just after {@code key} in key-hash order, or null. */
    String successor(String key) {
      int i = byKeyHash.indexOf(key);
      return i < byKeyHash.size() - 1 ? byKeyHash.get(i + 1) : null;
    }

    List<String> keysInKeyHashOrder() {
      return List.copyOf(byKeyHash);
    }
  }

  static byte[] keyHash(String key) {
    return TreeHashes.keyHash(key.getBytes(UTF_8));
  }
}
