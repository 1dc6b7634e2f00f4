package io.leasechain.testnet;

import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.CommitResult;
import io.leasechain.crypto.Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Transfers from every account of a wallet to one receiver, one broadcast_tx_commit at a time on a
 * background thread, so that blocks keep writing state while a test crashes or queries nodes; it
 * records the height each transfer committed at, from which the receiver's balance at any height
 * follows.
 */
public final class TransferLoad implements AutoCloseable {

  /** A transfer the node reported committed at {@code height}. */
  public record Committed(long height, Address from, long amount) {}

  private final List<Committed> committed = new ArrayList<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Thread thread;

  /** Starts sending {@code amount} (plus {@code fee}) from each account in turn to {@code to}. */
  public TransferLoad(LocalNode node, TestWallet wallet, Address to, long amount, long fee) {
    CometRpcClient rpc = node.rpc();
    thread =
        new Thread(
            () -> {
              try {
                for (int i = 0; !stop.get(); i = (i + 1) % wallet.size()) {
                  CommitResult result = rpc.broadcastTxCommit(wallet.send(i, to, amount, fee));
                  if (!result.isOk()) {
                    throw new IllegalStateException(
                        "a transfer failed: "
                            + result.checkTx().log()
                            + " / "
                            + result.txResult().log());
                  }
                  synchronized (committed) {
                    committed.add(new Committed(result.height(), wallet.address(i), amount));
                  }
                }
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "transfer-load");
    thread.start();
  }

  /** How many transfers have committed so far. */
  public int count() {
    synchronized (committed) {
      return committed.size();
    }
  }

  /** The highest height a transfer committed at so far; 0 before the first. */
  public long lastHeight() {
    synchronized (committed) {
      return committed.stream().mapToLong(Committed::height).max().orElse(0);
    }
  }

  /** The sum of the amounts committed at or below {@code height}. */
  public long receivedBy(long height) {
    synchronized (committed) {
      return committed.stream()
          .filter(transfer -> transfer.height() <= height)
          .mapToLong(Committed::amount)
          .sum();
    }
  }

  /** Stops after the transfer in flight; fails if any transfer failed. */
  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    thread.join(Duration.ofSeconds(60).toMillis());
    if (thread.isAlive()) {
      throw new IllegalStateException("the transfer load did not stop");
    }
    if (failure.get() != null) {
      throw new IllegalStateException("the transfer load failed", failure.get());
    }
  }
}
