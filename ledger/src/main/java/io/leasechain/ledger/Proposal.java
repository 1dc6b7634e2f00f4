package io.leasechain.ledger;

import com.google.protobuf.CodedOutputStream;
import java.util.List;

/**
 * A block proposal as a correct proposer selects it: the indexes of the candidate txs it keeps, in
 * order, and why each other one is left out.
 */
public record Proposal(List<Integer> included, List<Excluded> excluded) {

  public Proposal {
    included = List.copyOf(included);
    excluded = List.copyOf(excluded);
  }

  /** Candidate {@code index} left out, and why. */
  public record Excluded(int index, String reason) {}

  /**
   * The bytes a tx of {@code length} takes in the block as CometBFT counts them against
   * max_tx_bytes: it sits in the block's protobuf with its tag and length varint.
   */
  public static long blockBytes(int length) {
    return 1L + CodedOutputStream.computeUInt32SizeNoTag(length) + length;
  }
}
