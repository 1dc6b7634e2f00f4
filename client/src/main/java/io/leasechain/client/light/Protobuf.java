package io.leasechain.client.light;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Writes the few CometBFT messages a light client hashes or signs, byte for byte as gogoproto does:
 * proto3 scalars are left out when zero, non-nullable embedded messages always written.
 */
final class Protobuf {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

  Protobuf uint64(int field, long value) {
    return write(
        () -> {
          if (value != 0) {
            out.writeUInt64(field, value);
          }
        });
  }

  Protobuf int64(int field, long value) {
    return write(
        () -> {
          if (value != 0) {
            out.writeInt64(field, value);
          }
        });
  }

  Protobuf sfixed64(int field, long value) {
    return write(
        () -> {
          if (value != 0) {
            out.writeSFixed64(field, value);
          }
        });
  }

  Protobuf bytes(int field, byte[] value) {
    return write(
        () -> {
          if (value.length > 0) {
            out.writeByteArray(field, value);
          }
        });
  }

  Protobuf string(int field, String value) {
    return write(
        () -> {
          if (!value.isEmpty()) {
            out.writeString(field, value);
          }
        });
  }

  /** An embedded message, written even when empty (gogoproto nullable=false or a set oneof). */
  Protobuf message(int field, byte[] encoded) {
    return write(() -> out.writeByteArray(field, encoded));
  }

  byte[] toByteArray() {
    write(() -> {});
    return bytes.toByteArray();
  }

  /** google.protobuf.Timestamp. */
  static byte[] timestamp(Instant time) {
    return new Protobuf().int64(1, time.getEpochSecond()).int64(2, time.getNano()).toByteArray();
  }

  /** Length-prefixed, as protoio.MarshalDelimited. */
  static byte[] delimited(byte[] message) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      out.writeUInt32NoTag(message.length);
      out.writeRawBytes(message);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private interface Write {
    void run() throws IOException;
  }

  private Protobuf write(Write write) {
    try {
      write.run();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }
}
