package io.leasechain.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Per-thread CPU inside a window is charged to the thread that spent it; nothing about speed. */
class WindowCpuTest {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Test
  void aThreadBusyInsideTheWindowIsChargedUnderItsNameWithoutItsNumber() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "per-thread times come from Linux");
    CountDownLatch warm = new CountDownLatch(1);
    CountDownLatch marked = new CountDownLatch(1);
    CountDownLatch burnt = new CountDownLatch(1);
    CountDownLatch counted = new CountDownLatch(1);
    // Busy before the window too, which must not count; alive until the window is closed, since a
    // thread that has ended is no longer listed.
    Thread burner =
        new Thread(
            () -> {
              burn(100);
              warm.countDown();
              awaitQuietly(marked);
              burn(50);
              burnt.countDown();
              awaitQuietly(counted);
            },
            "burner-7");
    burner.start();
    warm.await();
    WindowCpu cpu = new WindowCpu();
    long start = System.nanoTime();
    WindowCpu.Mark mark = WindowCpu.mark();
    marked.countDown();
    burnt.await();
    cpu.add(mark, System.nanoTime() - start);
    counted.countDown();
    burner.join();

    String summary = cpu.summary();
    Matcher burned = Pattern.compile("burner ([0-9.]+)").matcher(summary);
    assertTrue(burned.find(), summary);
    // Its own clock said 50 ms in the window; the scheduler's count is the same time, give or
    // take, and the 100 ms before the window are not in it.
    double millis = Double.parseDouble(burned.group(1));
    assertTrue(millis >= 40 && millis < 90, summary);
    assertTrue(summary.matches(".*; all threads [0-9.]+ ms CPU in [0-9.]+ ms wall .*"), summary);
  }

  @Test
  void withoutAWindowItSaysSo() {
    assertEquals(
        "no per-thread CPU times (they are read from Linux's /proc)", new WindowCpu().summary());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void burn(long millis) {
    long until = THREADS.getCurrentThreadCpuTime() + millis * 1_000_000;
    long sink = 0;
    while (THREADS.getCurrentThreadCpuTime() < until) {
      for (int i = 0; i < 10_000; i++) {
        sink += i * 31L ^ sink;
      }
    }
    if (sink == 42) {
      System.out.print("");
    }
  }
}
