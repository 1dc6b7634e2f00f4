package io.leasechain.bench;

import io.leasechain.node.abci.proto.RequestFinalizeBlock;
import io.leasechain.node.abci.proto.ResponseFinalizeBlock;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: one FinalizeBlock + Commit of a block of 1,000 signed txs per invocation, against a state of
 * {@code leases} generated leases. The block is built and admitted by CheckTx outside the timing.
 * {@link StateSizeReport} measures the same with the database size and prints the table.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
public class FinalizeCommitBenchmark {

  @Param({"1000", "100000", "1000000"})
  public int leases;

  private TempNode state;
  private BenchNode node;
  private RequestFinalizeBlock block;

  @Setup(Level.Trial)
  public void generate() {
    state = TempNode.generate("leasechain-bench", leases, 1_000, System.out);
    node = state.node();
  }

  @Setup(Level.Invocation)
  public void nextBlock() {
    block = node.nextBlock();
  }

  @Benchmark
  public ResponseFinalizeBlock finalizeAndCommit() {
    return node.run(block);
  }

  @TearDown(Level.Trial)
  public void close() {
    state.close();
  }
}
