package io.leasechain.commitment.ics23;

import com.google.protobuf.ByteString;
import io.leasechain.commitment.TreeHashes;
import io.leasechain.commitment.ics23.proto.HashOp;
import io.leasechain.commitment.ics23.proto.InnerSpec;
import io.leasechain.commitment.ics23.proto.LeafOp;
import io.leasechain.commitment.ics23.proto.LengthOp;
import io.leasechain.commitment.ics23.proto.ProofSpec;

/**
 * The ICS-23 {@code ProofSpec} of the state tree (docs/state-commitment.md). It restates {@link
 * TreeHashes} in ICS-23 terms and equals the Go library's {@code SmtSpec}.
 */
public final class LeasechainProofSpec {

  /** The leaf op every proof of the state tree starts with: SHA-256(0x00 ‖ H(key) ‖ H(value)). */
  public static final LeafOp LEAF =
      LeafOp.newBuilder()
          .setHash(HashOp.SHA256)
          .setPrehashKey(HashOp.SHA256)
          .setPrehashValue(HashOp.SHA256)
          .setLength(LengthOp.NO_PREFIX)
          .setPrefix(ByteString.copyFrom(new byte[] {TreeHashes.LEAF_PREFIX}))
          .build();

  /** The spec: binary inner nodes SHA-256(0x01 ‖ left ‖ right), key-hash order, depth ≤ 256. */
  public static final ProofSpec SPEC =
      ProofSpec.newBuilder()
          .setLeafSpec(LEAF)
          .setInnerSpec(
              InnerSpec.newBuilder()
                  .addChildOrder(0)
                  .addChildOrder(1)
                  .setChildSize(32)
                  .setMinPrefixLength(1)
                  .setMaxPrefixLength(1)
                  .setEmptyChild(ByteString.copyFrom(TreeHashes.EMPTY))
                  .setHash(HashOp.SHA256))
          .setMaxDepth(256)
          .setMinDepth(0)
          .setPrehashKeyBeforeComparison(true)
          .build();

  private LeasechainProofSpec() {}
}
