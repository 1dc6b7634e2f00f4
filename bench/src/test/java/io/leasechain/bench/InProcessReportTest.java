package io.leasechain.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;

/**
 * Runs every in-process benchmark once on a tiny state, so that they cannot rot: each must set up
 * (every message's txs succeed on the fixture) and run. Nothing about speed is asserted.
 */
class InProcessReportTest {

  @Test
  void everyBenchmarkRunsAndTheReportHasEveryRow() throws Exception {
    Collection<RunResult> results = InProcessReport.run(true);

    // 12 message benchmarks on 1 thread, 2 of them on 2 threads, 5 block steps.
    assertEquals(12 + 2 + 5, results.size());
    String table = InProcessReport.table(results);
    for (String row :
        new String[] {"| Ed25519 verify alone |", "| send |", "| withdrawLease |", "| commit |"}) {
      assertTrue(table.contains(row), () -> row + " missing from\n" + table);
    }
  }

  @Test
  void cpuTimesMeasureEveryMessage() {
    try (MarketFixture fixture = MarketFixture.create(60, 8, System.out)) {
      Map<String, Double> micros = CpuTimes.measure(fixture, 1, 1, 2);

      assertEquals(1 + MarketFixture.Kind.values().length, micros.size());
      String table = CpuTimes.table(micros);
      assertTrue(table.contains("| submitProof |"), table);
    }
  }
}
