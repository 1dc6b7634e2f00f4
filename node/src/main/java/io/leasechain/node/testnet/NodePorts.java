package io.leasechain.node.testnet;

import java.util.List;

/**
 * Every TCP port one node opens on loopback: CometBFT's p2p and RPC, the application's ABCI,
 * gateway and metrics, and CometBFT's Prometheus metrics. CometBFT's pprof and gRPC listeners stay
 * off (their laddr is empty in config.toml).
 */
public record NodePorts(int p2p, int rpc, int abci, int gateway, int metrics, int cometMetrics) {

  /** Ports a testnet node takes from its base port; node i's block starts at base + STRIDE * i. */
  public static final int STRIDE = 10;

  /** Node {@code index}'s ports in a testnet whose first port is {@code base}. */
  public static NodePorts at(int base, int index) {
    int first = Math.addExact(base, Math.multiplyExact(STRIDE, index));
    if (base < 1024 || first + STRIDE - 1 > 65535) {
      throw new IllegalArgumentException(
          "--base-port " + base + " leaves node" + index + " outside the ports 1024..65535");
    }
    return new NodePorts(first, first + 1, first + 2, first + 3, first + 4, first + 5);
  }

  public List<Integer> all() {
    return List.of(p2p, rpc, abci, gateway, metrics, cometMetrics);
  }

  /** The name of {@code port} among this node's ports, for error messages. */
  public String nameOf(int port) {
    List<String> names = List.of("p2p", "rpc", "abci", "gateway", "metrics", "cometbft metrics");
    return names.get(all().indexOf(port));
  }
}
