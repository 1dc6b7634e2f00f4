package io.leasechain.commitment.ics23;

import com.google.protobuf.ByteString;
import io.leasechain.commitment.ics23.proto.CommitmentProof;
import io.leasechain.commitment.ics23.proto.ExistenceProof;
import io.leasechain.commitment.ics23.proto.InnerOp;
import io.leasechain.commitment.ics23.proto.NonExistenceProof;

/** What a lying node could do to an honest proof. */
final class Tampering {

  private Tampering() {}

  static CommitmentProof exist(ExistenceProof proof) {
    return CommitmentProof.newBuilder().setExist(proof).build();
  }

  static CommitmentProof nonexist(NonExistenceProof proof) {
    return CommitmentProof.newBuilder().setNonexist(proof).build();
  }

  static ExistenceProof withValue(ExistenceProof proof, byte[] value) {
    return proof.toBuilder().setValue(ByteString.copyFrom(value)).build();
  }

  static ExistenceProof withKey(ExistenceProof proof, byte[] key) {
    return proof.toBuilder().setKey(ByteString.copyFrom(key)).build();
  }

  /** The sibling of step {@code i} (from the leaf) with its last bit flipped. */
  static ExistenceProof flipSibling(ExistenceProof proof, int i) {
    InnerOp step = proof.getPath(i);
    byte[] sibling = sibling(step).toByteArray();
    sibling[sibling.length - 1] ^= 1;
    ByteString flipped = ByteString.copyFrom(sibling);
    InnerOp changed =
        siblingOnTheRight(step)
            ? step.toBuilder().setSuffix(flipped).build()
            : step.toBuilder().setPrefix(step.getPrefix().substring(0, 1).concat(flipped)).build();
    return proof.toBuilder().setPath(i, changed).build();
  }

  /** Step {@code i} with its sibling moved to the other side of the child. */
  static ExistenceProof swapSides(ExistenceProof proof, int i) {
    InnerOp step = proof.getPath(i);
    ByteString tag = step.getPrefix().substring(0, 1);
    InnerOp swapped =
        siblingOnTheRight(step)
            ? step.toBuilder()
                .setPrefix(tag.concat(sibling(step)))
                .setSuffix(ByteString.EMPTY)
                .build()
            : step.toBuilder().setPrefix(tag).setSuffix(sibling(step)).build();
    return proof.toBuilder().setPath(i, swapped).build();
  }

  private static boolean siblingOnTheRight(InnerOp step) {
    return step.getPrefix().size() == 1;
  }

  private static ByteString sibling(InnerOp step) {
    return siblingOnTheRight(step) ? step.getSuffix() : step.getPrefix().substring(1);
  }
}
