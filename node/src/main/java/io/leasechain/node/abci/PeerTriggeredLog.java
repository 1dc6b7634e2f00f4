package io.leasechain.node.abci;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * A log line that peers of the ABCI port can cause at will: written at its level for the first
 * occurrences in each interval and at DEBUG beyond them, so a peer repeating it cannot flood the
 * log, while the first one always shows.
 */
final class PeerTriggeredLog {

  /** The interval in which at most {@code burst} lines reach their level. */
  static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Logger log;
  private final Level level;
  private final int burst;
  private final LongSupplier clock;

  // Guarded by this: occurrences come from every I/O and application thread at once.
  private long windowStart;
  private int loudInWindow;
  private long demotedSinceLoud;

  /**
   * Lines of {@code log} at {@code level}, at most {@code burst} of them per {@link
   * #INTERVAL_NANOS}.
   */
  PeerTriggeredLog(Logger log, Level level, int burst) {
    this(log, level, burst, System::nanoTime);
  }

  PeerTriggeredLog(Logger log, Level level, int burst, LongSupplier clock) {
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be positive, got " + burst);
    }
    this.log = log;
    this.level = level;
    this.burst = burst;
    this.clock = clock;
    windowStart = clock.getAsLong() - INTERVAL_NANOS;
  }

  /** Logs one occurrence, as slf4j would: a Throwable as the last argument is its cause. */
  void log(String format, Object... args) {
    long demoted = demote();
    if (demoted < 0) {
      log.debug(format, args);
    } else if (demoted == 0) {
      log.atLevel(level).log(format, args);
    } else {
      log.atLevel(level)
          .log(
              format
                  + " ("
                  + demoted
                  + " more like it since the last at "
                  + level
                  + " were logged at DEBUG)",
              args);
    }
  }

  /** -1 if this occurrence goes to DEBUG, else how many went there since the last one did not. */
  private synchronized long demote() {
    long now = clock.getAsLong();
    if (now - windowStart >= INTERVAL_NANOS) {
      windowStart = now;
      loudInWindow = 0;
    }
    if (loudInWindow == burst) {
      demotedSinceLoud++;
      return -1;
    }
    loudInWindow++;
    long demoted = demotedSinceLoud;
    demotedSinceLoud = 0;
    return demoted;
  }
}
