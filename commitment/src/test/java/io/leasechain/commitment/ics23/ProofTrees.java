package io.leasechain.commitment.ics23;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.leasechain.commitment.InMemoryNodeStore;
import io.leasechain.commitment.KeyChange;
import io.leasechain.commitment.StateTree;
import io.leasechain.commitment.TreeBatch;
import io.leasechain.commitment.TreeHashes;
import io.leasechain.commitment.ics23.proto.CommitmentProof;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** State trees over string keys for proof tests, with their keys in key-hash order. */
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

  /** Version 1 of a {@link StateTree} holding each key with {@link #value}. */
  static Tree of(List<String> keys) {
    return new Tree(
        new InMemoryNodeStore(),
        -1,
        keys.stream().map(k -> new KeyChange(bytes(k), value(k))).toList(),
        keys);
  }

  /** Version 1 of a tree holding these keys and values (UTF-8). */
  static Tree ofEntries(Map<String, String> entries) {
    return new Tree(
        new InMemoryNodeStore(),
        -1,
        entries.entrySet().stream()
            .map(e -> new KeyChange(bytes(e.getKey()), bytes(e.getValue())))
            .toList(),
        List.copyOf(entries.keySet()));
  }

  /** One version of a tree; all versions of a tree share one store. */
  static final class Tree {

    private final InMemoryNodeStore store;
    private final long version;
    private final List<String> byKeyHash;

    private Tree(InMemoryNodeStore store, long base, List<KeyChange> changes, List<String> keys) {
      this.store = store;
      this.version = Math.max(base, 0) + 1;
      TreeBatch batch = StateTree.apply(store, base, version, changes);
      store.write(batch);
      byKeyHash = new ArrayList<>(keys);
      byKeyHash.sort(Comparator.comparing(ProofTrees::keyHash, Arrays::compareUnsigned));
    }

    /** The next version, with {@code deleted} deleted from the tree. */
    Tree without(List<String> deleted) {
      return new Tree(
          store,
          version,
          deleted.stream().map(k -> new KeyChange(bytes(k), null)).toList(),
          byKeyHash.stream().filter(k -> !deleted.contains(k)).toList());
    }

    byte[] root() {
      return StateTree.rootHash(store, version);
    }

    CommitmentProof prove(String key) {
      return CommitmentProofs.of(StateTree.lookup(store, version, bytes(key)));
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
  }

  static byte[] keyHash(String key) {
    return TreeHashes.keyHash(bytes(key));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }
}
