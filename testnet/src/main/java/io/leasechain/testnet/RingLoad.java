package io.leasechain.testnet;

import io.leasechain.client.rpc.BroadcastResult;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.crypto.Hashes;
import io.leasechain.crypto.Hex;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Steady transfer load around a ring of genesis-funded accounts (account i pays account i+1), one
 * sender thread per account at a fixed rate through broadcast_tx_sync to one node; it remembers
 * every tx the node acknowledged so that {@link FaultChecks} can hold the chain to them.
 */
public final class RingLoad implements AutoCloseable {

  /** One acknowledged transfer: who paid whom how much, and the fee. */
  public record Transfer(int from, int to, long amount, long fee, long acknowledgedAtNanos) {}

  private final TestWallet wallet;
  private final long fee;
  private final Map<String, Transfer> acknowledged = new ConcurrentHashMap<>();
  private final AtomicLong offered = new AtomicLong();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final List<Thread> senders = new ArrayList<>();

  /**
   * Starts sending from every account of {@code wallet} to {@code node}, {@code perAccountPeriod}
   * apart per account. The node must stay up: a tx it acknowledged lives in its mempool only.
   */
  public RingLoad(LocalNode node, TestWallet wallet, long fee, Duration perAccountPeriod) {
    this.wallet = wallet;
    this.fee = fee;
    for (int i = 0; i < wallet.size(); i++) {
      int from = i;
      Thread sender =
          new Thread(
              () -> {
                try {
                  send(node.rpc(), from, perAccountPeriod);
                } catch (Throwable t) {
                  failure.compareAndSet(null, t);
                }
              },
              "ring-load-" + i);
      sender.setDaemon(true);
      senders.add(sender);
    }
    senders.forEach(Thread::start);
  }

  private void send(CometRpcClient rpc, int from, Duration period) throws InterruptedException {
    int to = (from + 1) % wallet.size();
    for (long n = 0; !stop.get(); n++) {
      long amount = 1_000 + n;
      byte[] tx;
      synchronized (wallet) {
        tx = wallet.send(from, wallet.address(to), amount, fee);
      }
      offered.incrementAndGet();
      BroadcastResult result = rpc.broadcastTxSync(tx);
      if (!result.isOk()) {
        throw new IllegalStateException(
            "account " + from + "'s transfer " + n + " refused: " + result.log());
      }
      acknowledged.put(
          Hex.encode(Hashes.sha256(tx)).toUpperCase(java.util.Locale.ROOT),
          new Transfer(from, to, amount, fee, System.nanoTime()));
      // The rate limit of an open-loop load, not a wait for a condition.
      Thread.sleep(period.toMillis());
    }
  }

  public TestWallet wallet() {
    return wallet;
  }

  public long offered() {
    return offered.get();
  }

  /** Every acknowledged transfer by its tx hash (upper-case hex). */
  public Map<String, Transfer> acknowledged() {
    return Map.copyOf(acknowledged);
  }

  /** Fails if a sender stopped on an error (a refused or unanswered broadcast). */
  public void requireHealthy() {
    if (failure.get() != null) {
      throw new IllegalStateException("the load failed", failure.get());
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    for (Thread sender : senders) {
      sender.join(Duration.ofSeconds(60).toMillis());
    }
  }
}
