package io.leasechain.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leasechain.crypto.Address;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `leasechain query`: read chain state through abci_query. */
@Command(
    name = "query",
    aliases = "q",
    description = "Query chain state.",
    subcommands = {
      QueryCommand.Account.class,
      QueryCommand.Params.class,
      QueryCommand.Supply.class,
      ProviderQueryCommands.Provider.class,
      ProviderQueryCommands.Providers.class,
      ProviderQueryCommands.Auditor.class,
      ProviderQueryCommands.Auditors.class,
      MarketQueryCommands.Order.class,
      MarketQueryCommands.Orders.class,
      MarketQueryCommands.Bid.class,
      MarketQueryCommands.Bids.class,
      MarketQueryCommands.Lease.class,
      MarketQueryCommands.Leases.class,
      MarketQueryCommands.Escrow.class,
      ProofQueryCommands.Proof.class,
      ProofQueryCommands.Proofs.class,
      ProofQueryCommands.Dispute.class,
      AuthorityQueryCommands.Proposal.class,
      AuthorityQueryCommands.Proposals.class,
      AuthorityQueryCommands.Council.class,
      AuthorityQueryCommands.Validators.class,
      AuthorityQueryCommands.Emission.class,
      UpgradeQueryCommands.class
    })
final class QueryCommand {

  @Command(name = "account", description = "An account: balance (ulease), sequence, public key.")
  static final class Account implements Callable<Integer> {
    @Mixin NodeOptions node;
    @Mixin HomeOptions home;
    @Mixin ProveOptions prove;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "lease1… address or key name")
    String account;

    @Option(
        names = {"-o", "--output"},
        defaultValue = "text")
    OutputFormat output;

    @Override
    public Integer call() {
      Address address = Accounts.resolve(home, account);
      prove.print(
          spec.commandLine().getOut(),
          output,
          output.render(prove.client(spec, node, home).account(address)));
      return 0;
    }
  }

  @Command(name = "params", description = "Every module's parameters.")
  static final class Params implements Callable<Integer> {
    @Mixin NodeOptions node;
    @Mixin HomeOptions home;
    @Mixin ProveOptions prove;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
        names = {"-o", "--output"},
        defaultValue = "text")
    OutputFormat output;

    @Override
    public Integer call() {
      prove.print(
          spec.commandLine().getOut(),
          output,
          output.render(prove.client(spec, node, home).params()));
      return 0;
    }
  }

  @Command(name = "supply", description = "Total ulease in existence.")
  static final class Supply implements Callable<Integer> {
    @Mixin NodeOptions node;
    @Mixin HomeOptions home;
    @Mixin ProveOptions prove;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
        names = {"-o", "--output"},
        defaultValue = "text")
    OutputFormat output;

    @Override
    public Integer call() {
      ObjectNode result = OutputFormat.object();
      result.put("total", Long.toString(prove.client(spec, node, home).supply()));
      prove.print(spec.commandLine().getOut(), output, result);
      return 0;
    }
  }
}
