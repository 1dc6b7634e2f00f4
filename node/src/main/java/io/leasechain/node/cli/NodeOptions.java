package io.leasechain.node.cli;

import io.leasechain.client.LeasechainClient;
import io.leasechain.client.rpc.CometRpcClient;
import java.net.URI;
import picocli.CommandLine.Option;

/** --node: the CometBFT RPC endpoint a command talks to. */
final class NodeOptions {

  @Option(
      names = "--node",
      defaultValue = "tcp://127.0.0.1:26657",
      description = "CometBFT RPC endpoint (tcp:// or http://; default ${DEFAULT-VALUE})")
  String node;

  LeasechainClient client() {
    return new LeasechainClient(new CometRpcClient(uri()));
  }

  URI uri() {
    String address =
        node.startsWith("tcp://") ? "http://" + node.substring("tcp://".length()) : node;
    return URI.create(address);
  }
}
