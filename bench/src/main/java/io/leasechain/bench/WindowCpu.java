package io.leasechain.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The CPU time each of this process's threads spent inside timed windows, summed by thread name,
 * from Linux's per-thread scheduler statistics (nanoseconds, RocksDB's native threads and the JVM's
 * own included). It tells whether a block had both cores busy, and with what: a block's wall time
 * says neither. A thread that ends inside a window loses that window's CPU, and one that started
 * and ended inside it is not seen at all (the benchmark's threads are pools that live throughout).
 * Elsewhere than on Linux it records nothing.
 */
final class WindowCpu {

  private static final Path TASKS = Path.of("/proc/self/task");
  private static final Path SELF = Path.of("/proc/thread-self");

  private final Map<String, Long> byName = new TreeMap<>();
  private long wallNanos;
  private int windows;

  /** Each live thread's CPU time so far by thread id, with its name. */
  record Mark(Map<String, Task> threads) {

    /** One thread's name (its trailing number cut, so pools add up) and CPU nanoseconds. */
    record Task(String name, long nanos) {}
  }

  /** Where a window starts: the calling thread read last, so that reading costs it nothing. */
  static Mark mark() {
    return read(false);
  }

  private static Mark read(boolean selfFirst) {
    Map<String, Mark.Task> threads = new HashMap<>();
    if (!Files.isDirectory(TASKS) || !Files.exists(SELF)) {
      return new Mark(threads);
    }
    try (Stream<Path> tasks = Files.list(TASKS)) {
      String self = SELF.toRealPath().getFileName().toString();
      if (selfFirst) {
        readThread(TASKS.resolve(self), threads);
      }
      tasks
          .filter(task -> !task.getFileName().toString().equals(self))
          .forEach(task -> readThread(task, threads));
      if (!selfFirst) {
        readThread(TASKS.resolve(self), threads);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Mark(threads);
  }

  private static void readThread(Path task, Map<String, Mark.Task> threads) {
    try {
      String name = Files.readString(task.resolve("comm")).strip();
      String first = Files.readString(task.resolve("schedstat")).strip().split(" ")[0];
      threads.put(
          task.getFileName().toString(),
          new Mark.Task(name.replaceAll("[-#]?[0-9]+$", ""), Long.parseLong(first)));
    } catch (IOException e) {
      // The thread ended while the list was read (no such file, or no such process).
    }
  }

  /** Adds the window from {@code start} to now, which lasted {@code wallNanos} by the clock. */
  void add(Mark start, long wallNanos) {
    Mark end = read(true);
    end.threads()
        .forEach(
            (id, thread) -> {
              Mark.Task before = start.threads().get(id);
              // A thread id reused by a thread started in the window counts from 0.
              boolean same =
                  before != null
                      && before.name().equals(thread.name())
                      && before.nanos() <= thread.nanos();
              long spent = thread.nanos() - (same ? before.nanos() : 0);
              byName.merge(thread.name(), spent, Long::sum);
            });
    this.wallNanos += wallNanos;
    windows++;
  }

  /**
   * One line: the mean CPU milliseconds per window of each thread name that took at least 0.5 ms,
   * busiest first, and all threads' together against the wall time (the cores kept busy).
   */
  String summary() {
    if (windows == 0 || byName.isEmpty()) {
      return "no per-thread CPU times (they are read from Linux's /proc)";
    }
    long total = byName.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder out = new StringBuilder();
    byName.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .filter(e -> e.getValue() / windows >= 500_000)
        .forEach(
            e ->
                out.append(out.length() == 0 ? "" : ", ")
                    .append(
                        String.format(
                            Locale.ROOT, "%s %.1f", e.getKey(), e.getValue() / 1e6 / windows)));
    return String.format(
        Locale.ROOT,
        "%s; all threads %.1f ms CPU in %.1f ms wall (%.2f cores busy)",
        out,
        total / 1e6 / windows,
        wallNanos / 1e6 / windows,
        (double) total / wallNanos);
  }
}
