package io.leasechain.commitment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Work shared with helpers: every task runs once, whoever turns up, and failures keep order. */
class SharedTasksTest {

  @Test
  void everyTaskRunsOnceWithHelpersOrWithout() {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      for (int helpers = 0; helpers <= 3; helpers++) {
        AtomicIntegerArray runs = new AtomicIntegerArray(200);
        List<Runnable> tasks = new ArrayList<>();
        for (int i = 0; i < runs.length(); i++) {
          int task = i;
          tasks.add(() -> runs.incrementAndGet(task));
        }
        SharedTasks.runAll(tasks, pool, helpers);
        for (int i = 0; i < runs.length(); i++) {
          assertEquals(1, runs.get(i), "task " + i + " with " + helpers + " helpers");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Helpers are only a speed-up: none to be had, the caller does it all. */
  @Test
  void helpersThatCannotStartLeaveTheWorkToTheCaller() {
    for (RuntimeException refusal :
        List.of(new RejectedExecutionException("shut down"), new IllegalStateException("x"))) {
      AtomicIntegerArray runs = new AtomicIntegerArray(10);
      List<Runnable> tasks = new ArrayList<>();
      for (int i = 0; i < runs.length(); i++) {
        int task = i;
        tasks.add(() -> runs.incrementAndGet(task));
      }
      if (refusal instanceof RejectedExecutionException) {
        SharedTasks.runAll(
            tasks,
            command -> {
              throw refusal;
            },
            2);
      } else {
        // Not a refusal of the helpers': thrown, but only once every task has run.
        assertSame(
            refusal,
            assertThrows(
                IllegalStateException.class,
                () ->
                    SharedTasks.runAll(
                        tasks,
                        command -> {
                          throw refusal;
                        },
                        2)));
      }
      for (int i = 0; i < runs.length(); i++) {
        assertEquals(1, runs.get(i));
      }
    }
    AtomicIntegerArray runs = new AtomicIntegerArray(2);
    SharedTasks.runAll(
        List.of(() -> runs.incrementAndGet(0), () -> runs.incrementAndGet(1)),
        command -> {
          throw new OutOfMemoryError("unable to create native thread");
        },
        1);
    assertEquals(1, runs.get(0));
    assertEquals(1, runs.get(1));
  }

  @Test
  void theFirstFailureInTaskOrderIsThrownWhicheverThreadMetIt() {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      IllegalArgumentException first = new IllegalArgumentException("first");
      AssertionError second = new AssertionError("second");
      List<Runnable> tasks = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        int task = i;
        tasks.add(
            () -> {
              if (task == 17) {
                throw first;
              }
              if (task == 31) {
                throw second;
              }
            });
      }
      for (int round = 0; round < 20; round++) {
        assertSame(
            first,
            assertThrows(IllegalArgumentException.class, () -> SharedTasks.runAll(tasks, pool, 2)));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
