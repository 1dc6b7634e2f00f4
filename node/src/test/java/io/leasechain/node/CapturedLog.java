package io.leasechain.node;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** What one class's logger writes, from DEBUG up, while a piece of a test runs. */
public final class CapturedLog {

  /** A piece of a test whose log lines are captured. */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  private CapturedLog() {}

  /** Runs {@code action} with {@code source}'s logger at DEBUG and returns every line it wrote. */
  public static List<ILoggingEvent> during(Class<?> source, Action action) throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(source);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    Level level = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    logger.addAppender(events);
    try {
      action.run();
    } finally {
      logger.detachAppender(events);
      logger.setLevel(level);
    }
    return List.copyOf(events.list);
  }

  /**
   * The levels of the lines among {@code events} whose message pattern starts with {@code prefix}.
   */
  public static List<Level> levels(List<ILoggingEvent> events, String prefix) {
    return events.stream()
        .filter(event -> event.getMessage().startsWith(prefix))
        .map(ILoggingEvent::getLevel)
        .toList();
  }
}
