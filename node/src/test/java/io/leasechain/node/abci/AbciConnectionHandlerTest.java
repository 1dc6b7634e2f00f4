package io.leasechain.node.abci;

import static io.leasechain.node.abci.AbciMessages.checkTx;
import static io.leasechain.node.abci.AbciMessages.delimited;
import static io.leasechain.node.abci.AbciMessages.echo;
import static io.leasechain.node.abci.AbciMessages.flush;
import static io.leasechain.node.abci.AbciMessages.info;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.leasechain.ledger.query.QueryError;
import io.leasechain.ledger.tx.TxError;
import io.leasechain.node.CapturedLog;
import io.leasechain.node.abci.proto.Request;
import io.leasechain.node.abci.proto.RequestInfo;
import io.leasechain.node.abci.proto.RequestQuery;
import io.leasechain.node.abci.proto.Response;
import io.leasechain.node.abci.proto.ResponseCheckTx;
import io.leasechain.node.abci.proto.ResponseEcho;
import io.leasechain.node.abci.proto.ResponseFlush;
import io.leasechain.node.abci.proto.ResponseInfo;
import io.leasechain.node.abci.proto.ResponseQuery;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/** Framing, ordering and Flush behaviour of one connection's pipeline, byte by byte. */
class AbciConnectionHandlerTest {

  private static EmbeddedChannel connection() {
    return connection(new StubApplication(), AbciServer.DEFAULT_MAX_FRAME_BYTES);
  }

  private static EmbeddedChannel connection(AbciApplication app, int maxFrameBytes) {
    EmbeddedChannel channel = new EmbeddedChannel();
    AbciServer.configure(
        channel.pipeline(),
        channel.eventLoop(),
        app,
        new ReentrantLock(),
        maxFrameBytes,
        AbciConnectionHandler.PeerLogs.create());
    return channel;
  }

  /** Everything the server has flushed so far. */
  private static byte[] flushedBytes(EmbeddedChannel channel) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
      byte[] chunk = new byte[buf.readableBytes()];
      buf.readBytes(chunk);
      buf.release();
      bytes.writeBytes(chunk);
    }
    return bytes.toByteArray();
  }

  /** Everything the server has flushed so far, decoded. */
  private static List<Response> flushed(EmbeddedChannel channel) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(flushedBytes(channel));
    List<Response> responses = new ArrayList<>();
    for (Response r = Response.parseDelimitedFrom(in);
        r != null;
        r = Response.parseDelimitedFrom(in)) {
      responses.add(r);
    }
    return responses;
  }

  @Test
  void answersABatchInOrderButOnlyOnFlush() throws IOException {
    EmbeddedChannel channel = connection();

    channel.writeInbound(Unpooled.wrappedBuffer(delimited(echo("a"), info(), echo("b"))));
    assertNull(channel.readOutbound(), "nothing may be sent before Flush");

    channel.writeInbound(Unpooled.wrappedBuffer(delimited(flush())));
    List<Response> responses = flushed(channel);
    assertEquals(4, responses.size(), responses::toString);
    assertEquals("a", responses.get(0).getEcho().getMessage());
    assertEquals("stub", responses.get(1).getInfo().getData());
    assertEquals("b", responses.get(2).getEcho().getMessage());
    assertTrue(responses.get(3).hasFlush());
    channel.finishAndReleaseAll();
  }

  @Test
  void reassemblesARequestSplitAtEveryByte() throws IOException {
    // Over 127 bytes, so the length prefix itself is two bytes and gets split too.
    String message = "x".repeat(200);
    byte[] wire = delimited(echo(message), flush());
    for (int split = 1; split < wire.length; split++) {
      EmbeddedChannel channel = connection();
      channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(wire, 0, split)));
      assertNull(channel.readOutbound(), "answered a partial request at split " + split);
      channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(wire, split, wire.length)));

      List<Response> responses = flushed(channel);
      assertEquals(2, responses.size(), "split " + split);
      assertEquals(message, responses.get(0).getEcho().getMessage());
      assertTrue(responses.get(1).hasFlush());
      channel.finishAndReleaseAll();
    }
  }

  @Test
  void failingCheckTxAnswersTheInternalCodeAndTheConnectionGoesOn() throws IOException {
    EmbeddedChannel channel = connection();

    channel.writeInbound(
        Unpooled.wrappedBuffer(
            delimited(
                checkTx(StubApplication.BOOM),
                flush(),
                checkTx(ByteString.copyFromUtf8("ok")),
                flush())));

    List<Response> responses = flushed(channel);
    assertEquals(4, responses.size(), responses::toString);
    ResponseCheckTx failed = responses.get(0).getCheckTx();
    assertEquals(
        TxError.CODESPACE + "/" + TxError.INTERNAL.code(),
        failed.getCodespace() + "/" + failed.getCode());
    assertTrue(failed.getLog().endsWith("boom tx"), failed.getLog());
    assertTrue(responses.get(1).hasFlush());
    assertEquals(0, responses.get(2).getCheckTx().getCode());
    assertTrue(responses.get(3).hasFlush());
    assertTrue(channel.isOpen());
    channel.finishAndReleaseAll();
  }

  /**
   * CheckTx's early work runs outside the guarded application call: an Error thrown there (not just
   * a RuntimeException) must still leave CheckTx to answer, or the request gets no response and
   * CometBFT's mempool connection waits forever.
   */
  @Test
  void anErrorBeforeCheckTxStillGetsCheckTxsAnswer() throws IOException {
    AbciApplication app =
        new StubApplication() {
          @Override
          public void beforeCheckTx(io.leasechain.node.abci.proto.RequestCheckTx request) {
            throw new StackOverflowError("deep tx");
          }
        };
    EmbeddedChannel channel = connection(app, AbciServer.DEFAULT_MAX_FRAME_BYTES);

    channel.writeInbound(
        Unpooled.wrappedBuffer(delimited(checkTx(ByteString.copyFromUtf8("ok")), flush())));

    List<Response> responses = flushed(channel);
    assertEquals(2, responses.size(), responses::toString);
    assertEquals(0, responses.get(0).getCheckTx().getCode());
    assertTrue(responses.get(1).hasFlush());
    channel.finishAndReleaseAll();
  }

  @Test
  void failingQueryAnswersTheInternalCodeEvenForAnError() throws IOException {
    EmbeddedChannel channel =
        connection(
            new StubApplication() {
              @Override
              public ResponseQuery query(RequestQuery request) {
                throw new StackOverflowError();
              }
            },
            AbciServer.DEFAULT_MAX_FRAME_BYTES);

    channel.writeInbound(
        Unpooled.wrappedBuffer(
            delimited(
                Request.newBuilder().setQuery(RequestQuery.newBuilder().setPath("/x")).build(),
                flush())));

    List<Response> responses = flushed(channel);
    assertEquals(2, responses.size(), responses::toString);
    ResponseQuery failed = responses.get(0).getQuery();
    assertEquals(
        QueryError.CODESPACE + "/" + QueryError.INTERNAL.code(),
        failed.getCodespace() + "/" + failed.getCode());
    assertTrue(failed.getLog().contains("StackOverflowError"), failed.getLog());
    channel.finishAndReleaseAll();
  }

  @Test
  void aLengthPrefixAboveTheMaximumClosesTheConnectionBeforeBuffering() throws IOException {
    EmbeddedChannel channel = connection(new StubApplication(), 1000);
    channel.writeInbound(Unpooled.wrappedBuffer(delimited(echo("z".repeat(990)), flush())));
    assertEquals(2, flushed(channel).size());

    // 0x7ffffff0 as a uvarint, then the start of a frame that would never end.
    channel.writeInbound(
        Unpooled.wrappedBuffer(
            new byte[] {(byte) 0xf0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 1, 2, 3}));
    assertFalse(channel.isOpen(), "a frame above the maximum must close the connection");
    channel.finishAndReleaseAll();
  }

  @Test
  void aLengthPrefixOverflowingSixtyFourBitsClosesTheConnection() {
    EmbeddedChannel channel = connection();
    byte[] prefix = new byte[11];
    Arrays.fill(prefix, (byte) 0x80);
    channel.writeInbound(Unpooled.wrappedBuffer(prefix));
    assertFalse(channel.isOpen());
    channel.finishAndReleaseAll();
  }

  @Test
  void aFrameIsBufferedAsItsBytesArriveNotAsLongAsItsPrefixAnnounces() {
    EmbeddedChannel channel = connection();
    List<Integer> allocations = new ArrayList<>();
    channel
        .config()
        .setAllocator(
            new AbstractByteBufAllocator() {
              @Override
              protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
                allocations.add(initialCapacity);
                return Unpooled.buffer(initialCapacity, maxCapacity);
              }

              @Override
              protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
                allocations.add(initialCapacity);
                return Unpooled.directBuffer(initialCapacity, maxCapacity);
              }

              @Override
              public boolean isDirectBufferPooled() {
                return false;
              }
            });
    // A peer announcing a frame just under the maximum, then trickling its bytes.
    ByteArrayOutputStream prefix = new ByteArrayOutputStream();
    for (int length = AbciServer.DEFAULT_MAX_FRAME_BYTES - 1; ; length >>>= 7) {
      if (length < 0x80) {
        prefix.write(length);
        break;
      }
      prefix.write(length & 0x7f | 0x80);
    }
    channel.writeInbound(Unpooled.wrappedBuffer(prefix.toByteArray()));
    for (int i = 0; i < 100; i++) {
      channel.writeInbound(Unpooled.wrappedBuffer(new byte[1000]));
    }

    assertTrue(channel.isOpen());
    assertFalse(allocations.isEmpty(), "the trickled bytes were never buffered");
    assertTrue(
        allocations.stream().allMatch(capacity -> capacity < 1 << 20),
        () -> "allocated " + allocations + " for 100 kB received");
    channel.finishAndReleaseAll();
  }

  @Test
  void aFloodOfEmptyFramesLogsOneErrorTheRestAtDebug() throws Exception {
    List<ILoggingEvent> events =
        CapturedLog.during(
            AbciConnectionHandler.class,
            () -> {
              EmbeddedChannel channel = connection();
              // Each 0x00 is a frame of length 0: an empty request, answered with an exception.
              channel.writeInbound(Unpooled.wrappedBuffer(new byte[100]));
              channel.writeInbound(Unpooled.wrappedBuffer(delimited(flush())));
              channel.finishAndReleaseAll();
            });
    List<Level> levels = CapturedLog.levels(events, "Unknown or empty ABCI request");
    assertEquals(100, levels.size());
    assertEquals(Level.ERROR, levels.get(0));
    assertEquals(List.of(Level.DEBUG), levels.subList(1, 100).stream().distinct().toList());
  }

  @Test
  void applicationErrorWithoutMessageIsNamedByItsClass() throws IOException {
    EmbeddedChannel channel = new EmbeddedChannel();
    AbciServer.configure(
        channel.pipeline(),
        channel.eventLoop(),
        new StubApplication() {
          @Override
          public ResponseInfo info(RequestInfo request) {
            throw new AssertionError();
          }
        },
        new ReentrantLock(),
        AbciServer.DEFAULT_MAX_FRAME_BYTES,
        AbciConnectionHandler.PeerLogs.create());

    channel.writeInbound(
        Unpooled.wrappedBuffer(delimited(info(), flush(), echo("after"), flush())));

    List<Response> responses = flushed(channel);
    assertEquals(4, responses.size(), responses::toString);
    assertEquals("java.lang.AssertionError", responses.get(0).getException().getError());
    assertEquals("after", responses.get(2).getEcho().getMessage());
    channel.finishAndReleaseAll();
  }

  @Test
  void unknownEmptyAndMalformedRequestsGetResponseException() throws IOException {
    EmbeddedChannel channel = connection();
    // Field 4 was SetOption, long removed: it must read as an unknown request type.
    Request setOption =
        Request.newBuilder()
            .setUnknownFields(
                UnknownFieldSet.newBuilder()
                    .addField(
                        4,
                        UnknownFieldSet.Field.newBuilder()
                            .addLengthDelimited(ByteString.EMPTY)
                            .build())
                    .build())
            .build();
    byte[] truncatedEcho = echo("hello").toByteArray();
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.write(delimited(setOption, Request.getDefaultInstance()));
    wire.write(truncatedEcho.length - 1);
    wire.write(truncatedEcho, 0, truncatedEcho.length - 1);
    wire.write(delimited(echo("still here"), flush()));

    channel.writeInbound(Unpooled.wrappedBuffer(wire.toByteArray()));

    List<Response> responses = flushed(channel);
    assertEquals(5, responses.size(), responses::toString);
    assertEquals("unknown or empty request", responses.get(0).getException().getError());
    assertEquals("unknown or empty request", responses.get(1).getException().getError());
    assertTrue(
        responses.get(2).getException().getError().startsWith("malformed request"),
        responses.get(2)::toString);
    assertEquals("still here", responses.get(3).getEcho().getMessage());
    assertTrue(responses.get(4).hasFlush());
    channel.finishAndReleaseAll();
  }

  @Test
  void prefixesEachResponseWithItsLengthAsUnsignedVarint() {
    EmbeddedChannel channel = connection();
    String message = "y".repeat(300);

    channel.writeInbound(Unpooled.wrappedBuffer(delimited(echo(message), flush())));

    byte[] echoBody =
        Response.newBuilder()
            .setEcho(ResponseEcho.newBuilder().setMessage(message))
            .build()
            .toByteArray();
    byte[] flushBody =
        Response.newBuilder().setFlush(ResponseFlush.getDefaultInstance()).build().toByteArray();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.write(0x80 | (echoBody.length & 0x7f));
    expected.write(echoBody.length >>> 7);
    expected.writeBytes(echoBody);
    expected.write(flushBody.length);
    expected.writeBytes(flushBody);
    assertArrayEquals(expected.toByteArray(), flushedBytes(channel));
    channel.finishAndReleaseAll();
  }
}
