package io.leasechain.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The read-ahead's queue and thread: order, one walk per key, its bound, clear and close. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TreeReadAheadTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<String> walked = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch firstStarted = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  /** Records each walk as "key" or "key-" (deleting); the walk of "block" waits for release. */
  private final TreeReadAhead readAhead =
      new TreeReadAhead(
          (key, deleting) -> {
            String name = new String(key, StandardCharsets.UTF_8);
            if (name.equals("block")) {
              firstStarted.countDown();
              await(release);
            }
            if (name.equals("fail")) {
              throw new IllegalStateException("a version pruned under the walk");
            }
            walked.add(deleting ? name + "-" : name);
          });

  private static byte[] key(String name) {
    return name.getBytes(StandardCharsets.UTF_8);
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private void awaitIdle() throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (readAhead.pending() > 0) {
      assertTrue(System.nanoTime() < deadline, "the read-ahead did not finish");
      Thread.sleep(1);
    }
  }

  @Test
  void walksEachKeyOnceInTheOrderItFirstCameWithItsLatestKind() throws Exception {
    readAhead.offer(key("block"), false);
    await(firstStarted);
    readAhead.offer(key("a"), false);
    readAhead.offer(key("b"), false);
    readAhead.offer(key("a"), true);
    readAhead.offer(key("c"), true);
    readAhead.offer(key("b"), false);
    release.countDown();
    awaitIdle();

    assertEquals(List.of("block", "a-", "b", "c-"), walked);

    // Walked keys are not walked again until a block's update clears them.
    readAhead.offer(key("a"), false);
    readAhead.offer(key("d"), false);
    awaitIdle();
    assertEquals(List.of("block", "a-", "b", "c-", "d"), walked);
    readAhead.clear();
    readAhead.offer(key("a"), false);
    awaitIdle();
    assertEquals(List.of("block", "a-", "b", "c-", "d", "a"), walked);
  }

  @Test
  void aFailedWalkIsDroppedAndTheNextKeysAreStillWalked() throws Exception {
    readAhead.offer(key("fail"), false);
    readAhead.offer(key("after"), false);
    awaitIdle();

    assertEquals(List.of("after"), walked);
  }

  @Test
  void keysBeyondTheCapacityAreDroppedAndClearDropsTheRest() throws Exception {
    readAhead.offer(key("block"), false);
    await(firstStarted);
    for (int i = 0; i < TreeReadAhead.CAPACITY + 100; i++) {
      readAhead.offer(key("k" + i), false);
    }
    // The walked key counts against the bound with the waiting ones.
    assertEquals(TreeReadAhead.CAPACITY, readAhead.pending());
    // A key already waiting still takes its latest kind at the bound.
    readAhead.offer(key("k0"), true);
    assertEquals(TreeReadAhead.CAPACITY, readAhead.pending());

    readAhead.clear();
    assertEquals(1, readAhead.pending());
    release.countDown();
    awaitIdle();
    assertEquals(List.of("block"), walked);
  }

  @Test
  void closeWaitsForTheWalkUnderWayAndNothingIsWalkedAfter() throws Exception {
    readAhead.offer(key("block"), false);
    await(firstStarted);
    readAhead.offer(key("waiting"), false);
    Thread closing = new Thread(readAhead::close);
    closing.start();
    // close cannot return while the walk it must wait for is blocked.
    closing.join(100);
    assertTrue(closing.isAlive(), "close returned during a walk");

    release.countDown();
    closing.join(WAIT.toMillis());
    assertFalse(closing.isAlive(), "close did not return");
    readAhead.offer(key("late"), false);
    assertEquals(0, readAhead.pending());
    assertEquals(List.of("block"), walked);
  }
}
