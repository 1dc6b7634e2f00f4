package io.leasechain.testnet;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leasechain.client.LeasechainClient;
import io.leasechain.client.rpc.Block;
import io.leasechain.client.rpc.BlockResults;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.TxOutcome;
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
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks every fault scenario ends with, on a network under {@link RingLoad}: all nodes reach
 * the same height with the same block and app hash at every height; every tx in a block is a load
 * transfer, executed with code 0, whose effect the state at that height shows to the ulease; no
 * acknowledged transfer is missing; no node logged broken invariants (each node checks them before
 * writing every height, and halts if one breaks); every node holds the balances and sequences the
 * load's accounting says. It remembers the heights checked so far, so each scenario checks only the
 * new ones (and {@link #sweep} rechecks them all at the end).
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
          "%-28s offered=%d acknowledged=%d committed=%d lost=%d heights=%d..%d recovery=%.1fs %s",
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

  private static final Duration AGREE = Duration.ofSeconds(180);

  private final LocalNetwork net;
  private final RingLoad load;
  private final long genesisBalance;
  private final Path reportFile;
  private final long[] balances;
  private final long[] sequences;
  private final Set<String> committed = new HashSet<>();
  private long checkedHeight;
  private long offeredBefore;
  private long acknowledgedBefore;

  public FaultChecks(LocalNetwork net, RingLoad load, long genesisBalance, Path reportFile) {
    this.net = net;
    this.load = load;
    this.genesisBalance = genesisBalance;
    this.reportFile = reportFile;
    this.balances = new long[load.wallet().size()];
    this.sequences = new long[load.wallet().size()];
    Arrays.fill(balances, genesisBalance);
  }

  /**
   * Runs every check up to the network's height now (waiting for every transfer acknowledged so far
   * to commit), then prints and appends the scenario's report; fails on the first check broken.
   */
  public ScenarioReport check(String scenario, Duration recovery, String note) {
    load.requireHealthy();
    long from = checkedHeight + 1;
    Map<String, RingLoad.Transfer> acknowledged = load.acknowledged();
    int committedBefore = committed.size();
    long deadline = System.nanoTime() + AGREE.toNanos();
    while (true) {
      long target = agreeOnHeight();
      scan(checkedHeight + 1, target);
      checkedHeight = target;
      TreeSet<String> missing = new TreeSet<>(acknowledged.keySet());
      missing.removeAll(committed);
      if (missing.isEmpty()) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            missing.size() + " acknowledged transfers never committed, e.g. " + missing.first());
      }
      // The missing ones are in the mempool: they commit within the next blocks.
      net.node(0).awaitHeight(target + 1, AGREE);
    }
    String broken = net.brokenInvariants();
    if (broken != null) {
      throw new AssertionError("invariants broken: " + broken);
    }
    checkFinalState();
    load.requireHealthy();
    long offered = load.offered();
    ScenarioReport report =
        new ScenarioReport(
            scenario,
            offered - offeredBefore,
            acknowledged.size() - acknowledgedBefore,
            committed.size() - committedBefore,
            0,
            from,
            checkedHeight,
            recovery.toMillis() / 1000.0,
            note);
    offeredBefore = offered;
    acknowledgedBefore = acknowledged.size();
    System.out.println("fault scenario: " + report.toLine());
    append(report);
    return report;
  }

  /** Rechecks block and app hashes on every node from height 1 (after the last scenario). */
  public void sweep() {
    long target = agreeOnHeight();
    compareHashes(1, target);
  }

  // Waits until every node reaches the highest height any of them has, and returns it.
  private long agreeOnHeight() {
    long target = 0;
    for (LocalNode node : net.all()) {
      if (!node.isRunning()) {
        throw new AssertionError(node.home().getFileName() + " is not running");
      }
      target = Math.max(target, node.height());
    }
    for (LocalNode node : net.all()) {
      node.awaitHeight(target, AGREE);
    }
    return target;
  }

  private void scan(long from, long to) {
    compareHashes(from, to);
    CometRpcClient rpc = net.node(0).rpc();
    Map<String, RingLoad.Transfer> acknowledged = load.acknowledged();
    for (long h = from; h <= to; h++) {
      List<byte[]> txs = rpc.block(h).txs();
      BlockResults results = rpc.blockResults(h);
      Set<Integer> touched = new TreeSet<>();
      for (int i = 0; i < txs.size(); i++) {
        String hash = Hex.encode(Hashes.sha256(txs.get(i))).toUpperCase(Locale.ROOT);
        TxOutcome outcome = results.txResults().get(i);
        RingLoad.Transfer transfer = acknowledged.get(hash);
        if (transfer == null) {
          throw new AssertionError("height " + h + " tx " + i + " is no transfer of the load");
        }
        if (!outcome.isOk()) {
          throw new AssertionError(
              "height " + h + " tx " + i + " failed: " + outcome.code() + " " + outcome.log());
        }
        if (!committed.add(hash)) {
          throw new AssertionError("height " + h + " tx " + i + " committed twice");
        }
        balances[transfer.from()] -= transfer.amount() + transfer.fee();
        balances[transfer.to()] += transfer.amount();
        sequences[transfer.from()]++;
        touched.add(transfer.from());
        touched.add(transfer.to());
      }
      // Every tx's effect, in the state right after its block.
      LeasechainClient atHeight = new LeasechainClient(rpc, h);
      for (int account : touched) {
        long balance = atHeight.account(load.wallet().address(account)).getBalance();
        if (balance != balances[account]) {
          throw new AssertionError(
              "height "
                  + h
                  + ": account "
                  + account
                  + " holds "
                  + balance
                  + " ulease, the committed transfers say "
                  + balances[account]);
        }
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

  // The funds accounting against every node's state at the last checked height.
  private void checkFinalState() {
    for (LocalNode node : net.all()) {
      LeasechainClient client = new LeasechainClient(node.rpc(), checkedHeight);
      for (int i = 0; i < balances.length; i++) {
        var account = client.account(load.wallet().address(i));
        if (account.getBalance() != balances[i] || account.getSequence() != sequences[i]) {
          throw new AssertionError(
              node.home().getFileName()
                  + " at height "
                  + checkedHeight
                  + ": account "
                  + i
                  + " has "
                  + account.getBalance()
                  + " ulease, sequence "
                  + account.getSequence()
                  + "; the load's accounting says "
                  + balances[i]
                  + ", "
                  + sequences[i]);
        }
      }
    }
    long total = Arrays.stream(balances).sum();
    Map<String, RingLoad.Transfer> acknowledged = load.acknowledged();
    long fees = 0;
    for (String hash : committed) {
      fees += acknowledged.get(hash).fee();
    }
    if (total + fees != genesisBalance * balances.length) {
      throw new AssertionError("the ring's balances plus fees paid do not add up to its genesis");
    }
  }

  private void append(ScenarioReport report) {
    try {
      Files.createDirectories(reportFile.getParent());
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
