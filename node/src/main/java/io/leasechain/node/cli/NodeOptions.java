package io.leasechain.node.cli;

import io.leasechain.client.LeasechainClient;
import io.leasechain.client.rpc.CometRpcClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Option;

/** --node: the CometBFT RPC endpoint a command talks to. */
final class NodeOptions {

  @Option(
      names = "--node",
      paramLabel = "URL",
      defaultValue = "tcp://127.0.0.1:26657",
      description = "CometBFT RPC endpoint (http://, https:// or tcp://; default ${DEFAULT-VALUE})")
  String node;

  private static final Set<String> SCHEMES = Set.of("http", "https", "tcp");

  LeasechainClient client() {
    return new LeasechainClient(new CometRpcClient(uri()));
  }

  /** The endpoint as an HTTP URL: tcp:// is CometBFT's name for its plain HTTP listener. */
  URI uri() {
    URI uri;
    try {
      uri = new URI(node.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--node '" + node + "' is not a URL: " + e.getReason(), e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!SCHEMES.contains(scheme)) {
      throw new IllegalArgumentException(
          "unknown URL scheme '" + scheme + "' in --node: use http://, https:// or tcp://");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(
          "--node '" + node + "' names no host: use e.g. http://127.0.0.1:26657");
    }
    return scheme.equals("tcp") ? URI.create("http" + node.strip().substring("tcp".length())) : uri;
  }
}
