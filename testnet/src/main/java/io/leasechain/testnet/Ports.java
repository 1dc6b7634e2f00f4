package io.leasechain.testnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback TCP ports for a local node. */
public final class Ports {

  // Helpers picking blocks at once start from different places.
  private static final java.util.Random RANDOM = new java.util.Random();

  private Ports() {}

  /**
   * The first of {@code count} consecutive loopback ports free now, below the ephemeral range (from
   * 32768 on Linux) so that no outgoing connection takes one before the node binds it.
   */
  public static int freeBlock(int count) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int base = 20000 + RANDOM.nextInt((32000 - count - 20000) / 10) * 10;
      boolean free = true;
      for (int port = base; port < base + count && free; port++) {
        free = isFree(port);
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException("no " + count + " consecutive free ports in 20000..32000");
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
