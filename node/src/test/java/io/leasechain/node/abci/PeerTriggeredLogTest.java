package io.leasechain.node.abci;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Lines a peer can cause at will: the first ones of each interval at their level, then DEBUG. */
class PeerTriggeredLogTest {

  @Test
  void theFirstLinesOfEachIntervalKeepTheirLevelAndTheNextOneCountsTheDemoted() {
    Logger logger = (Logger) LoggerFactory.getLogger(PeerTriggeredLogTest.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    logger.setLevel(Level.DEBUG);
    logger.addAppender(events);
    AtomicLong now = new AtomicLong(-7);
    PeerTriggeredLog lines = new PeerTriggeredLog(logger, org.slf4j.event.Level.WARN, 2, now::get);
    IOException cause = new IOException("reset");
    try {
      for (int i = 0; i < 5; i++) {
        lines.log("refused {}", i, cause);
      }
      now.addAndGet(PeerTriggeredLog.INTERVAL_NANOS - 1);
      lines.log("refused {}", 5, cause);
      now.incrementAndGet();
      lines.log("refused {}", 6, cause);
    } finally {
      logger.detachAppender(events);
      logger.setLevel(null);
    }

    assertEquals(
        List.of(
            Level.WARN, Level.WARN, Level.DEBUG, Level.DEBUG, Level.DEBUG, Level.DEBUG, Level.WARN),
        events.list.stream().map(ILoggingEvent::getLevel).toList());
    assertEquals("refused 0", events.list.get(0).getFormattedMessage());
    assertEquals("refused 5", events.list.get(5).getFormattedMessage());
    assertEquals(
        "refused 6 (4 more like it since the last at WARN were logged at DEBUG)",
        events.list.get(6).getFormattedMessage());
    for (ILoggingEvent event : events.list) {
      assertEquals("reset", event.getThrowableProxy().getMessage(), event::toString);
    }
  }
}
