package io.leasechain.node.store;

import io.leasechain.ledger.state.Write;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A committed block's state writes, kept in the store's metadata from its commit until its tree
 * nodes are written behind it: an open that finds one rebuilds that tree version from it.
 */
record TreeJournal(long height, long baseVersion, List<Write> writes) {

  private static final int DELETED = -1;

  TreeJournal {
    writes = List.copyOf(writes);
  }

  byte[] encode() {
    long size = 8 + 8 + 4;
    for (Write write : writes) {
      size += 4 + write.key().length + 4 + (write.isDelete() ? 0 : write.value().length);
    }
    ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(size));
    buffer.putLong(height).putLong(baseVersion).putInt(writes.size());
    for (Write write : writes) {
      buffer.putInt(write.key().length).put(write.key());
      if (write.isDelete()) {
        buffer.putInt(DELETED);
      } else {
        buffer.putInt(write.value().length).put(write.value());
      }
    }
    return buffer.array();
  }

  /**
   * @throws StoreException when {@code bytes} is not a journal {@link #encode} wrote
   */
  static TreeJournal decode(byte[] bytes) {
    try {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      long height = buffer.getLong();
      long baseVersion = buffer.getLong();
      int count = buffer.getInt();
      if (count < 0 || count > buffer.remaining() / 8) {
        throw new IllegalArgumentException("bad write count " + count);
      }
      List<Write> writes = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte[] key = bytes(buffer, buffer.getInt());
        int valueLength = buffer.getInt();
        writes.add(new Write(key, valueLength == DELETED ? null : bytes(buffer, valueLength)));
      }
      if (buffer.hasRemaining()) {
        throw new IllegalArgumentException(buffer.remaining() + " bytes after the last write");
      }
      return new TreeJournal(height, baseVersion, writes);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new StoreException("the tree journal is corrupt: " + e.getMessage(), e);
    }
  }

  private static byte[] bytes(ByteBuffer buffer, int length) {
    if (length < 0 || length > buffer.remaining()) {
      throw new IllegalArgumentException("bad length " + length);
    }
    byte[] bytes = new byte[length];
    buffer.get(bytes);
    return bytes;
  }
}
