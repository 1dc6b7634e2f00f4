package io.leasechain.commitment.ics23;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.leasechain.commitment.Lookup;
import io.leasechain.commitment.TreeHashes;
import io.leasechain.commitment.ics23.ProofException.Rule;
import io.leasechain.commitment.ics23.proto.CommitmentProof;
import io.leasechain.commitment.ics23.proto.ExistenceProof;
import io.leasechain.commitment.ics23.proto.HashOp;
import io.leasechain.commitment.ics23.proto.InnerOp;
import io.leasechain.commitment.ics23.proto.NonExistenceProof;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class Ics23ProofTest {

  private static final List<String> TEN = IntStream.range(0, 10).mapToObj(i -> "key-" + i).toList();

  @Test
  void specEncodesToThePinnedBytes() {
    assertEquals(
        ProofTrees.SPEC_HEX, HexFormat.of().formatHex(LeasechainProofSpec.SPEC.toByteArray()));
  }

  /** The proofs shown in docs/state-commitment.md, over its five-key vector. */
  @Test
  void theDocumentedProofsArePinned() throws ProofException {
    ProofTrees.Tree tree =
        ProofTrees.ofEntries(
            Map.of("alice", "100", "bob", "200", "carol", "300", "dave", "400", "erin", "500"));
    CommitmentProof carol = tree.prove("carol");
    CommitmentProof frank = tree.prove("frank");
    assertEquals(
        "0a90010a056361726f6c12033330301a090801100118012a0100"
            + "222708011201011a20bbc3bc5f29bdcd36fc147d2d1770bcaea4fa82e007d790535e71733b687d3ade"
            + "22250801122101e88595db6e2373140c77336108e543dd79e1c6420dff08568b120417c8af88b5"
            + "222708011201011a20a07e6690dce29652a830c76a3b9010e4e9e9a28ce5dade073782565938a28dbd",
        HexFormat.of().formatHex(carol.toByteArray()));
    assertEquals(
        "12f00212b6010a046461766512033430301a090801100118012a0100"
            + "222708011201011a20d56eaf5192928b973e9d4acf9f6fafba76cbe413ea2e49431e29cb24da98cce4"
            + "222508011221015172fdea6635f53c5b482e594d1e151d095de2003f3c64572fa401afe6ae9520"
            + "22250801122101e88595db6e2373140c77336108e543dd79e1c6420dff08568b120417c8af88b5"
            + "222708011201011a20a07e6690dce29652a830c76a3b9010e4e9e9a28ce5dade073782565938a28dbd"
            + "1ab4010a046572696e12033530301a090801100118012a0100"
            + "22250801122101ee797d17578435929ccd85be65be955754f2fd4650b82fd156478c68d5f3c3fd"
            + "222508011221015172fdea6635f53c5b482e594d1e151d095de2003f3c64572fa401afe6ae9520"
            + "22250801122101e88595db6e2373140c77336108e543dd79e1c6420dff08568b120417c8af88b5"
            + "222708011201011a20a07e6690dce29652a830c76a3b9010e4e9e9a28ce5dade073782565938a28dbd",
        HexFormat.of().formatHex(frank.toByteArray()));
    Ics23Verifier.verify(tree.root(), carol.toByteArray(), bytes("carol"), bytes("300"));
    Ics23Verifier.verify(tree.root(), frank.toByteArray(), bytes("frank"), null);
  }

  @Test
  void everyPresentKeyProvesItsValue() throws ProofException {
    ProofTrees.Tree tree = ProofTrees.of(TEN);
    for (String key : TEN) {
      CommitmentProof proof = tree.prove(key);
      assertTrue(proof.hasExist(), key);
      Ics23Verifier.verifyMembership(tree.root(), proof, bytes(key), ProofTrees.value(key));
    }
  }

  @Test
  void absentKeyBelowTheLeastKeyHashHasOnlyARightNeighbour() throws ProofException {
    ProofTrees.Tree tree = ProofTrees.of(TEN);
    String key = absent(TEN, kh -> Arrays.compareUnsigned(kh, tree.minKeyHash()) < 0);
    NonExistenceProof proof = assertAbsent(tree, key);
    assertFalse(proof.hasLeft());
    assertTrue(proof.hasRight());
  }

  @Test
  void absentKeyAboveTheGreatestKeyHashHasOnlyALeftNeighbour() throws ProofException {
    ProofTrees.Tree tree = ProofTrees.of(TEN);
    String key = absent(TEN, kh -> Arrays.compareUnsigned(kh, tree.maxKeyHash()) > 0);
    NonExistenceProof proof = assertAbsent(tree, key);
    assertTrue(proof.hasLeft());
    assertFalse(proof.hasRight());
  }

  @Test
  void absentKeyBetweenTwoKeyHashesHasBothNeighbours() throws ProofException {
    ProofTrees.Tree tree = ProofTrees.of(TEN);
    for (int i = 0; i < 20; i++) {
      String key = "absent-" + i;
      CommitmentProof proof = tree.prove(key);
      Ics23Verifier.verifyNonMembership(tree.root(), proof, bytes(key));
    }
    String between =
        absent(
            TEN,
            kh ->
                Arrays.compareUnsigned(kh, tree.minKeyHash()) > 0
                    && Arrays.compareUnsigned(kh, tree.maxKeyHash()) < 0);
    NonExistenceProof proof = assertAbsent(tree, between);
    assertTrue(proof.hasLeft() && proof.hasRight());
  }

  @Test
  void deletedKeysProveAbsentAndTheRestPresent() throws ProofException {
    ProofTrees.Tree tree = ProofTrees.of(TEN).without(List.of("key-2", "key-5", "key-7", "key-8"));
    for (String key : TEN) {
      if (List.of("key-2", "key-5", "key-7", "key-8").contains(key)) {
        assertAbsent(tree, key);
      } else {
        Ics23Verifier.verifyMembership(
            tree.root(), tree.prove(key), bytes(key), ProofTrees.value(key));
      }
    }
  }

  @Test
  void inATreeOfOneKeyTheLeafIsTheRoot() throws ProofException {
    ProofTrees.Tree tree = ProofTrees.of(List.of("only"));
    assertArrayEquals(TreeHashes.leaf(bytes("only"), ProofTrees.value("only")), tree.root());
    CommitmentProof proof = tree.prove("only");
    assertEquals(0, proof.getExist().getPathCount());
    Ics23Verifier.verifyMembership(tree.root(), proof, bytes("only"), ProofTrees.value("only"));
    NonExistenceProof absence = assertAbsent(tree, "other");
    assertTrue(absence.hasLeft() ^ absence.hasRight());
  }

  @Test
  void theEmptyTreeHasNoProofOfAbsence() {
    assertThrows(
        IllegalArgumentException.class, () -> CommitmentProofs.of(new Lookup(null, null, null)));
  }

  /**
   * ICS-23 (the Go library too) refuses to hash a leaf with an empty value, so such a leaf can be
   * proved neither present nor the neighbour of an absent key: the state must not hold empty
   * values.
   */
  @Test
  void aLeafWithAnEmptyValueCannotBeProved() {
    ProofTrees.Tree tree = ProofTrees.ofEntries(Map.of("index-entry", ""));
    CommitmentProof present = tree.prove("index-entry");
    assertRule(
        Rule.MALFORMED,
        () ->
            Ics23Verifier.verifyMembership(
                tree.root(), present, bytes("index-entry"), new byte[0]));
    CommitmentProof absent = tree.prove("absent");
    assertRule(
        Rule.MALFORMED,
        () -> Ics23Verifier.verifyNonMembership(tree.root(), absent, bytes("absent")));
  }

  // Tampering: each must be refused, for the stated reason.

  @Test
  void aChangedValueIsRefused() {
    ProofTrees.Tree tree = ProofTrees.of(TEN);
    CommitmentProof proof = tree.prove("key-3");
    assertRule(
        Rule.VALUE_MISMATCH,
        () -> Ics23Verifier.verifyMembership(tree.root(), proof, bytes("key-3"), bytes("forged")));
    CommitmentProof forged =
        Tampering.exist(Tampering.withValue(proof.getExist(), bytes("forged")));
    assertRule(
        Rule.ROOT_MISMATCH,
        () -> Ics23Verifier.verifyMembership(tree.root(), forged, bytes("key-3"), bytes("forged")));
  }

  @Test
  void aProofOfOneKeyDoesNotProveAnother() {
    ProofTrees.Tree tree = ProofTrees.of(TEN);
    CommitmentProof proof = tree.prove("key-3");
    assertRule(
        Rule.KEY_MISMATCH,
        () ->
            Ics23Verifier.verifyMembership(
                tree.root(), proof, bytes("key-4"), ProofTrees.value("key-3")));
    CommitmentProof renamed = Tampering.exist(Tampering.withKey(proof.getExist(), bytes("key-4")));
    assertRule(
        Rule.ROOT_MISMATCH,
        () ->
            Ics23Verifier.verifyMembership(
                tree.root(), renamed, bytes("key-4"), ProofTrees.value("key-3")));
  }

  @Test
  void aChangedOrSwappedSiblingIsRefused() {
    ProofTrees.Tree tree = ProofTrees.of(TEN);
    ExistenceProof proof = tree.prove("key-3").getExist();
    for (int i = 0; i < proof.getPathCount(); i++) {
      for (ExistenceProof forged :
          List.of(Tampering.flipSibling(proof, i), Tampering.swapSides(proof, i))) {
        assertRule(
            Rule.ROOT_MISMATCH,
            () ->
                Ics23Verifier.verifyMembership(
                    tree.root(),
                    Tampering.exist(forged),
                    bytes("key-3"),
                    ProofTrees.value("key-3")));
      }
    }
  }

  @Test
  void aProofAgainstAnotherRootIsRefused() {
    ProofTrees.Tree tree = ProofTrees.of(TEN);
    byte[] otherRoot = ProofTrees.of(TEN.subList(0, 9)).root();
    assertRule(
        Rule.ROOT_MISMATCH,
        () ->
            Ics23Verifier.verifyMembership(
                otherRoot, tree.prove("key-3"), bytes("key-3"), ProofTrees.value("key-3")));
    assertRule(
        Rule.ROOT_MISMATCH,
        () -> Ics23Verifier.verifyNonMembership(otherRoot, tree.prove("absent"), bytes("absent")));
  }

  @Test
  void neighboursThatAreNotAdjacentAreRefused() {
    ProofTrees.Tree tree = ProofTrees.of(TEN);
    String key = absent(TEN, kh -> tree.countBelow(kh) >= 2 && tree.countBelow(kh) < TEN.size());
    NonExistenceProof honest = tree.prove(key).getNonexist();
    String leftOfLeft = tree.predecessor(honest.getLeft().getKey().toStringUtf8());
    NonExistenceProof skipping =
        honest.toBuilder().setLeft(tree.prove(leftOfLeft).getExist()).build();
    assertRule(
        Rule.NOT_ADJACENT,
        () ->
            Ics23Verifier.verifyNonMembership(
                tree.root(), Tampering.nonexist(skipping), bytes(key)));
    NonExistenceProof leftDropped = honest.toBuilder().clearLeft().build();
    assertRule(
        Rule.NOT_ADJACENT,
        () ->
            Ics23Verifier.verifyNonMembership(
                tree.root(), Tampering.nonexist(leftDropped), bytes(key)));
    NonExistenceProof rightDropped = honest.toBuilder().clearRight().build();
    assertRule(
        Rule.NOT_ADJACENT,
        () ->
            Ics23Verifier.verifyNonMembership(
                tree.root(), Tampering.nonexist(rightDropped), bytes(key)));
  }

  @Test
  void aPresentKeyCannotBeProvedAbsent() {
    ProofTrees.Tree tree = ProofTrees.of(TEN);
    String present =
        TEN.stream()
            .filter(k -> tree.predecessor(k) != null && tree.successor(k) != null)
            .findFirst()
            .orElseThrow();
    NonExistenceProof around =
        NonExistenceProof.newBuilder()
            .setLeft(tree.prove(tree.predecessor(present)).getExist())
            .setRight(tree.prove(tree.successor(present)).getExist())
            .build();
    assertRule(
        Rule.NOT_ADJACENT,
        () ->
            Ics23Verifier.verifyNonMembership(
                tree.root(), Tampering.nonexist(around), bytes(present)));
    NonExistenceProof besides =
        NonExistenceProof.newBuilder()
            .setLeft(tree.prove(tree.predecessor(present)).getExist())
            .setRight(tree.prove(present).getExist())
            .build();
    assertRule(
        Rule.KEY_ORDER,
        () ->
            Ics23Verifier.verifyNonMembership(
                tree.root(), Tampering.nonexist(besides), bytes(present)));
  }

  @Test
  void aNonExistenceProofForOneGapDoesNotCoverAnother() {
    ProofTrees.Tree tree = ProofTrees.of(TEN);
    String key = absent(TEN, kh -> tree.countBelow(kh) == 3);
    String elsewhere = absent(TEN, kh -> tree.countBelow(kh) == 6);
    CommitmentProof proof = tree.prove(key);
    assertRule(
        Rule.KEY_ORDER,
        () -> Ics23Verifier.verifyNonMembership(tree.root(), proof, bytes(elsewhere)));
  }

  @Test
  void theWrongKindOfProofIsRefused() {
    ProofTrees.Tree tree = ProofTrees.of(TEN);
    assertRule(
        Rule.MALFORMED,
        () -> Ics23Verifier.verifyNonMembership(tree.root(), tree.prove("key-1"), bytes("key-1")));
    assertRule(
        Rule.MALFORMED,
        () ->
            Ics23Verifier.verifyMembership(
                tree.root(), tree.prove("absent"), bytes("absent"), bytes("x")));
    assertRule(
        Rule.MALFORMED,
        () -> Ics23Verifier.verify(tree.root(), new byte[] {(byte) 0xff}, bytes("key-1"), null));
  }

  @Test
  void opsOutsideTheSpecAreRefused() {
    ProofTrees.Tree tree = ProofTrees.of(TEN);
    ExistenceProof honest = tree.prove("key-3").getExist();
    InnerOp first = honest.getPath(0);
    List<ExistenceProof> outside =
        List.of(
            honest.toBuilder()
                .setLeaf(honest.getLeaf().toBuilder().setPrehashKey(HashOp.NO_HASH))
                .build(),
            honest.toBuilder()
                .setLeaf(
                    honest.getLeaf().toBuilder().setPrefix(ByteString.copyFrom(new byte[] {1})))
                .build(),
            honest.toBuilder()
                .setPath(
                    0,
                    first.toBuilder()
                        .setPrefix(
                            ByteString.copyFrom(new byte[] {0})
                                .concat(first.getPrefix().substring(1))))
                .build(),
            honest.toBuilder().setPath(0, first.toBuilder().setHash(HashOp.SHA512)).build(),
            honest.toBuilder()
                .setPath(
                    0,
                    first.toBuilder()
                        .setPrefix(first.getPrefix().concat(ByteString.copyFrom(new byte[33]))))
                .build(),
            honest.toBuilder()
                .setPath(
                    0,
                    first.toBuilder()
                        .setSuffix(first.getSuffix().concat(ByteString.copyFrom(new byte[1]))))
                .build(),
            honest.toBuilder()
                .addAllPath(java.util.Collections.nCopies(257 - honest.getPathCount(), first))
                .build());
    for (ExistenceProof forged : outside) {
      assertRule(
          Rule.SPEC_VIOLATION,
          () ->
              Ics23Verifier.verifyMembership(
                  tree.root(), Tampering.exist(forged), bytes("key-3"), ProofTrees.value("key-3")));
    }
  }

  private static NonExistenceProof assertAbsent(ProofTrees.Tree tree, String key)
      throws ProofException {
    CommitmentProof proof = tree.prove(key);
    Ics23Verifier.verifyNonMembership(tree.root(), proof, bytes(key));
    Ics23Verifier.verify(tree.root(), proof.toByteArray(), bytes(key), null);
    return proof.getNonexist();
  }

  /** The first "absent-i" whose key hash satisfies {@code where}. */
  private static String absent(List<String> present, Predicate<byte[]> where) {
    return IntStream.range(0, 100_000)
        .mapToObj(i -> "absent-" + i)
        .filter(k -> !present.contains(k) && where.test(TreeHashes.keyHash(bytes(k))))
        .findFirst()
        .orElseThrow();
  }

  private static void assertRule(Rule rule, Executable verification) {
    ProofException e = assertThrows(ProofException.class, verification);
    assertEquals(rule, e.rule(), e.getMessage());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }
}
