package io.leasechain.testnet;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leasechain.client.LeasechainClient;
import io.leasechain.client.load.FundsAccounting;
import io.leasechain.client.load.FundsAccounting.FundsCheck;
import io.leasechain.client.load.LoadGenerator;
import io.leasechain.client.load.LoadMix;
import io.leasechain.client.load.LoadReport;
import io.leasechain.client.load.LoadRun;
import io.leasechain.client.load.LoadSpec;
import io.leasechain.client.rpc.Block;
import io.leasechain.client.rpc.BlockResults;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.TxOutcome;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hashes;
import io.leasechain.crypto.Hex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The checks every fault scenario ends with. A scenario runs under its own load run (the load
 * tool's market mix, sent to node0, which no scenario damages); at its end the run stops offering
 * and drains, then: no acknowledged tx is missing; all nodes reach the same height with the same
 * block hash and app hash at every height; every tx in a block has a result, and any tx that failed
 * is one of the load's (whose stories expect some failures); at every height the state holds, to
 * the ulease, the balances the committed blocks' coin events give the load's accounts (the load
 * tool's funds accounting); every node holds them at the last height; no node logged broken
 * invariants (each node checks them before writing every height, and halts if one breaks). Heights
 * are checked once, by the scenario during which they were made; {@link #sweep} rechecks the hashes
 * of all of them at the end.
 */
public final class FaultChecks {

  /** One scenario's line of the reliability report. */
  public record ScenarioReport(
      String scenario,
      long offered,
      long acknowledged,
      long committed,
      long lost,
      long fromHeight,
      long toHeight,
      double recoverySeconds,
      String note) {

    public String toLine() {
      return String.format(
          Locale.ROOT,
          "%-34s offered=%d acknowledged=%d committed=%d lost=%d heights=%d..%d recovery=%.1fs %s",
          scenario,
          offered,
          acknowledged,
          committed,
          lost,
          fromHeight,
          toHeight,
          recoverySeconds,
          note);
    }
  }

  /** A scenario under way: its name and its load run. */
  public record Scenario(String name, LoadRun run) {}

  private static final Duration AGREE = Duration.ofSeconds(180);
  private static final Duration DRAIN = Duration.ofSeconds(120);
  // Far longer than any scenario: each is ended by stop(), the cap only bounds a hung test.
  private static final Duration LOAD_CAP = Duration.ofMinutes(20);

  private final LocalNetwork net;
  private final Ed25519PrivateKey funder;
  private final long ratePerSecond;
  private final int accounts;
  private final Path reportFile;
  private long checkedHeight;
  private long seed;

  /**
   * Checks for {@code net}, whose genesis funds {@code funder} and makes it the whole council (the
   * market mix approves its providers with it).
   */
  public FaultChecks(
      LocalNetwork net,
      Ed25519PrivateKey funder,
      long ratePerSecond,
      int accounts,
      Path reportFile) {
    this.net = net;
    this.funder = funder;
    this.ratePerSecond = ratePerSecond;
    this.accounts = accounts;
    this.reportFile = reportFile;
    // Height 1 carries no load (the genesis block); starting after it keeps every read at a
    // positive height (0 would mean the latest). sweep() compares its hashes too.
    this.checkedHeight = 1;
  }

  /** Prepares and starts a fresh market-mix load run (new accounts and providers) on node0. */
  public Scenario begin(String name) {
    LoadSpec spec =
        LoadSpec.of(net.node(0).rpcUri(), ratePerSecond, LOAD_CAP, LoadMix.MARKET)
            .withAccounts(accounts)
            .withSeed(1_000 + ++seed)
            .withConnections(8)
            .withDrain(DRAIN);
    return new Scenario(name, LoadGenerator.prepare(spec, funder).start());
  }

  /**
   * Ends {@code scenario}'s load, runs every check over the heights made since the last check,
   * prints the report line and appends it to the report file; fails on the first check broken.
   */
  public ScenarioReport finish(Scenario scenario, Duration recovery, String note)
      throws InterruptedException {
    LoadRun run = scenario.run();
    run.stop();
    if (!run.await(DRAIN.plusSeconds(90))) {
      throw new AssertionError(scenario.name() + ": the load run did not end");
    }
    LoadReport load = run.report();
    if (!load.lost().isEmpty()) {
      throw new AssertionError(
          scenario.name()
              + ": "
              + load.lost().size()
              + " acknowledged txs never committed, e.g. "
              + load.lost().get(0));
    }
    long from = checkedHeight + 1;
    long to = agreeOnHeight();
    compareHashes(from, to);
    Set<String> loadTxs = new HashSet<>();
    load.committedTxs().forEach(tx -> loadTxs.add(tx.hash().toUpperCase(Locale.ROOT)));
    List<Address> accountsOfRun =
        run.funds().expected().keySet().stream().map(Address::fromBech32).toList();
    CometRpcClient rpc = net.node(0).rpc();
    FundsAccounting funds = FundsAccounting.read(rpc, checkedHeight, accountsOfRun);
    for (long h = from; h <= to; h++) {
      checkBlock(rpc, h, loadTxs);
      funds.apply(rpc.blockResults(h));
      LeasechainClient atHeight = new LeasechainClient(rpc, h);
      require(
          funds.check(account -> atHeight.account(Address.fromBech32(account)).getBalance()),
          "node0");
    }
    for (LocalNode node : net.all()) {
      LeasechainClient atEnd = new LeasechainClient(node.rpc(), to);
      require(
          funds.check(account -> atEnd.account(Address.fromBech32(account)).getBalance()),
          node.home().getFileName().toString());
    }
    String broken = net.brokenInvariants();
    if (broken != null) {
      throw new AssertionError("invariants broken: " + broken);
    }
    checkedHeight = to;
    ScenarioReport report =
        new ScenarioReport(
            scenario.name(),
            load.offered(),
            load.acknowledged(),
            load.committed(),
            load.lost().size(),
            from,
            to,
            recovery.toMillis() / 1000.0,
            note);
    System.out.println("fault scenario: " + report.toLine());
    append(report);
    return report;
  }

  /** Rechecks block and app hashes on every node from height 1 (after the last scenario). */
  public void sweep() {
    compareHashes(1, agreeOnHeight());
  }

  private static void require(FundsCheck check, String node) {
    if (!check.ok()) {
      throw new AssertionError(node + ": " + check.toText());
    }
  }

  // Waits until every node has committed the highest height any of them has stored, and returns
  // it: cometbft stores block H before the application commits it, and H+1 only after.
  private long agreeOnHeight() {
    long target = 0;
    for (LocalNode node : net.all()) {
      if (!node.isRunning()) {
        throw new AssertionError(node.home().getFileName() + " is not running");
      }
      target = Math.max(target, node.height());
    }
    for (LocalNode node : net.all()) {
      node.awaitHeight(target + 1, AGREE);
    }
    return target;
  }

  private static void checkBlock(CometRpcClient rpc, long height, Set<String> loadTxs) {
    List<byte[]> txs = rpc.block(height).txs();
    BlockResults results = rpc.blockResults(height);
    if (results.txResults().size() != txs.size()) {
      throw new AssertionError(
          "height "
              + height
              + ": "
              + txs.size()
              + " txs, "
              + results.txResults().size()
              + " results");
    }
    for (int i = 0; i < txs.size(); i++) {
      TxOutcome outcome = results.txResults().get(i);
      String hash = Hex.encode(Hashes.sha256(txs.get(i))).toUpperCase(Locale.ROOT);
      if (!outcome.isOk() && !loadTxs.contains(hash)) {
        throw new AssertionError(
            "height "
                + height
                + " tx "
                + i
                + " failed with code "
                + outcome.code()
                + " and is none of the load's: "
                + outcome.log());
      }
    }
  }

  private void compareHashes(long from, long to) {
    List<LocalNode> nodes = net.all();
    for (long h = from; h <= to; h++) {
      Block reference = nodes.get(0).rpc().block(h);
      for (LocalNode node : nodes.subList(1, nodes.size())) {
        Block block = node.rpc().block(h);
        if (!block.hash().equals(reference.hash())
            || !Arrays.equals(block.appHash(), reference.appHash())) {
          throw new AssertionError(
              "height "
                  + h
                  + ": "
                  + node.home().getFileName()
                  + " has block "
                  + block.hash()
                  + " app hash "
                  + Hex.encode(block.appHash())
                  + ", node0 has "
                  + reference.hash()
                  + " "
                  + Hex.encode(reference.appHash()));
        }
      }
    }
  }

  private void append(ScenarioReport report) {
    try {
      Files.createDirectories(reportFile.toAbsolutePath().getParent());
      Files.writeString(
          reportFile,
          new ObjectMapper().writeValueAsString(report) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
