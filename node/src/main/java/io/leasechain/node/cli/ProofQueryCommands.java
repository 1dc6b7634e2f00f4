package io.leasechain.node.cli;

import com.google.protobuf.MessageOrBuilder;
import io.leasechain.client.LeasechainClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `leasechain query proof|proofs|dispute`. */
final class ProofQueryCommands {

  private ProofQueryCommands() {}

  @Command(
      name = "proof",
      description =
          "A GPU job proof: period, output root, usage, state, challenge window, pending amount.")
  static final class Proof extends ProtoQueryCommand {
    @Parameters(index = "0", paramLabel = "ID", converter = Converters.U64.class)
    long id;

    @Override
    MessageOrBuilder fetch(LeasechainClient client) {
      return client.proof(id);
    }
  }

  @Command(name = "proofs", description = "A lease's proofs, by id.")
  static final class Proofs extends ProtoQueryCommand.Paged {
    @Option(names = "--lease", required = true, paramLabel = "ID", converter = Converters.U64.class)
    long leaseId;

    @Override
    MessageOrBuilder fetch(LeasechainClient client) {
      return client.proofs(leaseId, page());
    }
  }

  @Command(name = "dispute", description = "A dispute over a proof: evidence, deadline, outcome.")
  static final class Dispute extends ProtoQueryCommand {
    @Parameters(index = "0", paramLabel = "ID", converter = Converters.U64.class)
    long id;

    @Override
    MessageOrBuilder fetch(LeasechainClient client) {
      return client.dispute(id);
    }
  }
}
