package io.leasechain.node.cli;

import io.leasechain.client.load.LoadGenerator;
import io.leasechain.client.load.LoadMix;
import io.leasechain.client.load.LoadReport;
import io.leasechain.client.load.LoadRun;
import io.leasechain.client.load.LoadSpec;
import io.leasechain.crypto.Ed25519PrivateKey;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `leasechain load`: offers txs at a fixed rate and reports what the chain committed. */
@Command(
    name = "load",
    description =
        "Offer txs at a fixed rate with broadcast_tx_sync and report offered vs committed tx/s,"
            + " CheckTx rejections, commit latency and lost txs. transfers and market need --from"
            + " (a funded key; for market a 1-of-1 council member, like a devnet's dev key);"
            + " kvstore drives CometBFT's built-in kvstore app with txs of a transfer's size.")
final class LoadCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin NodeOptions node;
  @Mixin HomeOptions home;

  @Option(
      names = "--rate",
      required = true,
      paramLabel = "TX/S",
      description = "Txs offered per second")
  long rate;

  @Option(
      names = "--duration",
      defaultValue = "10s",
      converter = Converters.Period.class,
      description = "How long to offer, e.g. 30s or 2m (default ${DEFAULT-VALUE})")
  Duration duration;

  @Option(
      names = "--mix",
      defaultValue = "transfers",
      paramLabel = "transfers|market|kvstore",
      description = "What to offer (default ${DEFAULT-VALUE})")
  String mix;

  @Option(
      names = "--accounts",
      defaultValue = "200",
      description = "Accounts to send from (default ${DEFAULT-VALUE}); market pairs them")
  int accounts;

  @Option(names = "--from", paramLabel = "KEY", description = "Key that funds the accounts")
  String from;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description =
          "Derives the accounts with --from's secret; a new seed gives new accounts (default"
              + " ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--connections",
      defaultValue = "64",
      description = "Broadcasts in flight at most (default ${DEFAULT-VALUE})")
  int connections;

  @Option(
      names = "--drain",
      defaultValue = "30s",
      converter = Converters.Period.class,
      description =
          "How long to wait for acknowledged txs after offering (default ${DEFAULT-VALUE})")
  Duration drain;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text")
  OutputFormat output;

  @Override
  public Integer call() throws Exception {
    LoadMix loadMix = LoadMix.parse(mix);
    LoadSpec loadSpec =
        new LoadSpec(node.uri(), rate, duration, loadMix, accounts, seed, connections, drain);
    Ed25519PrivateKey funder = null;
    if (loadMix != LoadMix.KVSTORE) {
      if (from == null) {
        throw new IllegalArgumentException("the " + mix + " mix needs --from KEY to fund accounts");
      }
      funder = KeysCommand.keyring(home).privateKey(from);
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println("preparing " + loadSpec.txCount() + " txs from " + accounts + " accounts...");
    err.flush();
    LoadRun run = LoadGenerator.prepare(loadSpec, funder).start();
    Duration bound = duration.plus(drain).plusSeconds(120);
    if (!run.await(bound)) {
      run.stop();
      throw new CommandFailed("the load run did not end within " + bound);
    }
    LoadReport report = run.report();
    PrintWriter out = spec.commandLine().getOut();
    out.print(output == OutputFormat.json ? report.toJson() + "\n" : report.toText());
    out.flush();
    if (!report.lost().isEmpty()) {
      throw new CommandFailed(report.lost().size() + " acknowledged txs were not committed");
    }
    if (report.funds() != null && !report.funds().ok()) {
      throw new CommandFailed("the chain's balances differ from the committed txs' effects");
    }
    return 0;
  }
}
