package io.leasechain.client.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leasechain.client.load.FundsAccounting.FundsCheck;
import io.leasechain.client.rpc.Block;
import io.leasechain.client.rpc.BlockResults;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.CometRpcException;
import io.leasechain.client.rpc.TxOutcome;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A load run in the background: one thread offers txs at the spec's rate with broadcast_tx_sync
 * over many HTTP connections, another follows the chain block by block ({@code /block} for the txs,
 * {@code /block_results} for their results and the coin events) and matches the txs by hash. The
 * run ends when everything is offered and every acknowledged tx is committed, or the drain time is
 * over, or {@link #stop()} is called; a hard deadline of duration + drain + 60 s bounds it.
 */
public final class LoadRun {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration SLACK = Duration.ofSeconds(60);

  private enum Ack {
    PENDING,
    OK,
    REFUSED
  }

  /** An offered tx and what became of it. */
  private static final class Pending {
    final LoadTx tx;
    volatile long sentNanos;
    volatile Ack ack = Ack.PENDING;
    volatile long height;
    volatile int code;
    volatile long committedNanos;

    Pending(LoadTx tx) {
      this.tx = tx;
    }
  }

  private final LoadSpec spec;
  private final TxSource source;
  private final long slots;
  private final FundsAccounting funds;
  private final long startHeight;
  private final HttpClient http;
  private final ExecutorService httpExecutor;
  private final CometRpcClient rpc;
  private final URI endpoint;
  private final ConcurrentHashMap<String, Pending> byHash = new ConcurrentHashMap<>();
  private final List<Pending> offeredTxs = new ArrayList<>();
  private final Semaphore inFlight;
  // The last broadcast of each lane; only the offering thread touches it.
  private final CompletableFuture<?>[] lanes;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final AtomicBoolean offeringDone = new AtomicBoolean();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong transportErrors = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong committed = new AtomicLong();
  private final Map<String, AtomicLong> rejected = new ConcurrentHashMap<>();
  private final CountDownLatch finished = new CountDownLatch(2);
  private final AtomicLong lastCommitNanos = new AtomicLong();
  private volatile long lastHeight;
  private volatile long offerEndNanos;
  private volatile long endNanos;
  private volatile Throwable failure;
  private long startNanos;
  private LoadReport report;

  LoadRun(LoadSpec spec, TxSource source, long slots, FundsAccounting funds, long startHeight) {
    this.spec = spec;
    this.source = source;
    this.slots = slots;
    this.funds = funds;
    this.startHeight = startHeight;
    this.lastHeight = startHeight;
    this.endpoint = spec.rpc();
    this.rpc = new CometRpcClient(spec.rpc(), Duration.ofSeconds(10));
    this.inFlight = new Semaphore(spec.connections());
    this.lanes = new CompletableFuture<?>[spec.accounts()];
    this.httpExecutor = Executors.newFixedThreadPool(4, daemon("load-http"));
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(httpExecutor)
            .build();
  }

  void begin() {
    startNanos = System.nanoTime();
    daemon("load-offer").newThread(this::offerAll).start();
    daemon("load-follow").newThread(this::follow).start();
  }

  /** Stops offering at once; the run still drains what was acknowledged. */
  public void stop() {
    offeringDone.set(true);
    stopped.set(true);
  }

  /** Waits up to {@code timeout} for the run to end; true if it has. */
  public boolean await(Duration timeout) throws InterruptedException {
    return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The latest height whose block the run has examined. */
  public long followedHeight() {
    return lastHeight;
  }

  /** The funds accounting of the run's accounts (null for kvstore). */
  public FundsAccounting funds() {
    return funds;
  }

  /**
   * Applies the node's blocks up to its latest height to the accounting and compares it with the
   * node's balances; null for the kvstore mix.
   */
  public FundsCheck fundsCheck(CometRpcClient node) {
    return funds == null ? null : funds.check(node);
  }

  /** The report once the run has ended (with the funds check against the spec's node). */
  public synchronized LoadReport report() {
    if (finished.getCount() > 0) {
      throw new IllegalStateException("the load run has not ended; await it first");
    }
    if (failure != null) {
      throw new IllegalStateException("the load run failed: " + failure.getMessage(), failure);
    }
    if (report == null) {
      report = buildReport(funds == null ? null : funds.check(rpc));
    }
    return report;
  }

  private void offerAll() {
    try {
      RatePacer pacer = new RatePacer(startNanos, spec.ratePerSecond());
      long hardEnd = startNanos + spec.duration().plus(SLACK).toNanos();
      for (long i = 0; i < slots && !stopped.get(); i++) {
        long due = pacer.dueNanos(i);
        for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
          LockSupport.parkNanos(due - now);
        }
        if (System.nanoTime() > hardEnd) {
          break;
        }
        LoadTx tx = source.next();
        if (tx == null) {
          skipped.incrementAndGet();
          continue;
        }
        if (!inFlight.tryAcquire(REQUEST_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
          throw new IllegalStateException("no broadcast answered within " + REQUEST_TIMEOUT);
        }
        send(tx);
      }
      offerEndNanos = System.nanoTime();
      // Every broadcast answered (or timed out) before the drain is judged.
      inFlight.tryAcquire(
          spec.connections(), REQUEST_TIMEOUT.plusSeconds(5).toNanos(), TimeUnit.NANOSECONDS);
    } catch (Throwable t) {
      failure = t;
      offerEndNanos = System.nanoTime();
    } finally {
      offeringDone.set(true);
      finished.countDown();
    }
  }

  private void send(LoadTx tx) {
    Pending pending = new Pending(tx);
    byHash.put(tx.hash(), pending);
    synchronized (offeredTxs) {
      offeredTxs.add(pending);
    }
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"broadcast_tx_sync\",\"params\":{\"tx\":\""
            + Base64.getEncoder().encodeToString(tx.bytes())
            + "\"}}";
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    CompletableFuture<?> previous =
        tx.lane() < 0 || lanes[tx.lane()] == null
            ? CompletableFuture.completedFuture(null)
            : lanes[tx.lane()];
    CompletableFuture<?> sent =
        previous
            .handle((ignored, error) -> null)
            .thenCompose(
                ignored -> {
                  pending.sentNanos = System.nanoTime();
                  return http.sendAsync(
                      request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                })
            .whenComplete(
                (response, error) -> {
                  try {
                    answered(pending, response, error);
                  } finally {
                    inFlight.release();
                  }
                });
    if (tx.lane() >= 0) {
      lanes[tx.lane()] = sent;
    }
  }

  private void answered(Pending pending, HttpResponse<String> response, Throwable error) {
    JsonNode result = null;
    if (error == null) {
      try {
        result = JSON.readTree(response.body()).get("result");
      } catch (IOException e) {
        result = null;
      }
    }
    if (result == null || !result.has("code")) {
      transportErrors.incrementAndGet();
      refuse(pending);
      return;
    }
    int code = result.get("code").asInt();
    if (code == 0) {
      pending.ack = Ack.OK;
      acknowledged.incrementAndGet();
      return;
    }
    String codespace = result.path("codespace").asText("");
    rejected
        .computeIfAbsent(
            codespace.isEmpty() ? "code " + code : codespace + "/" + code, k -> new AtomicLong())
        .incrementAndGet();
    refuse(pending);
  }

  private void refuse(Pending pending) {
    pending.ack = Ack.REFUSED;
    if (pending.height == 0) {
      source.refused(pending.tx);
    }
  }

  private void follow() {
    try {
      long hardEnd = startNanos + spec.duration().plus(spec.drain()).plus(SLACK).toNanos();
      long drainEnd = Long.MAX_VALUE;
      long next = startHeight + 1;
      while (System.nanoTime() < hardEnd) {
        long latest;
        try {
          latest = rpc.status().latestBlockHeight();
          while (next <= latest && System.nanoTime() < hardEnd) {
            examine(next);
            next++;
          }
        } catch (CometRpcException e) {
          // The node may be restarting (the fault suite kills it): try again until the deadline.
        }
        if (offeringDone.get()) {
          if (drainEnd == Long.MAX_VALUE) {
            drainEnd = System.nanoTime() + spec.drain().toNanos();
          }
          if (finished.getCount() == 1
              && (allAcknowledgedCommitted() || System.nanoTime() > drainEnd)) {
            break;
          }
        }
        LockSupport.parkNanos(POLL.toNanos());
      }
    } catch (Throwable t) {
      failure = t;
    } finally {
      endNanos = System.nanoTime();
      stopped.set(true);
      offeringDone.set(true);
      finished.countDown();
      httpExecutor.shutdown();
    }
  }

  private boolean allAcknowledgedCommitted() {
    synchronized (offeredTxs) {
      for (Pending p : offeredTxs) {
        if (p.ack != Ack.REFUSED && p.height == 0) {
          return false;
        }
      }
      return true;
    }
  }

  private void examine(long height) {
    Block block = rpc.block(height);
    BlockResults results = rpc.blockResults(height);
    long now = System.nanoTime();
    if (funds != null) {
      funds.apply(results);
    }
    List<byte[]> txs = block.txs();
    for (int i = 0; i < txs.size(); i++) {
      Pending pending = byHash.get(LoadTx.hashOf(txs.get(i)));
      if (pending == null || pending.height != 0) {
        continue;
      }
      TxOutcome outcome = results.txResults().get(i);
      pending.code = outcome.code();
      pending.committedNanos = now;
      pending.height = height;
      committed.incrementAndGet();
      lastCommitNanos.set(now);
      source.committed(pending.tx, height, outcome);
    }
    lastHeight = height;
    source.height(height);
  }

  private LoadReport buildReport(FundsCheck fundsCheck) {
    List<Pending> all;
    synchronized (offeredTxs) {
      all = List.copyOf(offeredTxs);
    }
    List<LoadReport.CommittedTx> committedTxs = new ArrayList<>();
    List<String> lost = new ArrayList<>();
    SortedMap<String, Long> failed = new TreeMap<>();
    long firstHeight = 0;
    long maxHeight = 0;
    for (Pending p : all) {
      if (p.height != 0) {
        long latency = (p.committedNanos - p.sentNanos) / 1_000_000;
        committedTxs.add(new LoadReport.CommittedTx(p.tx.hash(), p.height, p.code, latency));
        firstHeight = firstHeight == 0 ? p.height : Math.min(firstHeight, p.height);
        maxHeight = Math.max(maxHeight, p.height);
        if (p.code != 0) {
          failed.merge("code " + p.code, 1L, Long::sum);
        }
      } else if (p.ack == Ack.OK) {
        lost.add(p.tx.hash());
      }
    }
    long[] latencies =
        committedTxs.stream().mapToLong(LoadReport.CommittedTx::latencyMillis).toArray();
    SortedMap<String, Long> rejectedByCode = new TreeMap<>();
    rejected.forEach((code, n) -> rejectedByCode.put(code, n.get()));
    long offerNanos = Math.max(1, offerEndNanos - startNanos);
    long commitNanos = Math.max(1, lastCommitNanos.get() - startNanos);
    return new LoadReport(
        spec.mix().name(),
        spec.ratePerSecond(),
        all.size(),
        acknowledged.get(),
        rejectedByCode,
        transportErrors.get(),
        skipped.get(),
        committed.get(),
        failed,
        firstHeight,
        maxHeight,
        List.copyOf(lost),
        all.size() * 1e9 / offerNanos,
        committedTxs.isEmpty() ? 0 : committedTxs.size() * 1e9 / commitNanos,
        Percentiles.nearestRank(latencies, 50),
        Percentiles.nearestRank(latencies, 99),
        offerNanos / 1_000_000,
        (endNanos - startNanos) / 1_000_000,
        List.copyOf(committedTxs),
        fundsCheck);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
