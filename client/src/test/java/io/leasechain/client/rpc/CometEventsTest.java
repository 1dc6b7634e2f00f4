package io.leasechain.client.rpc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * CometEvents against a minimal in-process websocket server that speaks as CometBFT v0.38 does
 * (messages shaped as its /websocket sends them), then drops the connection without a close frame.
 * The real node is exercised by testnet's ClientLibraryChainTest.
 */
class CometEventsTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String TX_HASH =
      "0A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F9";

  @Test
  void theWebsocketIsAtTheRpcAddress() {
    assertEquals(
        URI.create("ws://127.0.0.1:26657/websocket"),
        CometEvents.websocketUri(URI.create("http://127.0.0.1:26657")));
    assertEquals(
        URI.create("wss://rpc.example:443/websocket"),
        CometEvents.websocketUri(URI.create("https://rpc.example:443/")));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CometEvents.websocketUri(URI.create("ftp://127.0.0.1:26657")));
    assertTrue(e.getMessage().startsWith("unknown URL scheme"), e.getMessage());
  }

  @Test
  void aNodeThatIsNotListeningIsAClearError() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + port);
    CometRpcException e =
        assertThrows(
            CometRpcException.class, () -> CometEvents.connect(url, Duration.ofSeconds(5)));
    assertTrue(
        e.getMessage().startsWith("cannot connect to ws://127.0.0.1:" + port + "/websocket"),
        e.getMessage());
  }

  @Test
  void deliversAnEventSentBeforeTheAnswerThenReportsTheDropOnce() throws Exception {
    BlockingQueue<TxEvent> txs = new LinkedBlockingQueue<>();
    BlockingQueue<CometRpcException> closed = new LinkedBlockingQueue<>();
    CountDownLatch drop = new CountDownLatch(1);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread node =
          node(
              server,
              drop,
              (in, out, request) -> {
                long id = request.path("id").asLong();
                // CometBFT may write the first event before its answer to subscribe.
                writeFrame(out, txEvent(id, request.path("params").path("query").asText()));
                writeFrame(out, answer(id));
              });
      // Watched closely: the JDK's WebSocket misses an end of stream now and then (2 of 15 runs on
      // a loaded machine), and the watchdog is what reports the drop then.
      CometEvents events = watched(server, CometEvents.MAX_MESSAGE_CHARS);
      CometEvents.Subscription subscription =
          events.subscribe(
              "tm.event='Tx'",
              new EventListener() {
                @Override
                public void onTx(TxEvent tx) {
                  txs.add(tx);
                }

                @Override
                public void onClosed(CometRpcException reason) {
                  closed.add(reason);
                }
              });
      assertEquals("tm.event='Tx'", subscription.query());

      TxEvent tx = txs.poll(10, TimeUnit.SECONDS);
      assertNotNull(tx, "the event sent before the answer is delivered");
      assertEquals(TX_HASH, tx.hash());
      assertEquals(42, tx.height());
      assertEquals(0, tx.index());
      assertEquals(5, tx.result().code());
      assertEquals("bank", tx.result().codespace());
      assertEquals(
          "lease1recipient", tx.result().events().get(0).attribute("recipient").orElseThrow());
      assertEquals("tx-bytes", new String(tx.tx(), UTF_8));

      drop.countDown();
      CometRpcException reason = closed.poll(10, TimeUnit.SECONDS);
      assertNotNull(reason, "the dropped connection is reported");
      assertTrue(reason.getMessage().contains("dropped"), reason.getMessage());
      assertFalse(events.isOpen());
      assertNull(closed.poll(200, TimeUnit.MILLISECONDS), "reported once");
      CometRpcException refused =
          assertThrows(
              CometRpcException.class,
              () -> events.subscribe("tm.event='NewBlock'", new EventListener() {}));
      assertTrue(refused.getMessage().contains("closed"), refused.getMessage());
      events.close();
      node.join(10_000);
    }
  }

  private static String txEvent(long id, String query) {
    String tx = Base64.getEncoder().encodeToString("tx-bytes".getBytes(UTF_8));
    return """
        {"jsonrpc":"2.0","id":%d,"result":{"query":"%s","data":{"type":"tendermint/event/Tx",
        "value":{"TxResult":{"height":"42","tx":"%s","result":{"code":5,"log":"insufficient funds",
        "gas_wanted":"200000","gas_used":"1000","codespace":"bank","events":[{"type":"transfer",
        "attributes":[{"key":"recipient","value":"lease1recipient","index":true}]}]}}}},
        "events":{"tm.event":["Tx"],"tx.hash":["%s"],"tx.height":["42"]}}}"""
        .formatted(id, query, tx, TX_HASH);
  }

  /** Reads the HTTP upgrade request and accepts it (RFC 6455 section 4.2.2). */
  private static void handshake(InputStream in, OutputStream out) throws IOException {
    String key = null;
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        String header = line.toString().strip();
        if (header.isEmpty()) {
          break;
        }
        if (header.toLowerCase().startsWith("sec-websocket-key:")) {
          key = header.substring(header.indexOf(':') + 1).strip();
        }
        line.setLength(0);
      } else {
        line.append((char) c);
      }
    }
    String accept;
    try {
      accept =
          Base64.getEncoder()
              .encodeToString(
                  MessageDigest.getInstance("SHA-1")
                      .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    out.write(
        ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: "
                + accept
                + "\r\n\r\n")
            .getBytes(UTF_8));
    out.flush();
  }

  /** A client frame: its opcode and unmasked payload. */
  private record Frame(int opcode, byte[] payload) {}

  /** One masked client frame. */
  private static Frame readFrame(InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    int opcode = in.readUnsignedByte() & 0x0f;
    int length = in.readUnsignedByte() & 0x7f;
    long size = length == 126 ? in.readUnsignedShort() : length == 127 ? in.readLong() : length;
    byte[] mask = in.readNBytes(4);
    byte[] payload = in.readNBytes((int) size);
    for (int i = 0; i < payload.length; i++) {
      payload[i] ^= mask[i % 4];
    }
    return new Frame(opcode, payload);
  }

  /** One masked client text frame's text. */
  private static String readText(InputStream stream) throws IOException {
    return new String(readFrame(stream).payload(), UTF_8);
  }

  @Test
  void aMessageOverTheLimitDropsTheConnection() throws Exception {
    assertDropped(
        (in, out, request) -> {
          writeFrame(out, answer(request.path("id").asLong()));
          writeFrame(out, "x".repeat(5_000));
        },
        4_096,
        "over 4096 characters");
  }

  @Test
  void aNodeThatFallsSilentWithoutClosingIsReportedAsDropped() throws Exception {
    // Answers the subscription, then neither reads nor writes: the pings go unanswered.
    assertDropped(
        (in, out, request) -> writeFrame(out, answer(request.path("id").asLong())),
        CometEvents.MAX_MESSAGE_CHARS,
        "nothing heard from the node");
  }

  /** A node playing {@code script} after the subscription is dropped, once, for {@code why}. */
  private static void assertDropped(Script script, int maxMessageChars, String why)
      throws Exception {
    BlockingQueue<CometRpcException> closed = new LinkedBlockingQueue<>();
    CountDownLatch done = new CountDownLatch(1);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread node = node(server, done, script);
      CometEvents events = watched(server, maxMessageChars);
      events.subscribe("tm.event='NewBlock'", closedInto(closed));

      CometRpcException reason = closed.poll(10, TimeUnit.SECONDS);
      done.countDown();
      assertNotNull(reason, "the drop is reported");
      assertTrue(reason.getMessage().contains(why), reason.getMessage());
      assertFalse(events.isOpen());
      assertNull(closed.poll(200, TimeUnit.MILLISECONDS), "reported once");
      node.join(10_000);
    }
  }

  @Test
  void aDropBeforeTheSubscriptionIsAnsweredIsReportedOnceByTheCall() throws Exception {
    BlockingQueue<CometRpcException> closed = new LinkedBlockingQueue<>();
    CountDownLatch done = new CountDownLatch(0);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      // Reads the subscribe request and drops the connection without answering it.
      Thread node = node(server, done, (in, out, request) -> {});
      CometEvents events = watched(server, CometEvents.MAX_MESSAGE_CHARS);
      CometRpcException thrown =
          assertThrows(
              CometRpcException.class,
              () -> events.subscribe("tm.event='NewBlock'", closedInto(closed)));
      assertTrue(thrown.getMessage().contains("dropped"), thrown.getMessage());
      assertNull(closed.poll(300, TimeUnit.MILLISECONDS), "not also reported to the listener");
      assertTrue(events.subscriptions().isEmpty());
      node.join(10_000);
    }
  }

  @Test
  void aMessageLimitAtOrBelowZeroIsRefused() {
    URI url = URI.create("http://127.0.0.1:1");
    assertThrows(
        IllegalArgumentException.class, () -> CometEvents.connect(url, Duration.ofSeconds(1), 0));
  }

  @Test
  void aQuietNodeThatAnswersPingsStaysConnected() throws Exception {
    BlockingQueue<Integer> pings = new LinkedBlockingQueue<>();
    // Sends no event, and answers each ping until the client closes.
    assertStaysConnected((in, out, request) -> answerPings(in, out, pings), pings, 40);
  }

  @Test
  void aNodeThatPingsButDoesNotAnswerPingsStaysConnected() throws Exception {
    BlockingQueue<Integer> pings = new LinkedBlockingQueue<>();
    // As CometBFT every 27 s, here every 100 ms: its own pings, never a pong, never an event.
    assertStaysConnected(
        (in, out, request) -> {
          for (int i = 0; i < 30; i++) {
            out.write(new byte[] {(byte) 0x89, 0});
            out.flush();
            pings.add(i);
            try {
              Thread.sleep(100);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        },
        pings,
        30);
  }

  /** A client pinging every 100 ms and counting 1 s of silence as a drop. */
  private static CometEvents watched(ServerSocket server, int maxMessageChars) {
    return CometEvents.connect(
        URI.create("http://127.0.0.1:" + server.getLocalPort()),
        Duration.ofSeconds(10),
        maxMessageChars,
        Duration.ofMillis(100),
        Duration.ofSeconds(1));
  }

  /**
   * A node that answers the subscription, then plays {@code script}, which adds to {@code beats} as
   * it pings or answers a ping, is not dropped over {@code count} of them (at 100 ms each, well
   * past the 1 s silence limit).
   */
  private static void assertStaysConnected(Script script, BlockingQueue<Integer> beats, int count)
      throws Exception {
    BlockingQueue<CometRpcException> closed = new LinkedBlockingQueue<>();
    CountDownLatch done = new CountDownLatch(1);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Script answered =
          (in, out, request) -> {
            writeFrame(out, answer(request.path("id").asLong()));
            script.play(in, out, request);
          };
      Thread node = node(server, done, answered);
      CometEvents events = watched(server, CometEvents.MAX_MESSAGE_CHARS);
      events.subscribe("tm.event='NewBlock'", closedInto(closed));

      for (int i = 0; i < count; i++) {
        assertNotNull(beats.poll(10, TimeUnit.SECONDS), "ping " + i);
      }
      assertNull(closed.poll(0, TimeUnit.MILLISECONDS), "not dropped");
      assertTrue(events.isOpen());
      events.close();
      done.countDown();
      node.join(10_000);
      assertNull(closed.poll(0, TimeUnit.MILLISECONDS), "a close is not reported to listeners");
    }
  }

  private static EventListener closedInto(BlockingQueue<CometRpcException> closed) {
    return new EventListener() {
      @Override
      public void onClosed(CometRpcException reason) {
        closed.add(reason);
      }
    };
  }

  // The rest of the stream the client sends after its subscribe request: each ping is answered with
  // a pong carrying its payload, until the client's close frame or the end of the stream.
  private static void answerPings(
      InputStream stream, OutputStream out, BlockingQueue<Integer> pings) throws IOException {
    while (true) {
      Frame frame = readFrame(stream);
      if (frame.opcode() == 0x8) {
        return;
      }
      if (frame.opcode() == 0x9) {
        out.write(0x8A);
        out.write(frame.payload().length);
        out.write(frame.payload());
        out.flush();
        pings.add(frame.payload().length);
      }
    }
  }

  /** What a fake node says once it has read the subscribe request. */
  private interface Script {
    void play(InputStream in, OutputStream out, JsonNode request) throws IOException;
  }

  /**
   * A fake node on {@code server}, on a thread of its own: it accepts one connection, completes the
   * handshake, reads the subscribe request, plays {@code script}, holds the connection until {@code
   * release}, then drops it without a close frame.
   */
  private static Thread node(ServerSocket server, CountDownLatch release, Script script) {
    Thread node =
        new Thread(
            () -> {
              try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                handshake(in, out);
                script.play(in, out, MAPPER.readTree(readText(in)));
                release.await(30, TimeUnit.SECONDS);
              } catch (IOException | InterruptedException e) {
                // The test fails on what it did not receive.
              }
            });
    node.start();
    return node;
  }

  /** The node's empty answer to request {@code id}. */
  private static String answer(long id) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{}}";
  }

  /** One unmasked server text frame. */
  private static void writeFrame(OutputStream out, String text) throws IOException {
    byte[] payload = text.getBytes(UTF_8);
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x81);
    if (payload.length < 126) {
      frame.write(payload.length);
    } else {
      frame.write(126);
      frame.write(payload.length >> 8);
      frame.write(payload.length & 0xff);
    }
    frame.write(payload);
    out.write(frame.toByteArray());
    out.flush();
  }
}
