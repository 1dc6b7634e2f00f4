package io.leasechain.node.cli;

import com.google.protobuf.MessageOrBuilder;
import io.leasechain.client.LeasechainClient;
import io.leasechain.ledger.authority.proto.ProposalState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `leasechain query proposal|proposals|council`. */
final class AuthorityQueryCommands {

  private AuthorityQueryCommands() {}

  @Command(name = "proposal", description = "A council proposal: its action, approvals and state.")
  static final class Proposal extends ProtoQueryCommand {
    @Parameters(index = "0", paramLabel = "ID", converter = Converters.U64.class)
    long id;

    @Override
    MessageOrBuilder fetch(LeasechainClient client) {
      return client.proposal(id);
    }
  }

  @Command(name = "proposals", description = "Council proposals, by id.")
  static final class Proposals extends ProtoQueryCommand.Paged {
    @Option(names = "--state", paramLabel = "open|executed|expired")
    ProposalState state;

    @Override
    MessageOrBuilder fetch(LeasechainClient client) {
      return client.proposals(state, page());
    }
  }

  @Command(
      name = "validators",
      description = "The validator set: power, operator, blocks signed, rewards earned.")
  static final class Validators extends ProtoQueryCommand {
    @Override
    boolean lists() {
      return true;
    }

    @Override
    MessageOrBuilder fetch(LeasechainClient client) {
      return client.validators();
    }
  }

  @Command(
      name = "emission",
      description = "The emission schedule's state: epoch, ulease per block, minted, burnt.")
  static final class Emission extends ProtoQueryCommand {
    @Override
    MessageOrBuilder fetch(LeasechainClient client) {
      return client.emission();
    }
  }

  @Command(name = "council", description = "The council's members and approval threshold.")
  static final class Council extends ProtoQueryCommand {
    @Override
    MessageOrBuilder fetch(LeasechainClient client) {
      return client.council();
    }
  }
}
