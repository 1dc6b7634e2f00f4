package io.leasechain.node.abci;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits the byte stream into ABCI frames, each preceded by its length as an unsigned varint (Go's
 * {@code binary.PutUvarint}, as CometBFT writes it). A length above {@code maxFrameBytes} fails the
 * connection as soon as the prefix is read, before any of the frame is buffered. A frame within the
 * limit is buffered as its bytes arrive (the base class grows its buffer with them), so a prefix
 * announcing much and then a trickle of bytes holds only what was sent.
 */
final class AbciFrameDecoder extends ByteToMessageDecoder {

  // A uvarint of a 64-bit length takes at most 10 bytes.
  private static final int MAX_PREFIX_BYTES = 10;

  private final int maxFrameBytes;
  private boolean failed;

  AbciFrameDecoder(int maxFrameBytes) {
    if (maxFrameBytes < 1) {
      throw new IllegalArgumentException("maxFrameBytes must be positive, got " + maxFrameBytes);
    }
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
      throws TooLongFrameException {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    int start = in.readerIndex();
    long length = 0;
    int shift = 0;
    for (int i = 0; ; i++) {
      if (!in.isReadable()) {
        in.readerIndex(start);
        return;
      }
      byte b = in.readByte();
      length |= (long) (b & 0x7f) << shift;
      if (length < 0 || length > maxFrameBytes || i == MAX_PREFIX_BYTES - 1 && b < 0) {
        // Whatever follows can no longer be framed: drop it and let the connection go.
        failed = true;
        in.skipBytes(in.readableBytes());
        throw new TooLongFrameException(
            "ABCI frame longer than the maximum of " + maxFrameBytes + " bytes");
      }
      if (b >= 0) {
        break;
      }
      shift += 7;
    }
    if (in.readableBytes() < length) {
      in.readerIndex(start);
      return;
    }
    out.add(in.readRetainedSlice((int) length));
  }
}
