package io.leasechain.node.abci;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the ABCI server listens, written as CometBFT's {@code proxy_app}: {@code tcp://HOST:PORT}
 * or {@code unix:///path/to/app.sock}. Exactly one of {@code host} and {@code socket} is set.
 */
public record AbciAddress(String host, int port, Path socket) {

  private static final String TCP = "tcp://";
  private static final String UNIX = "unix://";

  public AbciAddress {
    if ((host == null) == (socket == null)) {
      throw new IllegalArgumentException("an ABCI address is either tcp or unix");
    }
  }

  public static AbciAddress tcp(String host, int port) {
    return new AbciAddress(Objects.requireNonNull(host, "host"), port, null);
  }

  public static AbciAddress unix(Path socket) {
    return new AbciAddress(null, 0, Objects.requireNonNull(socket, "socket"));
  }

  /**
   * Parses {@code tcp://HOST:PORT} or {@code unix://PATH} (so {@code unix:///abs/app.sock}).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static AbciAddress parse(String text) {
    if (text.startsWith(UNIX) && text.length() > UNIX.length()) {
      return unix(Path.of(text.substring(UNIX.length())));
    }
    if (text.startsWith(TCP)) {
      try {
        URI uri = URI.create(text);
        if (uri.getHost() != null && uri.getPort() >= 0 && uri.getRawPath().isEmpty()) {
          return tcp(uri.getHost(), uri.getPort());
        }
      } catch (IllegalArgumentException e) {
        // Falls through to the message naming both accepted forms.
      }
    }
    throw new IllegalArgumentException(
        "ABCI address '" + text + "': expected tcp://HOST:PORT or unix:///path/to/app.sock");
  }

  public boolean isUnix() {
    return socket != null;
  }

  SocketAddress socketAddress() {
    return isUnix() ? UnixDomainSocketAddress.of(socket) : new InetSocketAddress(host, port);
  }

  @Override
  public String toString() {
    return isUnix() ? UNIX + socket : TCP + host + ":" + port;
  }
}
