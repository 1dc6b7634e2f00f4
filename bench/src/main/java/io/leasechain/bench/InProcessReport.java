package io.leasechain.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link MessageBenchmark} (one and two threads) and {@link BlockPhasesBenchmark} and prints
 * the tables of BENCHMARKS.md: each message's tx/s as a share of Ed25519 verifies/s on as many
 * threads, and each ABCI step's time per block. Figures are medians over measurement iterations.
 * {@code --smoke} runs everything once, briefly and in this JVM, on a tiny state: it proves the
 * benchmarks run, not how fast.
 */
public final class InProcessReport {

  /** The in-process benchmarks, not the state-size one (FinalizeCommitBenchmark). */
  static final String INCLUDE = "io\\.leasechain\\.bench\\.(MessageBenchmark|BlockPhasesBenchmark)";

  private InProcessReport() {}

  public static void main(String[] args) throws RunnerException {
    boolean smoke = List.of(args).contains("--smoke");
    System.out.print(table(run(smoke)));
  }

  static Collection<RunResult> run(boolean smoke) throws RunnerException {
    ChainedOptionsBuilder options = new OptionsBuilder().shouldFailOnError(true);
    if (smoke) {
      // JMH's machine-wide lock would fail the smoke run whenever a real run is going on.
      System.setProperty("jmh.ignoreLock", "true");
      // Every message on one thread; two threads only once each, as their code is the same.
      options
          .include("io\\.leasechain\\.bench\\.MessageBenchmark\\.OneThread\\.")
          .include(
              "io\\.leasechain\\.bench\\.MessageBenchmark\\.TwoThreads\\.(send|ed25519Verify)$")
          .include("io\\.leasechain\\.bench\\.BlockPhasesBenchmark\\.")
          .forks(0)
          .warmupIterations(0)
          .measurementIterations(1)
          .measurementTime(TimeValue.milliseconds(20))
          .param("leases", "60")
          .param("poolSize", "8")
          .param("blockTxs", "50");
    } else {
      options.include(INCLUDE);
    }
    return new Runner(options.build()).run();
  }

  /** A benchmark's median over its measurement iterations. */
  static double median(RunResult result) {
    List<Double> scores = new ArrayList<>();
    for (BenchmarkResult benchmark : result.getBenchmarkResults()) {
      for (IterationResult iteration : benchmark.getIterationResults()) {
        scores.add(iteration.getPrimaryResult().getScore());
      }
    }
    scores.sort(null);
    int n = scores.size();
    return n % 2 == 1 ? scores.get(n / 2) : (scores.get(n / 2 - 1) + scores.get(n / 2)) / 2;
  }

  /**
   * tx/s at 1 and 2 threads and each as a share of verifies/s at as many threads; "—" if not run.
   */
  private static String row(String name, Map<Integer, Double> txs, Map<Integer, Double> verify) {
    StringBuilder row = new StringBuilder("| ").append(name).append(" |");
    for (int threads = 1; threads <= 2; threads++) {
      Double rate = txs.get(threads);
      Double bound = verify.get(threads);
      row.append(rate == null ? " — |" : String.format(" %,.0f |", rate));
      row.append(
          rate == null || bound == null ? " — |" : String.format(" %.0f %% |", 100 * rate / bound));
    }
    return row.append('\n').toString();
  }

  static String table(Collection<RunResult> results) {
    // tx/s by message, then by thread count
    Map<String, Map<Integer, Double>> messages = new TreeMap<>();
    Map<String, Double> phases = new TreeMap<>();
    int blockTxs = 0;
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark();
      String method = name.substring(name.lastIndexOf('.') + 1);
      if (name.contains("BlockPhasesBenchmark")) {
        phases.put(method, median(result));
        blockTxs = Integer.parseInt(result.getParams().getParam("blockTxs"));
      } else {
        messages
            .computeIfAbsent(method, m -> new TreeMap<>())
            .put(result.getParams().getThreads(), median(result));
      }
    }
    StringBuilder out = new StringBuilder();
    Map<Integer, Double> verify = messages.remove("ed25519Verify");
    if (verify != null) {
      out.append("| message | tx/s, 1 thread | % of verify | tx/s, 2 threads | % of verify |\n");
      out.append("|---|---|---|---|---|\n");
      out.append(row("Ed25519 verify alone", verify, verify));
      messages.forEach((method, byThreads) -> out.append(row(method, byThreads, verify)));
    }
    if (!phases.isEmpty()) {
      out.append(String.format("%n| step of a %,d-tx block | ms | tx/s |%n", blockTxs));
      out.append("|---|---|---|\n");
      for (Map.Entry<String, Double> phase : phases.entrySet()) {
        out.append(
            String.format(
                "| %s | %.1f | %,.0f |%n",
                phase.getKey(), phase.getValue(), blockTxs * 1000 / phase.getValue()));
      }
    }
    return out.toString();
  }
}
