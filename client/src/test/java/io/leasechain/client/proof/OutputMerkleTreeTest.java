package io.leasechain.client.proof;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.crypto.Hashes;
import io.leasechain.crypto.Hex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fixed vectors, computed independently with Python's hashlib (docs/proofs.md shows the script):
 * chunk i's hash is SHA-256("chunk i"), leaves SHA-256(0x00 || hash), nodes SHA-256(0x01 || l ||
 * r), the last node of an odd level promoted unchanged, and the root SHA-256(0x02 || uint64_be(N)
 * || top).
 */
class OutputMerkleTreeTest {

  static final List<String> CHUNKS =
      List.of(
          "3887e4ff4cb117983b927fde9da0c0818813a3d587b053db40fe6d951f6a3f47",
          "1993a3c633cf3e4fd898beaccbf56c1544235cd8f97396e3cbe30952502a5167",
          "475a6d7381a8a3c8b8f9e57f0e195303d478256d6948758bec72167f38248fc7",
          "9e6813f2af150d90d31db8156361cf1a334be969eee1d912c1cadd83214a3886",
          "cf70e8b1f4bd180733abd45cbcbe0d8d4ccace9ee1c40b6e87db4d1adfa30d98");

  /** Tree tops (the single node of the top level) of the first 1, 2, 3, 4 and 5 chunks. */
  static final List<String> TOPS =
      List.of(
          "9c1720a2c8e01fcf0dd095bddf6cfd846e0b799cd87180031af929106a80524e",
          "9d7c13656b747dcb0a00fe91f914e8ccebd46f593030eb3e167736081d3ad880",
          "7676aa547be2859cb87140342a70dc1c608365b1f6d09085cf106d005dd59e75",
          "f3a24fea49f9bad0ca642983591240d1acfaff5b394fa33a158b629fef907e1b",
          "7a949bf4611de7ddd9c2f4588f1751b396908350124dd901c0dd55710def786e");

  /** Roots of the first 1, 2, 3, 4 and 5 chunks: SHA-256(0x02 || uint64_be(N) || top). */
  static final List<String> ROOTS =
      List.of(
          "3b943c9af566c7d442c50b0fcd387c9cc33bb721bd2d11adef77360f546fc954",
          "7639c4e239e333e8f02cec9933d31731ff39dc410e7b313d30b924e5e90a12aa",
          "937ca3e9e902ff0d53aae152df76f616649463963e71b7a9bde527439f4f5799",
          "97ac5f9e2b23bb5b81673a21f197287ede0b410faf8e422135ea9af6313085aa",
          "4b474d1dced7b6fe294c04e7e099f17d37c16eac898ea6573714cce88f20e409");

  static final String ROOT_5 = ROOTS.get(4);

  /** The inclusion path of each chunk of the 5-chunk tree. */
  static final List<List<String>> PATHS_5 =
      List.of(
          List.of(
              "R:ac6a263c1694848f5b96443509add30e8ab0ccd5ba7e1362761617a92bf95e2d",
              "R:ef3141b9e58668a645e9745c3f8db0b039e3c55f22b50b536f715ecba73316dd",
              "R:fd0b3a375b6e7f1ceb93e9ff8e427ef529f690c29f6b23fbba987a987b0f98e8"),
          List.of(
              "L:9c1720a2c8e01fcf0dd095bddf6cfd846e0b799cd87180031af929106a80524e",
              "R:ef3141b9e58668a645e9745c3f8db0b039e3c55f22b50b536f715ecba73316dd",
              "R:fd0b3a375b6e7f1ceb93e9ff8e427ef529f690c29f6b23fbba987a987b0f98e8"),
          List.of(
              "R:5439815269df1edd4196f766b4ab895a6ea69697e127b6b838e79277560eb7d7",
              "L:9d7c13656b747dcb0a00fe91f914e8ccebd46f593030eb3e167736081d3ad880",
              "R:fd0b3a375b6e7f1ceb93e9ff8e427ef529f690c29f6b23fbba987a987b0f98e8"),
          List.of(
              "L:35d65528a66d5b3396ef8936868cb944759628f316f384e1dcaa1b875fd17094",
              "L:9d7c13656b747dcb0a00fe91f914e8ccebd46f593030eb3e167736081d3ad880",
              "R:fd0b3a375b6e7f1ceb93e9ff8e427ef529f690c29f6b23fbba987a987b0f98e8"),
          List.of("L:f3a24fea49f9bad0ca642983591240d1acfaff5b394fa33a158b629fef907e1b"));

  static List<byte[]> chunks(int n) {
    return CHUNKS.subList(0, n).stream().map(Hex::decode).toList();
  }

  static byte[] chunk(int i) {
    return Hex.decode(CHUNKS.get(i));
  }

  @Test
  void chunkHashesAreSha256OfTheChunks() {
    for (int i = 0; i < CHUNKS.size(); i++) {
      assertEquals(
          CHUNKS.get(i),
          Hex.encode(
              OutputMerkleTree.chunkHash(("chunk " + i).getBytes(StandardCharsets.US_ASCII))));
    }
  }

  @Test
  void rootsOfOneToFiveChunks() {
    for (int n = 1; n <= 5; n++) {
      assertEquals(ROOTS.get(n - 1), Hex.encode(OutputMerkleTree.root(chunks(n))), n + " chunks");
      assertEquals(n, OutputMerkleTree.of(chunks(n)).size());
    }
  }

  @Test
  void oneChunkTopIsItsLeafAndOddNodesArePromoted() {
    byte[] leaf0 = OutputMerkleTree.leafHash(chunk(0));
    assertEquals(TOPS.get(0), Hex.encode(leaf0));
    byte[] leaf2 = OutputMerkleTree.leafHash(chunk(2));
    // 3 chunks: node(node(l0, l1), l2), l2 promoted unchanged, not paired with itself.
    byte[] top2 = Hex.decode(TOPS.get(1));
    assertArrayEquals(Hex.decode(TOPS.get(2)), OutputMerkleTree.nodeHash(top2, leaf2));
    // 5 chunks: node(top of the first 4, l4), l4 promoted twice.
    byte[] leaf4 = OutputMerkleTree.leafHash(chunk(4));
    assertArrayEquals(
        Hex.decode(TOPS.get(4)), OutputMerkleTree.nodeHash(Hex.decode(TOPS.get(3)), leaf4));
    for (int n = 1; n <= 5; n++) {
      assertArrayEquals(
          Hex.decode(ROOTS.get(n - 1)),
          OutputMerkleTree.countedRoot(n, Hex.decode(TOPS.get(n - 1))),
          n + " chunks");
    }
    // Not the duplicate-last-node rule: [c0, c1, c2] and [c0, c1, c2, c2] differ.
    List<byte[]> repeated = new ArrayList<>(chunks(3));
    repeated.add(chunk(2));
    assertNotEquals(ROOTS.get(2), Hex.encode(OutputMerkleTree.root(repeated)));
  }

  @Test
  void emptyAndMalformedInputsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> OutputMerkleTree.of(List.of()));
    assertThrows(IllegalArgumentException.class, () -> OutputMerkleTree.of(List.of(new byte[31])));
    assertThrows(
        IllegalArgumentException.class, () -> OutputMerkleTree.of(List.of(chunk(0), new byte[64])));
    OutputMerkleTree tree = OutputMerkleTree.of(chunks(5));
    assertThrows(IndexOutOfBoundsException.class, () -> tree.prove(5));
    assertThrows(IndexOutOfBoundsException.class, () -> tree.prove(-1));
    assertThrows(IllegalArgumentException.class, () -> new InclusionProof(0, List.of()));
    assertThrows(IllegalArgumentException.class, () -> InclusionProof.Step.parse("X:00"));
    assertThrows(IllegalArgumentException.class, () -> InclusionProof.Step.parse("L:0011"));
  }

  @Test
  void everyInclusionProofOfTheFiveChunkTreeMatchesTheVectorsAndVerifies() {
    OutputMerkleTree tree = OutputMerkleTree.of(chunks(5));
    byte[] root = Hex.decode(ROOT_5);
    for (int i = 0; i < 5; i++) {
      InclusionProof proof = tree.prove(i);
      assertEquals(PATHS_5.get(i), proof.toStrings(), "path of chunk " + i);
      assertEquals(5, proof.leafCount());
      assertEquals(proof, InclusionProof.parse(5, PATHS_5.get(i)));
      assertTrue(OutputMerkleTree.verify(root, chunk(i), i, proof), "chunk " + i);
      assertTrue(
          OutputMerkleTree.verify(root, chunk(i), i, InclusionProof.parse(5, PATHS_5.get(i))));
    }
  }

  @Test
  void everyInclusionProofVerifiesForEveryTreeSize() {
    for (int n = 1; n <= 5; n++) {
      OutputMerkleTree tree = OutputMerkleTree.of(chunks(n));
      for (int i = 0; i < n; i++) {
        assertTrue(OutputMerkleTree.verify(tree.root(), chunk(i), i, tree.prove(i)), n + "/" + i);
      }
    }
    // A single chunk's path is empty: its leaf is the top.
    assertEquals(List.of(), OutputMerkleTree.of(chunks(1)).prove(0).steps());
    assertTrue(
        OutputMerkleTree.verify(
            Hex.decode(ROOTS.get(0)), chunk(0), 0, new InclusionProof(1, List.of())));
  }

  @Test
  void wrongChunkFails() {
    byte[] root = Hex.decode(ROOT_5);
    for (int i = 0; i < 5; i++) {
      InclusionProof proof = InclusionProof.parse(5, PATHS_5.get(i));
      byte[] wrong = chunk((i + 1) % 5);
      assertFalse(OutputMerkleTree.verify(root, wrong, i, proof), "chunk " + i);
      byte[] flipped = chunk(i);
      flipped[31] ^= 1;
      assertFalse(OutputMerkleTree.verify(root, flipped, i, proof));
    }
    // Against another root.
    assertFalse(
        OutputMerkleTree.verify(
            Hex.decode(ROOTS.get(3)), chunk(0), 0, InclusionProof.parse(5, PATHS_5.get(0))));
  }

  @Test
  void wrongIndexFails() {
    byte[] root = Hex.decode(ROOT_5);
    for (int i = 0; i < 5; i++) {
      InclusionProof proof = InclusionProof.parse(5, PATHS_5.get(i));
      for (int j = -1; j <= 6; j++) {
        if (j != i) {
          assertFalse(OutputMerkleTree.verify(root, chunk(i), j, proof), i + " as " + j);
        }
      }
    }
    // The right path for a wrong leaf count: its shape no longer matches.
    assertFalse(
        OutputMerkleTree.verify(root, chunk(4), 4, InclusionProof.parse(8, PATHS_5.get(4))));
    assertFalse(
        OutputMerkleTree.verify(root, chunk(0), 0, InclusionProof.parse(4, PATHS_5.get(0))));
  }

  @Test
  void theRootCommitsToTheChunkCount() {
    // Chunk 4's one-step path [L:top of 4] has the shape of index 2 in a 3-chunk tree too, and
    // leads to the same top; the root, which hashes the count in, tells the two apart.
    InclusionProof asThreeChunks = InclusionProof.parse(3, PATHS_5.get(4));
    assertFalse(OutputMerkleTree.verify(Hex.decode(ROOT_5), chunk(4), 2, asThreeChunks));
    assertTrue(
        OutputMerkleTree.verify(
            Hex.decode(ROOT_5), chunk(4), 4, InclusionProof.parse(5, PATHS_5.get(4))));
    // The same tops under another count give another root.
    assertEquals(
        "fbaac36a557a708ffb52e7f63049c21ac72313d66ecd9a2d853279062821cbfc",
        Hex.encode(OutputMerkleTree.countedRoot(3, Hex.decode(TOPS.get(4)))));
  }

  @Test
  void tamperedPathFails() {
    byte[] root = Hex.decode(ROOT_5);
    for (int i = 0; i < 5; i++) {
      List<String> path = PATHS_5.get(i);
      for (int s = 0; s < path.size(); s++) {
        // A sibling with one bit flipped.
        byte[] sibling = Hex.decode(path.get(s).substring(2));
        sibling[0] ^= (byte) 0x80;
        List<String> flipped = new ArrayList<>(path);
        flipped.set(s, path.get(s).charAt(0) + ":" + Hex.encode(sibling));
        assertFalse(verify(root, i, flipped), i + " bit in step " + s);
        // The side swapped.
        List<String> swapped = new ArrayList<>(path);
        swapped.set(s, (path.get(s).charAt(0) == 'L' ? "R" : "L") + path.get(s).substring(1));
        assertFalse(verify(root, i, swapped), i + " side of step " + s);
        // A step left out.
        List<String> shortened = new ArrayList<>(path);
        shortened.remove(s);
        assertFalse(verify(root, i, shortened), i + " without step " + s);
      }
      // A step too many.
      List<String> longer = new ArrayList<>(path);
      longer.add(path.get(0));
      assertFalse(verify(root, i, longer), i + " with an extra step");
    }
    // Steps in the wrong order.
    assertFalse(
        verify(
            root, 0, List.of(PATHS_5.get(0).get(1), PATHS_5.get(0).get(0), PATHS_5.get(0).get(2))));
  }

  private static boolean verify(byte[] root, int index, List<String> path) {
    return OutputMerkleTree.verify(root, chunk(index), index, InclusionProof.parse(5, path));
  }

  @Test
  void leavesAndInnerNodesAreDomainSeparated() {
    byte[] leaf0 = OutputMerkleTree.leafHash(chunk(0));
    byte[] leaf1 = OutputMerkleTree.leafHash(chunk(1));
    byte[] sixtyFour = new byte[64];
    System.arraycopy(leaf0, 0, sixtyFour, 0, 32);
    System.arraycopy(leaf1, 0, sixtyFour, 32, 32);
    // The inner node over (l0, l1) is the 2-chunk top; the same 64 bytes hashed as a leaf are not.
    byte[] inner = OutputMerkleTree.nodeHash(leaf0, leaf1);
    assertEquals(TOPS.get(1), Hex.encode(inner));
    byte[] asLeaf = Hashes.sha256(new byte[] {0x00}, sixtyFour);
    assertEquals(
        "77b538d371167d9f1cc422ca33099b6c0613105196661af002e53177bb09148d", Hex.encode(asLeaf));
    assertNotEquals(Hex.encode(inner), Hex.encode(asLeaf));
    // Without prefixes the two would be one hash, SHA-256(l0 || l1).
    assertEquals(
        "2404a6c311276a5b87aa8fd313fd561d5594940f5d35ec00c14dc9a8b4768c3a",
        Hex.encode(Hashes.sha256(sixtyFour)));
    // Only 32-byte chunk hashes are leaves: a 64-byte "chunk hash" is refused outright.
    assertThrows(IllegalArgumentException.class, () -> OutputMerkleTree.leafHash(sixtyFour));
    // An inner node passed off as a chunk (with the rest of the path above it) does not verify:
    // its leaf is SHA-256(0x00 || node), not the node.
    byte[] root4 = Hex.decode(ROOTS.get(3));
    byte[] right = Hex.decode(PATHS_5.get(0).get(1).substring(2));
    assertFalse(
        OutputMerkleTree.verify(
            root4,
            inner,
            0,
            new InclusionProof(
                2, List.of(new InclusionProof.Step(InclusionProof.Side.RIGHT, right)))));
    // …while the genuine chunk with its full path does.
    assertTrue(
        OutputMerkleTree.verify(root4, chunk(0), 0, OutputMerkleTree.of(chunks(4)).prove(0)));
  }
}
