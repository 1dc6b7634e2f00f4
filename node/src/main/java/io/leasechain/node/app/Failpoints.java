package io.leasechain.node.app;

import com.google.protobuf.ByteString;
import io.leasechain.ledger.tx.proto.TxParams;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults for tests, off unless an environment variable names them: crash points (halting, not
 * exiting, skips shutdown hooks, which is what a power cut or kill -9 does) and a byzantine
 * proposer.
 */
final class Failpoints {

  /** Height at whose Commit the process halts before writing anything. */
  static final String HALT_BEFORE_COMMIT = "LEASECHAIN_FAILPOINT_HALT_BEFORE_COMMIT";

  /**
   * "true": every block this node proposes also carries every kind of {@link InvalidTxs}, which the
   * other validators must refuse; or a comma-separated list of {@link ByzantineMode}s by their
   * names (bad-signatures, wrong-sequences, oversized, drop-mempool).
   */
  static final String BYZANTINE_PROPOSER = "LEASECHAIN_FAILPOINT_BYZANTINE_PROPOSER";

  /** What a byzantine proposer does to its blocks. */
  enum ByzantineMode {
    /** Adds a mempool tx with one signature bit flipped. */
    BAD_SIGNATURES,
    /** Adds a tx whose sequence is far ahead of its account's. */
    WRONG_SEQUENCES,
    /** Adds a tx larger than the chain's max tx bytes. */
    OVERSIZED,
    /** Adds a zero-fee tx and undecodable bytes. */
    MALFORMED,
    /** Proposes no mempool tx at all (censorship: valid blocks, so the others accept them). */
    DROP_MEMPOOL;

    String flag() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Set<ByzantineMode> parse(String value) {
      if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("false")) {
        return EnumSet.noneOf(ByzantineMode.class);
      }
      if (value.trim().equalsIgnoreCase("true")) {
        return EnumSet.of(BAD_SIGNATURES, WRONG_SEQUENCES, OVERSIZED, MALFORMED);
      }
      Set<ByzantineMode> modes = EnumSet.noneOf(ByzantineMode.class);
      for (String part : value.split(",")) {
        ByzantineMode mode = null;
        for (ByzantineMode candidate : values()) {
          if (candidate.flag().equals(part.trim().toLowerCase(Locale.ROOT))) {
            mode = candidate;
          }
        }
        if (mode == null) {
          throw new IllegalArgumentException(
              BYZANTINE_PROPOSER
                  + "="
                  + value
                  + ": unknown mode "
                  + part.trim()
                  + " (true, false, or a list of bad-signatures, wrong-sequences, oversized,"
                  + " malformed, drop-mempool)");
        }
        modes.add(mode);
      }
      return modes;
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(Failpoints.class);

  private final long haltBeforeCommitHeight;
  private final Set<ByzantineMode> byzantine;

  Failpoints(long haltBeforeCommitHeight, Set<ByzantineMode> byzantine) {
    this.haltBeforeCommitHeight = haltBeforeCommitHeight;
    this.byzantine = Set.copyOf(byzantine);
  }

  static Failpoints fromEnvironment() {
    String value = System.getenv(HALT_BEFORE_COMMIT);
    return new Failpoints(
        value == null || value.isBlank() ? -1 : Long.parseLong(value.trim()),
        ByzantineMode.parse(System.getenv(BYZANTINE_PROPOSER)));
  }

  /** Whether this node proposes blocks without the mempool's txs. */
  boolean dropsMempool() {
    return byzantine.contains(ByzantineMode.DROP_MEMPOOL);
  }

  /** The txs to add to this node's proposal at {@code height}: none unless byzantine. */
  List<ByteString> invalidTxs(
      String chainId, TxParams params, long height, List<ByteString> mempool) {
    if (byzantine.isEmpty()) {
      return List.of();
    }
    List<ByteString> txs = InvalidTxs.forBlock(chainId, params, height, mempool, byzantine);
    LOG.warn(
        "failpoint {}: proposing block {} with {} invalid txs{}",
        BYZANTINE_PROPOSER,
        height,
        txs.size(),
        dropsMempool() ? ", without the mempool" : "");
    return txs;
  }

  void beforeCommit(long height) {
    if (height == haltBeforeCommitHeight) {
      LOG.warn(
          "failpoint {}: halting at height {} after FinalizeBlock, before Commit",
          HALT_BEFORE_COMMIT,
          height);
      Runtime.getRuntime().halt(86);
    }
  }
}
