package io.leasechain.ledger;

import io.leasechain.crypto.Hashes;
import io.leasechain.ledger.state.Write;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The state commitment, version 1: a hash chain over each block's sorted write set. Two nodes that
 * executed the same blocks from the same genesis write the same keys and values in the same order,
 * so they agree on every link; one differing byte anywhere changes every later hash.
 */
public final class AppHash {

  private static final byte[] DOMAIN = "leasechain/apphash/v1".getBytes(StandardCharsets.UTF_8);

  private AppHash() {}

  /** The hash after genesis (there is no previous link). */
  public static byte[] genesis(List<Write> writes) {
    return next(new byte[0], 0, writes);
  }

  /** The hash after {@code height}, chaining {@code previous} with this block's writes. */
  public static byte[] next(byte[] previous, long height, List<Write> writes) {
    return Hashes.sha256(
        DOMAIN, previous, ByteBuffer.allocate(8).putLong(height).array(), encode(writes));
  }

  // Length-prefixed so that no two different write sets can encode to the same bytes.
  private static byte[] encode(List<Write> writes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer header = ByteBuffer.allocate(9);
    for (Write write : writes) {
      header.clear();
      header.putInt(write.key().length);
      out.write(header.array(), 0, 4);
      out.writeBytes(write.key());
      header.clear();
      header.put(write.isDelete() ? (byte) 0 : (byte) 1);
      header.putInt(write.isDelete() ? 0 : write.value().length);
      out.write(header.array(), 0, 5);
      if (!write.isDelete()) {
        out.writeBytes(write.value());
      }
    }
    return out.toByteArray();
  }
}
