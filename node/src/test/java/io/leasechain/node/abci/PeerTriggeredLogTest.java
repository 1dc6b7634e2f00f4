package io.leasechain.node.abci;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.leasechain.node.CapturedLog;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Lines a peer can cause at will: the first ones of each interval at their level, then DEBUG. */
class PeerTriggeredLogTest {

  @Test
  void theFirstLinesOfEachIntervalKeepTheirLevelAndTheNextOneCountsTheDemoted() throws Exception {
    AtomicLong now = new AtomicLong(-7);
    PeerTriggeredLog lines =
        new PeerTriggeredLog(
            LoggerFactory.getLogger(PeerTriggeredLogTest.class),
            org.slf4j.event.Level.WARN,
            2,
            now::get);
    IOException cause = new IOException("reset");
    List<ILoggingEvent> events =
        CapturedLog.during(
            PeerTriggeredLogTest.class,
            () -> {
              for (int i = 0; i < 5; i++) {
                lines.log("refused {}", i, cause);
              }
              now.addAndGet(PeerTriggeredLog.INTERVAL_NANOS - 1);
              lines.log("refused {}", 5, cause);
              now.incrementAndGet();
              lines.log("refused {}", 6, cause);
            });

    assertEquals(
        List.of(
            Level.WARN, Level.WARN, Level.DEBUG, Level.DEBUG, Level.DEBUG, Level.DEBUG, Level.WARN),
        events.stream().map(ILoggingEvent::getLevel).toList());
    assertEquals("refused 0", events.get(0).getFormattedMessage());
    assertEquals("refused 5", events.get(5).getFormattedMessage());
    assertEquals(
        "refused 6 (4 more like it since the last at WARN were logged at DEBUG)",
        events.get(6).getFormattedMessage());
    for (ILoggingEvent event : events) {
      assertEquals("reset", event.getThrowableProxy().getMessage(), event::toString);
    }
  }
}
