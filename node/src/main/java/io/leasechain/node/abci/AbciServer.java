package io.leasechain.node.abci;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.protobuf.ProtobufEncoder;
import io.netty.handler.codec.protobuf.ProtobufVarint32FrameDecoder;
import io.netty.handler.codec.protobuf.ProtobufVarint32LengthFieldPrepender;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A TCP server speaking CometBFT's ABCI socket protocol to one {@link AbciApplication}. */
public final class AbciServer implements AutoCloseable {

  /** Loopback, so that only a CometBFT on the same machine can drive the application. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  private static final Logger log = LoggerFactory.getLogger(AbciServer.class);

  // CometBFT opens four connections (consensus, mempool, query, snapshot); one thread each
  // keeps a slow FinalizeBlock from delaying Echo/Flush answers on the others.
  private static final int APPLICATION_THREADS = 4;
  private static final long SHUTDOWN_TIMEOUT_SECONDS = 15;

  private final EventLoopGroup acceptGroup;
  private final EventLoopGroup ioGroup;
  private final EventExecutorGroup applicationGroup;
  private final ChannelGroup connections;
  private final Channel serverChannel;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();

  private AbciServer(String host, int port, AbciApplication app) throws IOException {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(app, "app");
    Lock appLock = new ReentrantLock();
    acceptGroup =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("abci-accept"), NioIoHandler.newFactory());
    ioGroup =
        new MultiThreadIoEventLoopGroup(
            0, new DefaultThreadFactory("abci-io"), NioIoHandler.newFactory());
    applicationGroup =
        new DefaultEventExecutorGroup(APPLICATION_THREADS, new DefaultThreadFactory("abci-app"));
    connections = new DefaultChannelGroup("abci-connections", GlobalEventExecutor.INSTANCE);
    ChannelFuture bound =
        new ServerBootstrap()
            .group(acceptGroup, ioGroup)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            // Responses are already batched up to each Flush; Nagle would only add latency.
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    connections.add(channel);
                    configure(channel.pipeline(), applicationGroup.next(), app, appLock);
                  }
                })
            .bind(host, port)
            .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      shutDown(acceptGroup, ioGroup, applicationGroup);
      throw new IOException("ABCI server cannot listen on " + host + ":" + port, bound.cause());
    }
    serverChannel = bound.channel();
    this.port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    log.info("ABCI server listening on {}:{}", host, this.port);
  }

  /**
   * Starts serving {@code app} on {@code host:port}; port 0 picks a free port, see {@link #port()}.
   *
   * @throws IOException if the address cannot be bound
   */
  public static AbciServer start(String host, int port, AbciApplication app) throws IOException {
    return new AbciServer(host, port, app);
  }

  /** Starts serving {@code app} on {@link #DEFAULT_HOST}{@code :port}. */
  public static AbciServer start(int port, AbciApplication app) throws IOException {
    return start(DEFAULT_HOST, port, app);
  }

  /** Lays out one connection's pipeline; its requests are answered on {@code executor}. */
  static void configure(
      ChannelPipeline pipeline, EventExecutor executor, AbciApplication app, Lock appLock) {
    pipeline.addLast("frameDecoder", new ProtobufVarint32FrameDecoder());
    pipeline.addLast("frameEncoder", new ProtobufVarint32LengthFieldPrepender());
    pipeline.addLast("responseEncoder", new ProtobufEncoder());
    pipeline.addLast("requests", new AbciConnectionHandler(executor, app, appLock));
  }

  /** The port the server listens on, the one the system picked if it was started with 0. */
  public int port() {
    return port;
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
    shutDown(applicationGroup);
    log.info("ABCI server stopped");
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
