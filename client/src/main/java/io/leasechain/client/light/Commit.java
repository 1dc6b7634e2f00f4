package io.leasechain.client.light;

import java.util.List;

/** The precommit signatures that committed {@code blockId} at {@code height}, in set order. */
public record Commit(long height, int round, BlockId blockId, List<CommitSig> signatures) {

  private static final int PRECOMMIT = 2;

  /** types.VoteSignBytes of the precommit for signature {@code index} (a FLAG_COMMIT entry). */
  public byte[] voteSignBytes(String chainId, int index) {
    CommitSig sig = signatures.get(index);
    byte[] canonicalBlockId =
        new Protobuf()
            .bytes(1, blockId.hash())
            .message(2, blockId.partSetHeaderBytes())
            .toByteArray();
    Protobuf vote = new Protobuf().uint64(1, PRECOMMIT).sfixed64(2, height).sfixed64(3, round);
    if (!blockId.isZero()) {
      vote.message(4, canonicalBlockId);
    }
    vote.message(5, Protobuf.timestamp(sig.timestamp())).string(6, chainId);
    return Protobuf.delimited(vote.toByteArray());
  }
}
