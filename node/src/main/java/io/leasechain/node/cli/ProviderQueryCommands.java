package io.leasechain.node.cli;

import com.google.protobuf.MessageOrBuilder;
import io.leasechain.client.LeasechainClient;
import io.leasechain.client.query.ProviderFilter;
import io.leasechain.ledger.provider.proto.ProviderState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `leasechain query provider|providers|auditor|auditors`. */
final class ProviderQueryCommands {

  private ProviderQueryCommands() {}

  @Command(name = "provider", description = "A provider: offer, bond, state, attestations.")
  static final class Provider extends ProtoQueryCommand {
    @Parameters(index = "0", paramLabel = "ADDR|KEY", description = "lease1… address or key name")
    String provider;

    @Override
    MessageOrBuilder fetch(LeasechainClient client) {
      return client.provider(account(provider));
    }
  }

  @Command(name = "providers", description = "Providers, by address.")
  static final class Providers extends ProtoQueryCommand.Paged {
    @Option(names = "--state", paramLabel = "pending|active|suspended|retired")
    ProviderState state;

    @Option(names = "--gpu-model", paramLabel = "MODEL")
    String gpuModel;

    @Override
    MessageOrBuilder fetch(LeasechainClient client) {
      return client.providers(new ProviderFilter(state, gpuModel), page());
    }
  }

  @Command(name = "auditor", description = "An auditor the council appointed.")
  static final class Auditor extends ProtoQueryCommand {
    @Parameters(index = "0", paramLabel = "ADDR|KEY", description = "lease1… address or key name")
    String auditor;

    @Override
    MessageOrBuilder fetch(LeasechainClient client) {
      return client.auditor(account(auditor));
    }
  }

  @Command(name = "auditors", description = "Auditors, by address.")
  static final class Auditors extends ProtoQueryCommand.Paged {
    @Override
    MessageOrBuilder fetch(LeasechainClient client) {
      return client.auditors(page());
    }
  }
}
