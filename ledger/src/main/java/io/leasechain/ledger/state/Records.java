package io.leasechain.ledger.state;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;

/** Reads stored protobuf records; a record that does not parse means corrupt state. */
public final class Records {

  private Records() {}

  /** The record under {@code key}, or null when absent. */
  public static <T extends MessageLite> T read(ReadableState state, byte[] key, Parser<T> parser) {
    byte[] bytes = state.get(key);
    if (bytes == null) {
      return null;
    }
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(
          "corrupt record under key " + java.util.HexFormat.of().formatHex(key), e);
    }
  }
}
