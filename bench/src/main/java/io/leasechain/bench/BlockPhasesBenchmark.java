package io.leasechain.bench;

import com.google.protobuf.ByteString;
import io.leasechain.node.abci.proto.RequestCheckTx;
import io.leasechain.node.abci.proto.RequestFinalizeBlock;
import io.leasechain.node.abci.proto.RequestPrepareProposal;
import io.leasechain.node.abci.proto.RequestProcessProposal;
import io.leasechain.node.abci.proto.ResponseFinalizeBlock;
import io.leasechain.node.abci.proto.ResponsePrepareProposal;
import io.leasechain.node.abci.proto.ResponseProcessProposal;
import java.util.List;
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
 * JMH: each ABCI step of one block of {@code blockTxs} signed txs (40 % sends, 40 % escrow top-ups,
 * 20 % new orders, {@link BenchNode}) timed alone, the steps before it run untimed: CheckTx of
 * every tx as it first reaches the mempool (signatures verified), PrepareProposal and
 * ProcessProposal of the admitted txs, FinalizeBlock, Commit. As on a live node, the steps after
 * CheckTx find the signatures in the app's cache.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 7)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
public class BlockPhasesBenchmark {

  /** A node over a generated state of {@code leases} leases; each state class times one step. */
  @State(Scope.Benchmark)
  public abstract static class Chain {

    @Param("1000")
    public int leases;

    @Param("5000")
    public int blockTxs;

    private TempNode state;
    BenchNode node;

    @Setup(Level.Trial)
    public void generate() {
      state = TempNode.generate("leasechain-bench", leases, blockTxs, System.out);
      node = state.node();
    }

    @TearDown(Level.Trial)
    public void close() {
      state.close();
    }
  }

  /** Signed txs no CheckTx has seen; the block is run untimed afterwards. */
  @State(Scope.Benchmark)
  public static class Unchecked extends Chain {
    private List<ByteString> txs;
    private RequestCheckTx[] requests;

    @Setup(Level.Invocation)
    public void sign() {
      txs = node.signAll(node.nextTxs());
      requests =
          txs.stream()
              .map(tx -> RequestCheckTx.newBuilder().setTx(tx).build())
              .toArray(RequestCheckTx[]::new);
    }

    @TearDown(Level.Invocation)
    public void runBlock() {
      BenchNode.requireAllOk(node.run(node.block(txs)));
    }
  }

  /** A block admitted by CheckTx; it is run untimed afterwards. */
  @State(Scope.Benchmark)
  public static class Admitted extends Chain {
    private RequestFinalizeBlock block;

    @Setup(Level.Invocation)
    public void admit() {
      block = node.nextBlock();
    }

    @TearDown(Level.Invocation)
    public void runBlock() {
      BenchNode.requireAllOk(node.run(block));
    }
  }

  /** A block admitted by CheckTx, to be finalized; committed untimed afterwards. */
  @State(Scope.Benchmark)
  public static class ToFinalize extends Chain {
    private RequestFinalizeBlock block;

    @Setup(Level.Invocation)
    public void admit() {
      block = node.nextBlock();
    }

    @TearDown(Level.Invocation)
    public void commit() {
      node.commit();
    }
  }

  /** A block admitted and finalized, to be committed. */
  @State(Scope.Benchmark)
  public static class ToCommit extends Chain {

    @Setup(Level.Invocation)
    public void finalizeBlock() {
      BenchNode.requireAllOk(node.finalizeBlock(node.nextBlock()));
    }
  }

  @Benchmark
  public int checkTx(Unchecked chain) {
    int admitted = 0;
    for (RequestCheckTx request : chain.requests) {
      if (chain.node.app().checkTx(request).getCode() == 0) {
        admitted++;
      }
    }
    return admitted;
  }

  @Benchmark
  public ResponsePrepareProposal prepareProposal(Admitted chain) {
    RequestFinalizeBlock block = chain.block;
    return chain
        .node
        .app()
        .prepareProposal(
            RequestPrepareProposal.newBuilder()
                .setHeight(block.getHeight())
                .setTime(block.getTime())
                .setMaxTxBytes(Long.MAX_VALUE)
                .addAllTxs(block.getTxsList())
                .build());
  }

  @Benchmark
  public ResponseProcessProposal processProposal(Admitted chain) {
    RequestFinalizeBlock block = chain.block;
    return chain
        .node
        .app()
        .processProposal(
            RequestProcessProposal.newBuilder()
                .setHeight(block.getHeight())
                .setTime(block.getTime())
                .addAllTxs(block.getTxsList())
                .build());
  }

  @Benchmark
  public ResponseFinalizeBlock finalizeBlock(ToFinalize chain) {
    return chain.node.finalizeBlock(chain.block);
  }

  @Benchmark
  public void commit(ToCommit chain) {
    chain.node.commit();
  }
}
