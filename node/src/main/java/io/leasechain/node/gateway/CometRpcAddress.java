package io.leasechain.node.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the node's own CometBFT serves RPC: config.toml's {@code [rpc] laddr}, as an http URI. */
public final class CometRpcAddress {

  /** CometBFT's default RPC address. */
  public static final URI DEFAULT = URI.create("http://127.0.0.1:26657");

  private CometRpcAddress() {}

  /**
   * The RPC address in {@code <home>/config/config.toml}, or the default if there is none. A
   * wildcard listen address is reached on loopback.
   *
   * @throws IllegalArgumentException if laddr is not tcp://HOST:PORT
   */
  public static URI of(Path home) throws IOException {
    Path file = home.resolve("config").resolve("config.toml");
    if (!Files.exists(file)) {
      return DEFAULT;
    }
    JsonNode laddr = new TomlMapper().readTree(file.toFile()).path("rpc").path("laddr");
    if (laddr.isMissingNode()) {
      return DEFAULT;
    }
    URI uri;
    try {
      uri = URI.create(laddr.asText());
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null
        || !"tcp".equals(uri.getScheme())
        || uri.getHost() == null
        || uri.getPort() < 0) {
      throw new IllegalArgumentException(
          file
              + ": [rpc] laddr '"
              + laddr.asText()
              + "' is not tcp://HOST:PORT; the gateway needs it");
    }
    String host =
        uri.getHost().equals("0.0.0.0") || uri.getHost().equals("[::]")
            ? "127.0.0.1"
            : uri.getHost();
    return URI.create("http://" + host + ":" + uri.getPort());
  }
}
