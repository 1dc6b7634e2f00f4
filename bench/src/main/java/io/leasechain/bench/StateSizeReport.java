package io.leasechain.bench;

import io.leasechain.node.abci.proto.RequestFinalizeBlock;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * FinalizeBlock + Commit time of a block of signed txs against generated states of several sizes,
 * with the database's size per lease: one row per size, as a Markdown table. Each block is timed in
 * wall time and in CPU time of the calling thread (FinalizeBlock and Commit run on it; the CPU time
 * leaves out waiting for a CPU on a busy machine, and for the disk).
 *
 * <p>Usage: {@code StateSizeReport DIR SIZE...} with options as system properties: {@code
 * bench.warmup} (blocks, default 5), {@code bench.blocks} (measured blocks, default 10), {@code
 * bench.txs} (txs per block, default 1000), {@code bench.keep} (keep the generated databases under
 * DIR for the next run; default false), {@code bench.scanState} (read the whole state once before
 * the warm-up blocks, as a node whose block cache has room for it has after running a while;
 * default false), {@code bench.maxWarmup} (warm-up blocks run past {@code bench.warmup} until the
 * JIT has settled), {@code bench.interleave} (all sizes open at once, a block of each in turn, and
 * each size's time against the first size's in the same round; default false).
 */
public final class StateSizeReport {

  /** One measured size. */
  public record Row(
      int leases,
      long generationMillis,
      DatabaseSize size,
      long[] blockMicros,
      long[] blockCpuMicros,
      long[] finalizeCpuMicros,
      int txsPerBlock) {

    public double medianMillis() {
      return percentile(blockMicros, 0.5);
    }

    public double p90Millis() {
      return percentile(blockMicros, 0.9);
    }

    public double medianCpuMillis() {
      return percentile(blockCpuMicros, 0.5);
    }

    public double p90CpuMillis() {
      return percentile(blockCpuMicros, 0.9);
    }

    /** Median CPU time of FinalizeBlock alone (ledger and tree preparation). */
    public double medianFinalizeCpuMillis() {
      return percentile(finalizeCpuMicros, 0.5);
    }

    static double percentile(long[] micros, double p) {
      return nearestRank(micros, p) / 1000.0;
    }
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

  private StateSizeReport() {}

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: StateSizeReport DIR SIZE...");
      System.exit(2);
    }
    Path base = Path.of(args[0]);
    int warmup = Integer.getInteger("bench.warmup", 5);
    int blocks = Integer.getInteger("bench.blocks", 10);
    int txs = Integer.getInteger("bench.txs", 1_000);
    boolean keep = Boolean.getBoolean("bench.keep");
    List<Integer> sizes = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      sizes.add(Integer.parseInt(args[i].replace("_", "")));
    }
    if (Boolean.getBoolean("bench.interleave")) {
      Interleaved result = measureInterleaved(base, sizes, warmup, blocks, txs, keep, System.out);
      System.out.println(table(result.rows()));
      System.out.print(ratios(result));
      return;
    }
    List<Row> rows = new ArrayList<>();
    for (int leases : sizes) {
      rows.add(
          measure(base.resolve("leases-" + leases), leases, warmup, blocks, txs, keep, System.out));
      System.out.println(table(rows));
    }
  }

  /** Generates (or reuses) the state at {@code directory} and times {@code blocks} blocks on it. */
  public static Row measure(
      Path directory, int leases, int warmup, int blocks, int txs, boolean keep, PrintStream log) {
    Sized sized = open(directory, leases, txs, log);
    Timed timed = new Timed(blocks);
    try (BenchNode node = sized.node()) {
      warmUp(() -> block(node, leases, null, log), warmup, log);
      long jitBefore = JIT.getTotalCompilationTime();
      for (int i = 0; i < blocks; i++) {
        timed.record(i, block(node, leases, timed.threads(), log));
      }
      log.printf(
          "JIT compilation during the %d measured blocks: %,d ms%n",
          blocks, JIT.getTotalCompilationTime() - jitBefore);
      logThreads(leases, timed, log);
    }
    if (!keep) {
      delete(directory);
    }
    return sized.row(timed, txs);
  }

  /** The rows of an interleaved run, and each measured round's block times by size (µs). */
  public record Interleaved(List<Row> rows, long[][] roundMicros) {}

  /**
   * Times all sizes in one process, a block of each in turn per round (the first size of a round
   * rotating), so that whatever slows the host (another tenant, the CPU's clock) slows every size
   * alike: separate runs of the same build differed by up to 64 % (BENCHMARKS.md, session 18). Each
   * size is opened once, so a size given twice is refused.
   */
  public static Interleaved measureInterleaved(
      Path base,
      List<Integer> sizes,
      int warmup,
      int blocks,
      int txs,
      boolean keep,
      PrintStream log) {
    if (new java.util.HashSet<>(sizes).size() != sizes.size()) {
      throw new IllegalArgumentException("each size once, not " + sizes);
    }
    List<Sized> opened = new ArrayList<>();
    Throwable failure = null;
    try {
      for (int leases : sizes) {
        opened.add(open(base.resolve("leases-" + leases), leases, txs, log));
      }
      int n = opened.size();
      int[] rounds = {0};
      warmUp(
          () -> {
            round(opened, rounds[0]++, null, log);
          },
          warmup,
          log);
      List<Timed> timed = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        timed.add(new Timed(blocks));
      }
      long[][] roundMicros = new long[blocks][n];
      long jitBefore = JIT.getTotalCompilationTime();
      for (int b = 0; b < blocks; b++) {
        long[][] round = round(opened, rounds[0]++, timed, log);
        for (int i = 0; i < n; i++) {
          timed.get(i).record(b, round[i]);
          roundMicros[b][i] = round[i][0];
        }
      }
      log.printf(
          "JIT compilation during the %d measured rounds: %,d ms%n",
          blocks, JIT.getTotalCompilationTime() - jitBefore);
      for (int i = 0; i < n; i++) {
        logThreads(opened.get(i).leases(), timed.get(i), log);
      }
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        rows.add(opened.get(i).row(timed.get(i), txs));
      }
      return new Interleaved(rows, roundMicros);
    } catch (RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      closeAll(opened, base, keep, failure);
    }
  }

  /**
   * Closes every node (and deletes its state unless kept), each even when another fails; the first
   * failure is thrown, or added to {@code failure} when the measurement failed already.
   */
  private static void closeAll(List<Sized> opened, Path base, boolean keep, Throwable failure) {
    RuntimeException first = null;
    for (Sized sized : opened) {
      try {
        sized.node().close();
        if (!keep) {
          delete(base.resolve("leases-" + sized.leases()));
        }
      } catch (RuntimeException e) {
        if (failure != null) {
          failure.addSuppressed(e);
        } else if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * One block on each node, starting with node {@code round mod n}; timings in size order. Threads'
   * CPU goes to each size's {@code timed} (null: a warm-up round).
   */
  private static long[][] round(List<Sized> opened, int round, List<Timed> timed, PrintStream log) {
    int n = opened.size();
    long[][] timings = new long[n][];
    for (int k = 0; k < n; k++) {
      int i = (round + k) % n;
      WindowCpu threads = timed == null ? null : timed.get(i).threads();
      timings[i] = block(opened.get(i).node(), opened.get(i).leases(), threads, log);
    }
    return timings;
  }

  private static void logThreads(int leases, Timed timed, PrintStream log) {
    log.printf(
        "%,d leases, CPU per block inside FinalizeBlock + Commit by thread (ms): %s%n",
        leases, timed.threads().summary());
  }

  /** The {@code p} percentile of {@code values} by nearest rank: of 10, the median is the 5th. */
  static long nearestRank(long[] values, double p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /**
   * Each size's block time against the first size's in the same round: the median and the 10th and
   * 90th percentiles over the measured rounds.
   */
  public static String ratios(Interleaved result) {
    StringBuilder out = new StringBuilder();
    long[][] rounds = result.roundMicros();
    for (int i = 1; i < result.rows().size(); i++) {
      long[] permille = new long[rounds.length];
      for (int b = 0; b < rounds.length; b++) {
        permille[b] = rounds[b][i] * 1000 / Math.max(1, rounds[b][0]);
      }
      out.append(
          String.format(
              "%,d leases against %,d in the same round: median %.2f× (p10 %.2f×, p90 %.2f×) over"
                  + " %d rounds%n",
              result.rows().get(i).leases(),
              result.rows().get(0).leases(),
              nearestRank(permille, 0.5) / 1000.0,
              nearestRank(permille, 0.1) / 1000.0,
              nearestRank(permille, 0.9) / 1000.0,
              rounds.length));
    }
    return out.toString();
  }

  /** A generated state opened as a node with a warm tree cache, and what its generation cost. */
  private record Sized(int leases, long generationMillis, DatabaseSize size, BenchNode node) {

    Row row(Timed timed, int txs) {
      return new Row(
          leases,
          generationMillis,
          size,
          timed.micros,
          timed.cpuMicros,
          timed.finalizeCpuMicros,
          txs);
    }
  }

  /**
   * The measured blocks' wall time, calling thread's CPU and FinalizeBlock's CPU (µs), and every
   * thread's CPU inside them.
   */
  private record Timed(
      long[] micros, long[] cpuMicros, long[] finalizeCpuMicros, WindowCpu threads) {

    Timed(int blocks) {
      this(new long[blocks], new long[blocks], new long[blocks], new WindowCpu());
    }

    void record(int i, long[] block) {
      micros[i] = block[0];
      cpuMicros[i] = block[1];
      finalizeCpuMicros[i] = block[2];
    }
  }

  private static Sized open(Path directory, int leases, int txs, PrintStream log) {
    BenchAccounts accounts = BenchAccounts.forLeases(leases);
    Path ready = directory.resolve("GENERATED");
    long generationMillis = 0;
    if (!Files.exists(ready)) {
      delete(directory);
      try (var store = io.leasechain.node.store.RocksStore.open(directory.resolve("data"))) {
        log.printf("generating %,d leases in %s%n", leases, directory);
        generationMillis = StateGenerator.generate(store, leases, log).millis();
      }
      write(ready, Long.toString(generationMillis));
    } else {
      generationMillis = Long.parseLong(read(ready).trim());
      log.printf("reusing the %,d-lease state in %s%n", leases, directory);
    }
    // Measured before the blocks run, when the database holds exactly the generated state.
    DatabaseSize size = DatabaseSize.compactAndMeasure(directory.resolve("data"));
    log.printf("database: %s%n", size);
    log.printf("node caches: %s%n", BenchNode.caches());
    // A kept state keeps the blocks run on it too: the next run continues from its height.
    BenchNode node = new BenchNode(directory.resolve("data"), accounts, txs);
    try {
      // As a node that has run a while: its cache holds the internal nodes it has room for.
      long warming = System.nanoTime();
      awaitWarmCache(node);
      log.printf("tree cache warmed in %.1f s%n", (System.nanoTime() - warming) / 1e9);
      if (Boolean.getBoolean("bench.scanState")) {
        long scanning = System.nanoTime();
        long keys = 0;
        for (var entries = node.store().scan(new byte[0], null);
            entries.hasNext();
            entries.next()) {
          keys++;
        }
        log.printf(
            "state scanned: %,d keys in %.1f s%n", keys, (System.nanoTime() - scanning) / 1e9);
      }
      return new Sized(leases, generationMillis, size, node);
    } catch (RuntimeException | Error e) {
      node.close();
      throw e;
    }
  }

  /**
   * Runs {@code step} at least {@code warmup} times, then on until the JIT has settled (up to
   * bench.maxWarmup): blocks timed while C2 still compiles share the two cores with it.
   */
  private static void warmUp(Runnable step, int warmup, PrintStream log) {
    int maxWarmup = Math.max(warmup, Integer.getInteger("bench.maxWarmup", warmup));
    List<Long> jitMillis = new ArrayList<>();
    int warmed = 0;
    while (warmed < warmup || (warmed < maxWarmup && !settled(jitMillis))) {
      step.run();
      jitMillis.add(JIT.getTotalCompilationTime());
      warmed++;
    }
    log.printf("%d warm-up steps%n", warmed);
  }

  /** Whether the JIT compiled for at most 20 ms over the last 5 warm-up steps. */
  private static boolean settled(List<Long> jitMillis) {
    int n = jitMillis.size();
    return n > 5 && jitMillis.get(n - 1) - jitMillis.get(n - 6) <= 20;
  }

  /**
   * Runs and logs one block: its wall time, the calling thread's CPU, FinalizeBlock's CPU (µs);
   * every thread's CPU inside it goes to {@code threads} (null: a warm-up block).
   */
  private static long[] block(BenchNode node, int leases, WindowCpu threads, PrintStream log) {
    boolean warmUp = threads == null;
    RequestFinalizeBlock block = node.nextBlock();
    WindowCpu.Mark mark = warmUp ? null : WindowCpu.mark();
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    var response = node.finalizeBlock(block);
    long finalizeCpu = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1_000;
    long committing = System.nanoTime();
    node.commit();
    long commitMicros = (System.nanoTime() - committing) / 1_000;
    long elapsed = (System.nanoTime() - start) / 1_000;
    long cpu = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1_000;
    if (!warmUp) {
      threads.add(mark, elapsed * 1_000);
    }
    BenchNode.requireAllOk(response);
    log.printf(
        "%,d leases, block %d%s: %.1f ms, %.1f ms on CPU (FinalizeBlock %.1f ms); Commit %.1f ms"
            + " wall%n",
        leases,
        block.getHeight(),
        warmUp ? " (warm-up)" : "",
        elapsed / 1000.0,
        cpu / 1000.0,
        finalizeCpu / 1000.0,
        commitMicros / 1000.0);
    return new long[] {elapsed, cpu, finalizeCpu};
  }

  private static void awaitWarmCache(BenchNode node) {
    try {
      node.store().startTreeCacheWarmer();
      if (!node.store().awaitTreeCacheWarmed(Duration.ofHours(1))) {
        throw new IllegalStateException("the tree cache was not warmed within an hour");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the tree cache was warmed", e);
    }
  }

  /** The rows as a Markdown table; ratios against the first row. */
  public static String table(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append(
        "| leases in state | generation | DB bytes (SST+WAL) | bytes/lease | state keys/lease"
            + " | tree nodes/lease | blocks | median ms/block | p90 ms/block | median vs first"
            + " | median CPU ms/block | p90 CPU ms | CPU median vs first"
            + " | of which FinalizeBlock |\n");
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    double first = rows.get(0).medianMillis();
    double firstCpu = rows.get(0).medianCpuMillis();
    for (Row row : rows) {
      Map<String, Long> keys = row.size().keys();
      long state = keys.getOrDefault("default", 0L);
      long tree =
          keys.entrySet().stream()
              .filter(e -> !e.getKey().equals("default") && !e.getKey().equals("meta"))
              .mapToLong(Map.Entry::getValue)
              .sum();
      out.append(
          String.format(
              "| %,d | %.1f s | %,d | %,d | %.1f | %.1f | %d × %d txs | %.1f | %.1f | %+.0f %%"
                  + " | %.1f | %.1f | %+.0f %% | %.1f |%n",
              row.leases(),
              row.generationMillis() / 1000.0,
              row.size().bytes(),
              row.size().bytes() / row.leases(),
              (double) state / row.leases(),
              (double) tree / row.leases(),
              row.blockMicros().length,
              row.txsPerBlock(),
              row.medianMillis(),
              row.p90Millis(),
              (row.medianMillis() / first - 1) * 100,
              row.medianCpuMillis(),
              row.p90CpuMillis(),
              (row.medianCpuMillis() / firstCpu - 1) * 100,
              row.medianFinalizeCpuMillis()));
    }
    return out.toString();
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
