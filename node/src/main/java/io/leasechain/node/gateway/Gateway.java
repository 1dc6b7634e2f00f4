package io.leasechain.node.gateway;

import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.node.abci.proto.RequestQuery;
import io.leasechain.node.abci.proto.ResponseQuery;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only REST/JSON gateway (docs/gateway.md): state from the node's own committed state,
 * blocks and txs from its CometBFT RPC, the OpenAPI document and the web explorer's files.
 */
public final class Gateway implements AutoCloseable {

  /**
   * Every path served besides {@link StateRoutes#ALL}, as the OpenAPI document writes them; the
   * conformance test holds the document to this list.
   */
  public static final List<String> CHAIN_AND_FILE_PATHS =
      List.of(
          "/v1/status",
          "/v1/blocks",
          "/v1/blocks/latest",
          "/v1/blocks/{height}",
          "/v1/txs",
          "/v1/txs/{hash}",
          Router.OPENAPI_PATH,
          ExplorerFiles.PREFIX,
          ExplorerFiles.PREFIX + "/{file}");

  /** Longest request line, and longest header block, accepted. */
  static final int MAX_REQUEST_LINE = 8192;

  /** Connections open at once; further ones are answered 503 and closed. */
  static final int MAX_CONNECTIONS = 256;

  /** Requests answered at once, and requests waiting for a worker; beyond both, 503. */
  static final int WORKERS = 8;

  static final int QUEUED = 64;

  /**
   * The same for chain paths, which have workers of their own: each may wait {@link #RPC_TIMEOUT}
   * on CometBFT, and the state paths must answer meanwhile.
   */
  static final int CHAIN_WORKERS = 4;

  static final int CHAIN_QUEUED = 16;

  /** A connection must send a whole request head this soon after it is ready for one. */
  static final Duration REQUEST_DEADLINE = Duration.ofSeconds(10);

  /** Bounds each call to CometBFT's RPC. */
  static final Duration RPC_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  private static final long SHUTDOWN_TIMEOUT_SECONDS = 10;

  private final EventLoopGroup acceptGroup;
  private final EventLoopGroup ioGroup;
  private final ThreadPoolExecutor workers;
  private final ThreadPoolExecutor chainWorkers;
  private final ChannelGroup connections;
  private final Channel serverChannel;
  private final InetSocketAddress address;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Gateway(
      InetSocketAddress requested, Function<RequestQuery, ResponseQuery> state, URI cometRpc)
      throws IOException {
    Router router = new Router(state, new CometRpcClient(cometRpc, RPC_TIMEOUT));
    workers = pool("gateway-worker", WORKERS, QUEUED);
    chainWorkers = pool("gateway-chain-worker", CHAIN_WORKERS, CHAIN_QUEUED);
    acceptGroup =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("gateway-accept"), NioIoHandler.newFactory());
    ioGroup =
        new MultiThreadIoEventLoopGroup(
            2, new DefaultThreadFactory("gateway-io"), NioIoHandler.newFactory());
    connections = new DefaultChannelGroup("gateway-connections", GlobalEventExecutor.INSTANCE);
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(acceptGroup, ioGroup)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    boolean admitted = connections.size() < MAX_CONNECTIONS;
                    connections.add(channel);
                    channel
                        .pipeline()
                        .addLast(
                            "http", new HttpServerCodec(MAX_REQUEST_LINE, MAX_REQUEST_LINE, 8192))
                        .addLast(
                            "requests",
                            new GatewayHandler(router, workers, chainWorkers, admitted));
                  }
                });
    ChannelFuture bound = bootstrap.bind(requested).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      shutDown();
      throw new IOException("the gateway cannot listen on " + requested, bound.cause());
    }
    serverChannel = bound.channel();
    address = (InetSocketAddress) serverChannel.localAddress();
    LOG.info("REST gateway on {}, chain data from {}", uri(), cometRpc);
  }

  /**
   * Serves on {@code address} (tcp://HOST:PORT; port 0 picks a free one): state through {@code
   * state}, chain data from the CometBFT RPC at {@code cometRpc}.
   *
   * @throws IOException if the address cannot be bound
   */
  public static Gateway start(
      InetSocketAddress address, Function<RequestQuery, ResponseQuery> state, URI cometRpc)
      throws IOException {
    return new Gateway(address, state, cometRpc);
  }

  /**
   * The socket address of an app.toml {@code laddr}, {@code tcp://HOST:PORT}.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static InetSocketAddress listenAddress(String laddr) {
    try {
      URI uri = URI.create(laddr);
      if ("tcp".equals(uri.getScheme())
          && uri.getHost() != null
          && uri.getPort() >= 0
          && uri.getRawPath().isEmpty()) {
        return new InetSocketAddress(uri.getHost(), uri.getPort());
      }
    } catch (IllegalArgumentException e) {
      // Falls through to the message naming the accepted form.
    }
    throw new IllegalArgumentException(
        "gateway laddr '" + laddr + "': expected tcp://HOST:PORT, or \"\" to disable it");
  }

  /** Where the gateway listens, http://HOST:PORT, with the port the system picked for 0. */
  public URI uri() {
    return URI.create("http://" + address.getHostString() + ":" + address.getPort());
  }

  /** Stops accepting, closes every connection and waits for the threads to end. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    serverChannel.close().awaitUninterruptibly();
    connections.close().awaitUninterruptibly();
    shutDown();
    LOG.info("REST gateway stopped");
  }

  private void shutDown() {
    acceptGroup.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    ioGroup.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    workers.shutdownNow();
    chainWorkers.shutdownNow();
    acceptGroup.terminationFuture().awaitUninterruptibly();
    ioGroup.terminationFuture().awaitUninterruptibly();
    awaitTermination(workers);
    awaitTermination(chainWorkers);
  }

  private static ThreadPoolExecutor pool(String name, int threads, int queued) {
    return new ThreadPoolExecutor(
        threads,
        threads,
        60,
        TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(queued),
        new DefaultThreadFactory(name, true));
  }

  private static void awaitTermination(ExecutorService executor) {
    try {
      executor.awaitTermination(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
