package io.leasechain.node.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash points for fault tests, off unless an environment variable names them. Halting (not
 * exiting) skips shutdown hooks, which is what a power cut or kill -9 does.
 */
final class Failpoints {

  /** Height at whose Commit the process halts before writing anything. */
  static final String HALT_BEFORE_COMMIT = "LEASECHAIN_FAILPOINT_HALT_BEFORE_COMMIT";

  private static final Logger LOG = LoggerFactory.getLogger(Failpoints.class);

  private final long haltBeforeCommitHeight;

  private Failpoints(long haltBeforeCommitHeight) {
    this.haltBeforeCommitHeight = haltBeforeCommitHeight;
  }

  static Failpoints fromEnvironment() {
    String value = System.getenv(HALT_BEFORE_COMMIT);
    return new Failpoints(value == null || value.isBlank() ? -1 : Long.parseLong(value.trim()));
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
