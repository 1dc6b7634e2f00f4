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
   * Why a candidate after the one that filled the block is left out: it was not run, so it may well
   * fit in this block; a correct proposer just stops looking.
   */
  public static final String BLOCK_FULL = "no room: the block is full";

  /**
   * The most bytes of events the txs of one block may answer. CometBFT reads no ABCI response over
   * 100 MiB and a tx's events are several times its bytes, so a full block of valid txs could
   * otherwise answer a FinalizeBlock no validator's CometBFT can read; this leaves the rest for the
   * block's own events and the tx results.
   */
  public static final long MAX_TX_EVENT_BYTES = 32L * 1024 * 1024;

  /**
   * The bytes {@code events} take in an ABCI response (ExecTxResult.events): each event and
   * attribute with its tag and length, every field counted even when empty.
   */
  public static long eventBytes(List<Event> events) {
    long total = 0;
    for (Event event : events) {
      long size = CodedOutputStream.computeStringSize(1, event.type());
      for (Event.Attribute attribute : event.attributes()) {
        int attributeSize =
            CodedOutputStream.computeStringSize(1, attribute.key())
                + CodedOutputStream.computeStringSize(2, attribute.value())
                + CodedOutputStream.computeBoolSize(3, attribute.index());
        size += 1L + CodedOutputStream.computeUInt32SizeNoTag(attributeSize) + attributeSize;
      }
      total += 1L + CodedOutputStream.computeUInt64SizeNoTag(size) + size;
    }
    return total;
  }

  /**
   * The bytes a tx of {@code length} takes in the block as CometBFT counts them against
   * max_tx_bytes: it sits in the block's protobuf with its tag and length varint.
   */
  public static long blockBytes(int length) {
    return 1L + CodedOutputStream.computeUInt32SizeNoTag(length) + length;
  }
}
