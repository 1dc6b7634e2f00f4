package io.leasechain.node.abci;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.protobuf.ProtobufEncoder;
import io.netty.handler.codec.protobuf.ProtobufVarint32LengthFieldPrepender;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * A server speaking CometBFT's ABCI socket protocol to one {@link AbciApplication}, on TCP or on a
 * unix domain socket.
 */
public final class AbciServer implements AutoCloseable {

  /** Loopback, so that only a CometBFT on the same machine can drive the application. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /**
   * The largest request accepted, 64 MiB: above CometBFT's default block size (21 MiB) with room
   * for the commit info around it, far below what would exhaust the heap.
   */
  public static final int DEFAULT_MAX_FRAME_BYTES = 64 << 20;

  /**
   * The most connections open at once, 16: CometBFT opens 4 (consensus, mempool, query, snapshot)
   * and, when it restarts, 4 new ones while the old ones may not have been seen closing yet.
   */
  public static final int DEFAULT_MAX_CONNECTIONS = 16;

  private static final Logger log = LoggerFactory.getLogger(AbciServer.class);

  private static final long SHUTDOWN_TIMEOUT_SECONDS = 15;

  // Above the high mark a connection stops reading until its peer has taken the answers down
  // to the low mark, so a peer that never reads cannot make the node buffer without end.
  private static final WriteBufferWaterMark OUTBOUND_LIMITS =
      new WriteBufferWaterMark(1 << 20, 4 << 20);

  private final EventLoopGroup acceptGroup;
  private final EventLoopGroup ioGroup;
  // CometBFT opens four connections (consensus, mempool, query, snapshot). Each gets a thread
  // of its own, however many others were opened, so that a slow FinalizeBlock never delays a
  // Query or the Echo/Flush answers of another connection.
  private final ThreadFactory applicationThreads = new DefaultThreadFactory("abci-app");
  private final Set<EventExecutor> applicationExecutors = ConcurrentHashMap.newKeySet();
  private final ChannelGroup connections;
  private final Channel serverChannel;
  private final AbciAddress address;
  private final AtomicBoolean closed = new AtomicBoolean();
  // Each connection may buffer a frame of up to maxFrameBytes and holds a thread, so without a
  // cap a local process opening connections could exhaust memory and threads.
  private final int maxConnections;
  private final AtomicInteger openConnections = new AtomicInteger();
  // A process hammering the port gets one WARN per interval, the other refusals only DEBUG.
  private final PeerTriggeredLog refusals = new PeerTriggeredLog(log, Level.WARN, 1);
  private final AbciConnectionHandler.PeerLogs peerLogs = AbciConnectionHandler.PeerLogs.create();

  private AbciServer(
      AbciAddress requested, AbciApplication app, int maxFrameBytes, int maxConnections)
      throws IOException {
    Objects.requireNonNull(requested, "address");
    Objects.requireNonNull(app, "app");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive, got " + maxConnections);
    }
    this.maxConnections = maxConnections;
    if (requested.isUnix()) {
      removeStaleSocket(requested.socket());
    }
    Lock appLock = new ReentrantLock();
    acceptGroup =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("abci-accept"), NioIoHandler.newFactory());
    ioGroup =
        new MultiThreadIoEventLoopGroup(
            0, new DefaultThreadFactory("abci-io"), NioIoHandler.newFactory());
    connections = new DefaultChannelGroup("abci-connections", GlobalEventExecutor.INSTANCE);
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(acceptGroup, ioGroup)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, OUTBOUND_LIMITS)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    if (!admit(channel)) {
                      return;
                    }
                    connections.add(channel);
                    configure(
                        channel.pipeline(),
                        holdSlot(channel),
                        app,
                        appLock,
                        maxFrameBytes,
                        peerLogs);
                  }
                });
    if (requested.isUnix()) {
      bootstrap.channel(NioServerDomainSocketChannel.class);
    } else {
      bootstrap
          .channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_REUSEADDR, true)
          // Responses are already batched up to each Flush; Nagle would only add latency.
          .childOption(ChannelOption.TCP_NODELAY, true);
    }
    ChannelFuture bound = bootstrap.bind(requested.socketAddress()).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      shutDown(acceptGroup, ioGroup);
      throw new IOException("ABCI server cannot listen on " + requested, bound.cause());
    }
    serverChannel = bound.channel();
    address =
        requested.isUnix()
            ? requested
            : AbciAddress.tcp(
                requested.host(), ((InetSocketAddress) serverChannel.localAddress()).getPort());
    log.info(
        "ABCI server listening on {} (frames up to {} bytes, up to {} connections)",
        address,
        maxFrameBytes,
        maxConnections);
  }

  /**
   * Starts serving {@code app} on {@code address}; a tcp port 0 picks a free port, see {@link
   * #address()}. Requests longer than {@code maxFrameBytes} close their connection; a connection
   * beyond {@code maxConnections} open at once is closed as soon as it is accepted.
   *
   * @throws IOException if the address cannot be bound
   */
  public static AbciServer start(
      AbciAddress address, AbciApplication app, int maxFrameBytes, int maxConnections)
      throws IOException {
    return new AbciServer(address, app, maxFrameBytes, maxConnections);
  }

  /** Starts serving {@code app} on {@code address} with the default connection cap. */
  public static AbciServer start(AbciAddress address, AbciApplication app, int maxFrameBytes)
      throws IOException {
    return start(address, app, maxFrameBytes, DEFAULT_MAX_CONNECTIONS);
  }

  /** Starts serving {@code app} on {@code host:port} with the default frame limit. */
  public static AbciServer start(String host, int port, AbciApplication app) throws IOException {
    return start(AbciAddress.tcp(host, port), app, DEFAULT_MAX_FRAME_BYTES);
  }

  /** Starts serving {@code app} on {@link #DEFAULT_HOST}{@code :port}. */
  public static AbciServer start(int port, AbciApplication app) throws IOException {
    return start(DEFAULT_HOST, port, app);
  }

  /**
   * Counts {@code channel} among the open connections, or closes it at once if the cap is reached;
   * says whether it was admitted. An admitted one must then {@link #holdSlot}.
   */
  private boolean admit(Channel channel) {
    if (openConnections.incrementAndGet() > maxConnections) {
      openConnections.decrementAndGet();
      refuse(channel);
      return false;
    }
    return true;
  }

  /**
   * The admitted {@code channel}'s application thread, which keeps the channel's slot until it has
   * ended: requests queued before a close still hold it and their buffers, so a slot freed at the
   * close would let a peer closing and reconnecting pile up threads and memory through one slot.
   */
  private EventExecutor holdSlot(Channel channel) {
    EventExecutor executor;
    try {
      executor = applicationExecutor(channel);
    } catch (RuntimeException | Error e) {
      // No thread was made, so nothing outlives the channel, which the failure closes.
      channel.closeFuture().addListener(closed -> openConnections.decrementAndGet());
      throw e;
    }
    executor.terminationFuture().addListener(ended -> openConnections.decrementAndGet());
    return executor;
  }

  private void refuse(Channel channel) {
    refusals.log(
        "ABCI connection from {} refused: {} connections are open, the cap of [abci]"
            + " max_connections",
        channel.remoteAddress(),
        maxConnections);
    channel.close();
  }

  /** A thread for one connection's requests, ended once they are answered after it closes. */
  private EventExecutor applicationExecutor(Channel channel) {
    EventExecutor executor = new DefaultEventExecutor(applicationThreads);
    applicationExecutors.add(executor);
    executor.terminationFuture().addListener(done -> applicationExecutors.remove(executor));
    channel
        .closeFuture()
        .addListener(
            closed -> executor.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS));
    return executor;
  }

  /** Lays out one connection's pipeline; its requests are answered on {@code executor}. */
  static void configure(
      ChannelPipeline pipeline,
      EventExecutor executor,
      AbciApplication app,
      Lock appLock,
      int maxFrameBytes,
      AbciConnectionHandler.PeerLogs logs) {
    pipeline.addLast("frameDecoder", new AbciFrameDecoder(maxFrameBytes));
    pipeline.addLast("frameEncoder", new ProtobufVarint32LengthFieldPrepender());
    pipeline.addLast("responseEncoder", new ProtobufEncoder());
    pipeline.addLast("requests", new AbciConnectionHandler(executor, app, appLock, logs));
  }

  /** Where the server listens, with the port the system picked if it was started with 0. */
  public AbciAddress address() {
    return address;
  }

  /** The TCP port the server listens on, the one the system picked if it was started with 0. */
  public int port() {
    if (address.isUnix()) {
      throw new IllegalStateException("listening on " + address + ", not on a TCP port");
    }
    return address.port();
  }

  /**
   * Stops accepting, closes every connection, lets a running application call finish, and waits for
   * all threads to end. Calling it again does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    serverChannel.close().awaitUninterruptibly();
    connections.close().awaitUninterruptibly();
    // I/O threads go first: while a connection closes they may still hand its last
    // buffered requests to the application threads, which must be alive to take them.
    // What those requests answer is dropped, as the connection is gone anyway.
    shutDown(acceptGroup, ioGroup);
    shutDown(applicationExecutors.toArray(EventExecutor[]::new));
    if (address.isUnix()) {
      try {
        Files.deleteIfExists(address.socket());
      } catch (IOException e) {
        log.warn("cannot remove the ABCI socket {}", address.socket(), e);
      }
    }
    log.info("ABCI server stopped");
  }

  // A socket file left by a node that died would make bind fail; anything else at that path
  // is not ours to delete.
  private static void removeStaleSocket(Path socket) throws IOException {
    if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(socket, LinkOption.NOFOLLOW_LINKS)
        && !Files.isDirectory(socket, LinkOption.NOFOLLOW_LINKS)
        && !Files.isSymbolicLink(socket)) {
      Files.delete(socket);
    }
  }

  private static void shutDown(EventExecutorGroup... groups) {
    // No quiet period: with the channels closed, any work still arriving is for them only.
    for (EventExecutorGroup group : groups) {
      group.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
    for (EventExecutorGroup group : groups) {
      group.terminationFuture().awaitUninterruptibly();
    }
  }
}
