package io.leasechain.node.testnet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `testnet stop` signals only a node it started, never a process that merely names its home. */
class TestnetPidFileTest {

  @TempDir Path dir;

  @Test
  void stopLeavesAnUnrelatedProcessThatMentionsTheHomeAlone() throws Exception {
    TestnetLayout layout = new TestnetLayout(dir, "pid-test", 27700, 1, 0);
    TestnetLayout.Node node = layout.nodes().get(0);
    Files.createDirectories(node.home());
    Path log = Testnet.log(node);
    Files.writeString(log, "");
    // The node died and left its pid file; the pid now belongs to an operator's `tail -f` of its
    // log (its command line holds the home's path).
    Process tail = new ProcessBuilder("tail", "-f", log.toString()).start();
    try {
      Files.writeString(node.home().resolve("leasechain.pid"), tail.pid() + "\n");

      List<Testnet.Stopped> stopped = Testnet.stop(layout, Duration.ofMillis(200));

      assertFalse(stopped.get(0).wasRunning());
      assertTrue(tail.isAlive());
      assertFalse(Testnet.status(layout).get(0).running());
    } finally {
      tail.destroyForcibly().waitFor();
    }
  }
}
