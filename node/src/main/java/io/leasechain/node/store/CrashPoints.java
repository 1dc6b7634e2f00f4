package io.leasechain.node.store;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test-only crash points: with {@code LEASECHAIN_FAILPOINT_CRASH=NAME} (or {@code NAME@N}, the N-th
 * time that point is reached) the process dies on the spot, as under {@code kill -9}, so that the
 * crash-recovery suite can stop the node inside a write. Unset, every check is one comparison.
 */
public final class CrashPoints {

  /** The environment variable naming the crash point. */
  public static final String VARIABLE = "LEASECHAIN_FAILPOINT_CRASH";

  /** Exit status of a process stopped by a crash point. */
  public static final int EXIT_STATUS = 87;

  private static final Logger LOG = LoggerFactory.getLogger(CrashPoints.class);
  private static final String NAME;
  private static final long NTH;
  private static final AtomicLong HITS = new AtomicLong();

  static {
    String value = System.getenv(VARIABLE);
    if (value == null || value.isBlank()) {
      NAME = null;
      NTH = 0;
    } else {
      int at = value.indexOf('@');
      NAME = (at < 0 ? value : value.substring(0, at)).trim();
      NTH = at < 0 ? 1 : Long.parseLong(value.substring(at + 1).trim());
    }
  }

  private CrashPoints() {}

  /** Dies here if this is the configured crash point's configured hit. */
  public static void reach(String name) {
    if (NAME != null && NAME.equals(name) && HITS.incrementAndGet() == NTH) {
      LOG.warn("failpoint {}={}: crashing", VARIABLE, name);
      Runtime.getRuntime().halt(EXIT_STATUS);
    }
  }
}
