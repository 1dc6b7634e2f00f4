package io.leasechain.ledger.state;

import java.nio.ByteBuffer;

/** Builds state keys: a prefix byte, then big-endian fixed-width ids or raw address bytes. */
public final class Keys {

  private Keys() {}

  public static byte[] of(KeySpace space, byte[]... parts) {
    int length = 1;
    for (byte[] part : parts) {
      length += part.length;
    }
    ByteBuffer buffer = ByteBuffer.allocate(length).put(space.prefix());
    for (byte[] part : parts) {
      buffer.put(part);
    }
    return buffer.array();
  }

  public static byte[] uint64(long value) {
    return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }

  /** The smallest key greater than every key starting with {@code prefix}; null if none exists. */
  public static byte[] prefixEnd(byte[] prefix) {
    byte[] end = prefix.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        byte[] trimmed = new byte[i + 1];
        System.arraycopy(end, 0, trimmed, 0, i + 1);
        return trimmed;
      }
    }
    return null;
  }
}
