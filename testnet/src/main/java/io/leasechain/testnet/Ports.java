package io.leasechain.testnet;

import io.leasechain.node.testnet.NodePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Random;
import java.util.TreeSet;

/** Free loopback TCP ports for a local node. */
public final class Ports {

  private static final int LOW = 20000;
  // Linux hands out ephemeral ports (outgoing connections, bind to port 0) from 32768 on.
  private static final int HIGH = 32000;

  // Helpers picking blocks at once start from different places.
  private static final Random RANDOM = new Random();

  // Ports handed out by this JVM: a node binds its ports only when it starts, maybe minutes after
  // it got them, and until then they look free to the next caller.
  private static final TreeSet<Integer> HANDED_OUT = new TreeSet<>();

  private Ports() {}

  /**
   * The first of {@code count} consecutive loopback ports free now and never handed out before by
   * this JVM, below the ephemeral range so that no outgoing connection takes one before the node
   * binds it.
   */
  public static synchronized int freeBlock(int count) {
    int blocks = (HIGH - count - LOW) / 10;
    for (int attempt = 0; attempt < 400; attempt++) {
      int base = LOW + RANDOM.nextInt(blocks) * 10;
      if (overlapsHandedOut(base, count)) {
        continue;
      }
      boolean free = true;
      for (int port = base; port < base + count && free; port++) {
        free = isFree(port);
      }
      if (free) {
        for (int port = base; port < base + count; port++) {
          HANDED_OUT.add(port);
        }
        return base;
      }
    }
    throw new IllegalStateException(
        "no " + count + " consecutive free ports in " + LOW + ".." + HIGH);
  }

  /** Every port one local node opens, from a block of its own (see {@link #freeBlock}). */
  public static NodePorts forNode() {
    return NodePorts.at(freeBlock(NodePorts.STRIDE), 0);
  }

  private static boolean overlapsHandedOut(int base, int count) {
    Integer taken = HANDED_OUT.ceiling(base);
    return taken != null && taken < base + count;
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * A loopback port nothing listens on now, from the ephemeral range: only for a port nothing will
   * bind later (a dead endpoint), since an outgoing connection may take it at any time.
   */
  public static int unused() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
