package io.leasechain.commitment.ics23;

import com.google.protobuf.ByteString;
import io.leasechain.commitment.LeafPath;
import io.leasechain.commitment.Lookup;
import io.leasechain.commitment.TreeHashes;
import io.leasechain.commitment.ics23.proto.CommitmentProof;
import io.leasechain.commitment.ics23.proto.ExistenceProof;
import io.leasechain.commitment.ics23.proto.HashOp;
import io.leasechain.commitment.ics23.proto.InnerOp;
import io.leasechain.commitment.ics23.proto.NonExistenceProof;
import java.util.List;

/**
 * Turns what the state tree says about a key into an ICS-23 proof under {@link
 * LeasechainProofSpec}.
 */
public final class CommitmentProofs {

  private static final ByteString INNER_PREFIX =
      ByteString.copyFrom(new byte[] {TreeHashes.INNER_PREFIX});

  private CommitmentProofs() {}

  /**
   * An existence proof of the found leaf, or a non-existence proof made of the key's neighbours.
   * The non-existence proof leaves its informational {@code key} empty: verifiers ignore it, and
   * the {@code ProofOp} that carries the proof names the key.
   *
   * @throws IllegalArgumentException for the empty tree, whose absences ICS-23 cannot express
   */
  public static CommitmentProof of(Lookup lookup) {
    if (lookup.isPresent()) {
      return CommitmentProof.newBuilder().setExist(existence(lookup.found())).build();
    }
    if (lookup.left() == null && lookup.right() == null) {
      throw new IllegalArgumentException(
          "the empty tree has no ICS-23 proof of absence: it has no neighbour leaf to show");
    }
    NonExistenceProof.Builder absence = NonExistenceProof.newBuilder();
    if (lookup.left() != null) {
      absence.setLeft(existence(lookup.left()));
    }
    if (lookup.right() != null) {
      absence.setRight(existence(lookup.right()));
    }
    return CommitmentProof.newBuilder().setNonexist(absence).build();
  }

  /** The leaf op, then one inner op per level from the leaf up, its sibling on the other side. */
  private static ExistenceProof existence(LeafPath leaf) {
    byte[] keyHash = TreeHashes.keyHash(leaf.key());
    List<byte[]> siblings = leaf.siblings();
    ExistenceProof.Builder proof =
        ExistenceProof.newBuilder()
            .setKey(ByteString.copyFrom(leaf.key()))
            .setValue(ByteString.copyFrom(leaf.value()))
            .setLeaf(LeasechainProofSpec.LEAF);
    for (int i = 0; i < siblings.size(); i++) {
      int depth = siblings.size() - 1 - i;
      ByteString sibling = ByteString.copyFrom(siblings.get(i));
      InnerOp.Builder step = InnerOp.newBuilder().setHash(HashOp.SHA256);
      if (TreeHashes.bit(keyHash, depth) == 0) {
        step.setPrefix(INNER_PREFIX).setSuffix(sibling);
      } else {
        step.setPrefix(INNER_PREFIX.concat(sibling));
      }
      proof.addPath(step);
    }
    return proof.build();
  }
}
