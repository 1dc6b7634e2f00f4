package io.leasechain.bench;

import io.leasechain.bench.MarketFixture.Kind;
import io.leasechain.ledger.Ledger;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * CPU time of one tx of each message and of one Ed25519 verify on the same {@link MarketFixture},
 * measured on this thread with the JVM's thread CPU clock: unlike the throughput of {@link
 * MessageBenchmark}, it barely moves when other work shares the cores. Medians of rounds after a
 * warm-up.
 */
public final class CpuTimes {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private CpuTimes() {}

  /** Microseconds of CPU per operation, by name ("ed25519Verify" first, then each message). */
  public static Map<String, Double> measure(
      MarketFixture fixture, int warmUp, int rounds, int perRound) {
    Ledger ledger = new Ledger();
    Map<String, Double> micros = new LinkedHashMap<>();
    micros.put("ed25519Verify", median(fixture::verify, warmUp, rounds, perRound));
    for (Kind kind : Kind.values()) {
      micros.put(
          name(kind),
          median(i -> fixture.deliver(ledger, kind, i).isOk(), warmUp, rounds, perRound));
    }
    return micros;
  }

  /** The benchmark method's name of {@code kind}: SUBMIT_PROOF is submitProof. */
  static String name(Kind kind) {
    StringBuilder name = new StringBuilder();
    for (String word : kind.name().toLowerCase(java.util.Locale.ROOT).split("_")) {
      name.append(
          name.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
    }
    return name.toString();
  }

  private static double median(IntPredicate operation, int warmUp, int rounds, int perRound) {
    int failed = 0;
    for (int i = 0; i < warmUp; i++) {
      failed += operation.test(i) ? 0 : 1;
    }
    double[] perOperation = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      long start = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < perRound; i++) {
        failed += operation.test(i) ? 0 : 1;
      }
      perOperation[round] = (THREADS.getCurrentThreadCpuTime() - start) / 1_000.0 / perRound;
    }
    if (failed > 0) {
      throw new IllegalStateException(failed + " operations failed");
    }
    Arrays.sort(perOperation);
    return perOperation[rounds / 2];
  }

  /** Prints the table: µs of CPU per tx and the share of the verify bound it reaches. */
  public static void main(String[] args) {
    int leases = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    try (MarketFixture fixture = MarketFixture.create(leases, 64, System.out)) {
      System.out.print(table(measure(fixture, 2_000, 7, 1_000)));
    }
  }

  static String table(Map<String, Double> micros) {
    double verify = micros.get("ed25519Verify");
    StringBuilder out =
        new StringBuilder("| operation | CPU µs per tx | tx/s per core | % of verify bound |\n");
    out.append("|---|---|---|---|\n");
    micros.forEach(
        (name, us) ->
            out.append(
                String.format(
                    "| %s | %.1f | %,.0f | %.0f %% |%n", name, us, 1e6 / us, 100 * verify / us)));
    return out.toString();
  }
}
