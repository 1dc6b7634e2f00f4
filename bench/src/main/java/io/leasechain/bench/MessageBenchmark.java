package io.leasechain.bench;

import io.leasechain.bench.MarketFixture.Kind;
import io.leasechain.ledger.Ledger;
import io.leasechain.ledger.TxOutcome;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: one signed tx of each message, decoded, its signature verified from scratch and executed by
 * the ledger on a throw-away overlay of a generated market ({@link MarketFixture}), against Ed25519
 * verification alone of the same txs' signatures in the same run. Throughput; with two threads JMH
 * reports the sum of both. {@link InProcessReport} prints each as a share of the verify bound.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
public abstract class MessageBenchmark {

  /** The market every thread reads; nothing writes to it after the setup. */
  @State(Scope.Benchmark)
  public static class Market {

    @Param("1000")
    public int leases;

    @Param("64")
    public int poolSize;

    private MarketFixture fixture;
    private final Ledger ledger = new Ledger();

    @Setup(Level.Trial)
    public void create() {
      fixture = MarketFixture.create(leases, poolSize, System.out);
    }

    @TearDown(Level.Trial)
    public void close() {
      fixture.close();
    }

    TxOutcome deliver(Kind kind, Cursor cursor) {
      return fixture.deliver(ledger, kind, cursor.next());
    }

    boolean verify(Cursor cursor) {
      return fixture.verify(cursor.next());
    }
  }

  /** Each thread walks the pools on its own. */
  @State(Scope.Thread)
  public static class Cursor {
    private int next;

    int next() {
      return next++ & Integer.MAX_VALUE;
    }
  }

  @Benchmark
  public boolean ed25519Verify(Market market, Cursor cursor) {
    return market.verify(cursor);
  }

  @Benchmark
  public TxOutcome send(Market market, Cursor cursor) {
    return market.deliver(Kind.SEND, cursor);
  }

  @Benchmark
  public TxOutcome createOrder(Market market, Cursor cursor) {
    return market.deliver(Kind.CREATE_ORDER, cursor);
  }

  @Benchmark
  public TxOutcome createBid(Market market, Cursor cursor) {
    return market.deliver(Kind.CREATE_BID, cursor);
  }

  @Benchmark
  public TxOutcome withdrawBid(Market market, Cursor cursor) {
    return market.deliver(Kind.WITHDRAW_BID, cursor);
  }

  @Benchmark
  public TxOutcome acceptBids(Market market, Cursor cursor) {
    return market.deliver(Kind.ACCEPT_BIDS, cursor);
  }

  @Benchmark
  public TxOutcome closeOrder(Market market, Cursor cursor) {
    return market.deliver(Kind.CLOSE_ORDER, cursor);
  }

  @Benchmark
  public TxOutcome closeLease(Market market, Cursor cursor) {
    return market.deliver(Kind.CLOSE_LEASE, cursor);
  }

  @Benchmark
  public TxOutcome topUpEscrow(Market market, Cursor cursor) {
    return market.deliver(Kind.TOP_UP_ESCROW, cursor);
  }

  @Benchmark
  public TxOutcome setAgentKeys(Market market, Cursor cursor) {
    return market.deliver(Kind.SET_AGENT_KEYS, cursor);
  }

  @Benchmark
  public TxOutcome submitProof(Market market, Cursor cursor) {
    return market.deliver(Kind.SUBMIT_PROOF, cursor);
  }

  @Benchmark
  public TxOutcome withdrawLease(Market market, Cursor cursor) {
    return market.deliver(Kind.WITHDRAW_LEASE, cursor);
  }

  /** Every benchmark on one thread. */
  @Threads(1)
  public static class OneThread extends MessageBenchmark {}

  /** Every benchmark on two threads sharing the market: the machine's two cores. */
  @Threads(2)
  public static class TwoThreads extends MessageBenchmark {}
}
