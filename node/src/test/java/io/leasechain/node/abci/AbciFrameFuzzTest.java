package io.leasechain.node.abci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.leasechain.node.abci.proto.Response;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Fuzz target 4: any byte stream on an ABCI connection, through the server's real pipeline (frame
 * decoder, request parser, answer ordering) to a stub application. The first input byte chooses how
 * the stream is cut into reads. Whatever the bytes, nothing escapes the pipeline, the answers do
 * not depend on how the stream was cut, and either every complete frame gets exactly one answer or
 * the stream has a frame too long to accept and the connection is closed.
 */
class AbciFrameFuzzTest {

  /** Small, so that the fuzzer reaches the too-long path with short inputs. */
  static final int MAX_FRAME_BYTES = 256;

  private static final byte[] FLUSH = AbciMessages.delimited(AbciMessages.flush());

  @FuzzTest(maxDuration = "15s")
  void anyByteStreamIsAnsweredFrameByFrameOrClosed(byte[] input) throws IOException {
    if (input.length == 0) {
      return;
    }
    byte[] stream = Arrays.copyOfRange(input, 1, input.length);
    Framing framing = Framing.of(stream);
    // A Flush after a stream that ends between frames gets every answer out.
    byte[] wire = framing.clean() ? concat(stream, FLUSH) : stream;

    Connection whole = new Connection();
    whole.receive(wire, wire.length);
    Connection pieces = new Connection();
    pieces.receive(wire, 1 + (input[0] & 0x1f));

    assertArrayEquals(whole.sent, pieces.sent, "answers depend on how the stream was read");
    assertEquals(whole.open, pieces.open);
    int answers = responses(whole.sent);
    assertEquals(!framing.tooLong(), whole.open, "only a frame above the limit closes");
    if (framing.clean()) {
      assertEquals(framing.frames() + 1, answers, "one answer per frame and the Flush");
    } else {
      assertTrue(answers <= framing.frames(), "answered more frames than were complete");
    }
  }

  /**
   * An independent reading of CometBFT's framing (uvarint length, then that many bytes): the
   * complete frames, and whether a length above the limit or a partial frame follows them.
   */
  record Framing(int frames, boolean tooLong, boolean partial) {

    boolean clean() {
      return !tooLong && !partial;
    }

    static Framing of(byte[] stream) {
      int frames = 0;
      int at = 0;
      while (at < stream.length) {
        long length = 0;
        int shift = 0;
        int i = at;
        boolean complete = false;
        while (i < stream.length) {
          int b = stream[i++] & 0xff;
          length |= (long) (b & 0x7f) << shift;
          if (length < 0 || length > MAX_FRAME_BYTES || (i - at == 10 && b >= 0x80)) {
            return new Framing(frames, true, false);
          }
          if (b < 0x80) {
            complete = true;
            break;
          }
          shift += 7;
        }
        if (!complete || stream.length - i < length) {
          return new Framing(frames, false, true);
        }
        at = i + (int) length;
        frames++;
      }
      return new Framing(frames, false, false);
    }
  }

  /** One connection's pipeline, fed in reads of at most {@code chunk} bytes. */
  private static final class Connection {
    private byte[] sent = new byte[0];
    private boolean open;

    void receive(byte[] wire, int chunk) {
      EmbeddedChannel channel = new EmbeddedChannel();
      AbciServer.configure(
          channel.pipeline(),
          channel.eventLoop(),
          new StubApplication(),
          new ReentrantLock(),
          MAX_FRAME_BYTES,
          AbciConnectionHandler.PeerLogs.create());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int at = 0; at < wire.length && channel.isOpen(); at += chunk) {
        channel.writeInbound(
            Unpooled.wrappedBuffer(
                Arrays.copyOfRange(wire, at, Math.min(wire.length, at + chunk))));
        channel.runPendingTasks();
        drain(channel, out);
      }
      channel.runPendingTasks();
      drain(channel, out);
      open = channel.isOpen();
      channel.finishAndReleaseAll();
      sent = out.toByteArray();
    }

    private static void drain(EmbeddedChannel channel, ByteArrayOutputStream out) {
      for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        out.writeBytes(bytes);
      }
    }
  }

  /** How many length-delimited responses {@code sent} holds; fails if it holds anything else. */
  private static int responses(byte[] sent) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(sent);
    int count = 0;
    while (Response.parseDelimitedFrom(in) != null) {
      count++;
    }
    return count;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
