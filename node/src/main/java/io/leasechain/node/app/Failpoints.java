package io.leasechain.node.app;

import com.google.protobuf.ByteString;
import io.leasechain.ledger.tx.proto.TxParams;
import java.util.List;
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
   * "true": every block this node proposes also carries {@link InvalidTxs}, which the other
   * validators must refuse.
   */
  static final String BYZANTINE_PROPOSER = "LEASECHAIN_FAILPOINT_BYZANTINE_PROPOSER";

  private static final Logger LOG = LoggerFactory.getLogger(Failpoints.class);

  private final long haltBeforeCommitHeight;
  private final boolean byzantineProposer;

  private Failpoints(long haltBeforeCommitHeight, boolean byzantineProposer) {
    this.haltBeforeCommitHeight = haltBeforeCommitHeight;
    this.byzantineProposer = byzantineProposer;
  }

  static Failpoints fromEnvironment() {
    String value = System.getenv(HALT_BEFORE_COMMIT);
    return new Failpoints(
        value == null || value.isBlank() ? -1 : Long.parseLong(value.trim()),
        Boolean.parseBoolean(System.getenv(BYZANTINE_PROPOSER)));
  }

  /** The txs to add to this node's proposal at {@code height}: none unless byzantine. */
  List<ByteString> invalidTxs(
      String chainId, TxParams params, long height, List<ByteString> mempool) {
    if (!byzantineProposer) {
      return List.of();
    }
    List<ByteString> txs = InvalidTxs.forBlock(chainId, params, height, mempool);
    LOG.warn(
        "failpoint {}: proposing block {} with {} invalid txs",
        BYZANTINE_PROPOSER,
        height,
        txs.size());
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
