package io.leasechain.node.abci;

import static io.leasechain.node.abci.AbciMessages.checkTx;
import static io.leasechain.node.abci.AbciMessages.delimited;
import static io.leasechain.node.abci.AbciMessages.echo;
import static io.leasechain.node.abci.AbciMessages.flush;
import static io.leasechain.node.abci.AbciMessages.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.leasechain.ledger.tx.TxError;
import io.leasechain.node.abci.proto.Request;
import io.leasechain.node.abci.proto.RequestCheckTx;
import io.leasechain.node.abci.proto.RequestFinalizeBlock;
import io.leasechain.node.abci.proto.RequestQuery;
import io.leasechain.node.abci.proto.Response;
import io.leasechain.node.abci.proto.ResponseCheckTx;
import io.leasechain.node.abci.proto.ResponseFinalizeBlock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The server over real loopback TCP connections. */
@Timeout(30)
class AbciServerTest {

  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private AbciServer start(AbciApplication app) throws IOException {
    AbciServer server = AbciServer.start(0, app);
    resources.add(server);
    return server;
  }

  private AbciServer start(AbciApplication app, int maxConnections) throws IOException {
    AbciServer server =
        AbciServer.start(
            AbciAddress.tcp(AbciServer.DEFAULT_HOST, 0),
            app,
            AbciServer.DEFAULT_MAX_FRAME_BYTES,
            maxConnections);
    resources.add(server);
    return server;
  }

  private Socket connect(AbciServer server) throws IOException {
    Socket socket = new Socket(AbciServer.DEFAULT_HOST, server.port());
    socket.setTcpNoDelay(true);
    resources.add(socket);
    return socket;
  }

  private static void send(Socket socket, byte[] bytes) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(bytes);
    out.flush();
  }

  private static List<Response> read(Socket socket, int count) throws IOException {
    InputStream in = socket.getInputStream();
    List<Response> responses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Response response = Response.parseDelimitedFrom(in);
      assertTrue(response != null, () -> "connection closed after " + responses);
      responses.add(response);
    }
    return responses;
  }

  @Test
  void answersRequestsSentInOneWriteInOrder() throws IOException {
    Socket socket = connect(start(new StubApplication()));

    send(
        socket,
        delimited(echo("a"), info(), checkTx(ByteString.copyFromUtf8("tx")), echo("b"), flush()));

    List<Response> responses = read(socket, 5);
    assertEquals("a", responses.get(0).getEcho().getMessage());
    assertEquals("stub", responses.get(1).getInfo().getData());
    assertTrue(responses.get(2).hasCheckTx());
    assertEquals("b", responses.get(3).getEcho().getMessage());
    assertTrue(responses.get(4).hasFlush());
  }

  @Test
  void reassemblesARequestSentInPieces() throws IOException {
    Socket socket = connect(start(new StubApplication()));
    byte[] wire = delimited(echo("z".repeat(1000)), flush());

    send(socket, Arrays.copyOfRange(wire, 0, 1));
    send(socket, Arrays.copyOfRange(wire, 1, 500));
    send(socket, Arrays.copyOfRange(wire, 500, wire.length));

    List<Response> responses = read(socket, 2);
    assertEquals("z".repeat(1000), responses.get(0).getEcho().getMessage());
    assertTrue(responses.get(1).hasFlush());
  }

  @Test
  void sendsNothingBeforeFlush() throws IOException {
    Socket socket = connect(start(new StubApplication()));

    send(socket, delimited(echo("held back")));
    socket.setSoTimeout(300);
    assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read());
    socket.setSoTimeout(0);
    send(socket, delimited(flush()));

    List<Response> responses = read(socket, 2);
    assertEquals("held back", responses.get(0).getEcho().getMessage());
    assertTrue(responses.get(1).hasFlush());
  }

  @Test
  void keepsTheConnectionAfterAnApplicationFailure() throws IOException {
    Socket socket = connect(start(new StubApplication()));

    send(socket, delimited(checkTx(StubApplication.BOOM), flush()));
    List<Response> failed = read(socket, 2);
    assertEquals(TxError.INTERNAL.code(), failed.get(0).getCheckTx().getCode());
    assertTrue(failed.get(1).hasFlush());

    send(socket, delimited(echo("again"), flush()));
    assertEquals("again", read(socket, 2).get(0).getEcho().getMessage());
  }

  @Test
  void slowCallBlocksOtherCallsButNotOtherConnections() throws Exception {
    CountDownLatch finalizing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger inApplication = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    AbciServer server =
        start(
            new StubApplication() {
              @Override
              public ResponseFinalizeBlock finalizeBlock(RequestFinalizeBlock request) {
                enter();
                try {
                  finalizing.countDown();
                  release.await();
                  return ResponseFinalizeBlock.getDefaultInstance();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException(e);
                } finally {
                  inApplication.decrementAndGet();
                }
              }

              @Override
              public ResponseCheckTx checkTx(RequestCheckTx request) {
                enter();
                inApplication.decrementAndGet();
                return ResponseCheckTx.getDefaultInstance();
              }

              private void enter() {
                if (inApplication.incrementAndGet() != 1) {
                  overlaps.incrementAndGet();
                }
              }
            });
    Socket consensus = connect(server);
    Socket mempool = connect(server);

    send(
        consensus,
        delimited(
            Request.newBuilder()
                .setFinalizeBlock(RequestFinalizeBlock.getDefaultInstance())
                .build(),
            flush()));
    assertTrue(finalizing.await(10, TimeUnit.SECONDS));

    send(mempool, delimited(echo("alive"), flush()));
    assertEquals("alive", read(mempool, 2).get(0).getEcho().getMessage());

    send(mempool, delimited(checkTx(ByteString.copyFromUtf8("tx")), flush()));
    mempool.setSoTimeout(300);
    assertThrows(
        SocketTimeoutException.class,
        () -> mempool.getInputStream().read(),
        "CheckTx ran while FinalizeBlock held the application");
    mempool.setSoTimeout(0);

    release.countDown();
    assertTrue(read(consensus, 2).get(0).hasFinalizeBlock());
    assertTrue(read(mempool, 2).get(0).hasCheckTx());
    assertEquals(0, overlaps.get());
  }

  @Test
  void queryAnswersWhileFinalizeBlockHoldsTheApplication() throws Exception {
    CountDownLatch finalizing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AbciServer server =
        start(
            new StubApplication() {
              @Override
              public ResponseFinalizeBlock finalizeBlock(RequestFinalizeBlock request) {
                finalizing.countDown();
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return ResponseFinalizeBlock.getDefaultInstance();
              }
            });
    Socket consensus = connect(server);
    Socket query = connect(server);
    try {
      send(
          consensus,
          delimited(
              Request.newBuilder()
                  .setFinalizeBlock(RequestFinalizeBlock.getDefaultInstance())
                  .build(),
              flush()));
      assertTrue(finalizing.await(10, TimeUnit.SECONDS));

      send(
          query,
          delimited(
              Request.newBuilder()
                  .setQuery(RequestQuery.newBuilder().setData(ByteString.copyFromUtf8("q")))
                  .build(),
              info(),
              flush()));
      query.setSoTimeout(5_000);
      List<Response> answers = read(query, 3);
      assertEquals("q", answers.get(0).getQuery().getValue().toStringUtf8());
      assertEquals("stub", answers.get(1).getInfo().getData());
    } finally {
      // Also on failure: a FinalizeBlock still blocked would keep the server from closing.
      release.countDown();
    }
    assertTrue(read(consensus, 2).get(0).hasFinalizeBlock());
  }

  @Test
  void aHugeLengthPrefixClosesTheConnectionAndOthersGoOn() throws IOException {
    AbciServer server = start(new StubApplication());
    Socket hostile = connect(server);
    Socket honest = connect(server);

    // 0x7ffffff0 as a uvarint, then data that would have been buffered towards it.
    send(hostile, new byte[] {(byte) 0xf0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07});
    hostile.setSoTimeout(10_000);
    assertEquals(-1, hostile.getInputStream().read(), "the connection must be closed");

    send(honest, delimited(echo("fine"), flush()));
    assertEquals("fine", read(honest, 2).get(0).getEcho().getMessage());
  }

  private static String echoed(Socket socket, String message) throws IOException {
    send(socket, delimited(echo(message), flush()));
    return read(socket, 2).get(0).getEcho().getMessage();
  }

  /** Whether an Echo and Flush sent on {@code socket} are answered, or the server closed it. */
  private static boolean answersEcho(Socket socket) {
    try {
      send(socket, delimited(echo("?"), flush()));
      InputStream in = socket.getInputStream();
      return Response.parseDelimitedFrom(in) != null && Response.parseDelimitedFrom(in) != null;
    } catch (IOException closed) {
      return false;
    }
  }

  private static void assertClosedByTheServer(Socket socket) throws IOException {
    socket.setSoTimeout(10_000);
    assertEquals(-1, socket.getInputStream().read(), "the connection must be closed");
  }

  @Test
  void aConnectionBeyondTheCapIsClosedAtOnceAndAClosedOneFreesItsSlot() throws Exception {
    AbciServer server = start(new StubApplication(), 3);
    List<Socket> admitted = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Socket socket = connect(server);
      // Answered, so counted before the next one is accepted: which one is over the cap is sure.
      assertEquals("up to the cap " + i, echoed(socket, "up to the cap " + i));
      admitted.add(socket);
    }

    assertClosedByTheServer(connect(server));
    assertEquals("unaffected", echoed(admitted.get(0), "unaffected"));

    admitted.get(2).close();
    // The server notices the close a moment later; until then a new connection is still refused.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Socket next = connect(server);
    while (!answersEcho(next)) {
      assertTrue(System.nanoTime() < deadline, "no connection admitted after one closed");
      Thread.sleep(10);
      next = connect(server);
    }
    // Refusals freed nothing they never held: the cap is full again.
    assertClosedByTheServer(connect(server));
    assertEquals("still served", echoed(next, "still served"));
  }

  /**
   * A peer that queues requests behind a slow call and closes must not get its slot back while
   * those requests still hold a thread and their buffers, or reconnecting in a loop would grow both
   * without bound through one slot; and nobody is left to read what they would answer.
   */
  @Test
  void aClosedConnectionHoldsItsSlotUntilItsQueuedRequestsAreDroppedUnanswered() throws Exception {
    CountDownLatch checking = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger checks = new AtomicInteger();
    AbciServer server =
        start(
            new StubApplication() {
              @Override
              public ResponseCheckTx checkTx(RequestCheckTx request) {
                checks.incrementAndGet();
                checking.countDown();
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return ResponseCheckTx.getDefaultInstance();
              }
            },
            1);
    try {
      Socket gone = connect(server);
      send(
          gone,
          delimited(
              checkTx(ByteString.copyFromUtf8("a")),
              checkTx(ByteString.copyFromUtf8("b")),
              checkTx(ByteString.copyFromUtf8("c")),
              flush()));
      assertTrue(checking.await(10, TimeUnit.SECONDS));
      gone.shutdownOutput();
      // Closed by the server in turn: it has seen the peer go.
      assertClosedByTheServer(gone);

      assertFalse(
          answersEcho(connect(server)), "admitted while the closed connection's requests queue");
    } finally {
      release.countDown();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Socket next = connect(server);
    while (!answersEcho(next)) {
      assertTrue(System.nanoTime() < deadline, "no connection admitted after the requests ended");
      Thread.sleep(10);
      next = connect(server);
    }
    // Admitted only once the closed connection's thread ended, so every call it made is counted.
    assertEquals(1, checks.get(), "the application answered requests of a closed connection");
  }

  @Test
  void stopsReadingFromAPeerThatDoesNotReadItsAnswers() throws Exception {
    Socket socket = connect(start(new StubApplication()));
    byte[] batch = delimited(echo("e".repeat(64 << 10)), flush());
    int batches = 1024; // 64 MiB of answers, far more than socket buffers and the water mark
    CountDownLatch allSent = new CountDownLatch(1);
    Thread writer =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < batches; i++) {
                  send(socket, batch);
                }
                allSent.countDown();
              } catch (IOException e) {
                // The socket closes at the end of the test.
              }
            });
    writer.start();
    assertFalse(
        allSent.await(3, TimeUnit.SECONDS),
        "the server kept reading although its answers were not being taken");

    // Taking the answers lets the server read again, to the end.
    List<Response> answers = read(socket, 2 * batches);
    assertTrue(answers.get(2 * batches - 1).hasFlush());
    assertTrue(allSent.await(10, TimeUnit.SECONDS));
    writer.join();
  }

  @Test
  void servesAUnixDomainSocket(@TempDir Path dir) throws IOException {
    Path socketFile = dir.resolve("app.sock");
    AbciServer server =
        AbciServer.start(
            AbciAddress.unix(socketFile),
            new StubApplication(),
            AbciServer.DEFAULT_MAX_FRAME_BYTES);
    resources.add(server);
    assertEquals("unix://" + socketFile, server.address().toString());

    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socketFile))) {
      channel.write(ByteBuffer.wrap(delimited(echo("over unix"), flush())));
      InputStream in = Channels.newInputStream(channel);
      assertEquals("over unix", Response.parseDelimitedFrom(in).getEcho().getMessage());
      assertTrue(Response.parseDelimitedFrom(in).hasFlush());
    }
    server.close();
    assertFalse(Files.exists(socketFile), "the socket file is removed on close");
  }

  @Test
  void closeEndsConnectionsAndFreesThePort() throws IOException {
    AbciServer server = start(new StubApplication());
    Socket socket = connect(server);
    send(socket, delimited(echo("before"), flush()));
    read(socket, 2);

    server.close();

    assertNull(Response.parseDelimitedFrom(socket.getInputStream()));
    assertThrows(
        IOException.class, () -> new Socket(AbciServer.DEFAULT_HOST, server.port()).close());
  }
}
