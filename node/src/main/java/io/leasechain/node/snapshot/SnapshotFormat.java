package io.leasechain.node.snapshot;

import io.leasechain.crypto.Hashes;
import io.leasechain.ledger.state.KeyValue;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The state-sync snapshot format, version {@value #FORMAT} (docs/operating.md "State sync and
 * snapshots"). A chunk is {@code 0x01 || (u32 key length || key || u32 value length || value)*};
 * the entries of all chunks together are every state key-value, in ascending unsigned byte order of
 * the raw key, each key once, at most {@value #MAX_CHUNK_ENTRIES} per chunk. The metadata is {@code
 * 0x01 || u64 height || u8 app hash length || app hash || u32 chunk count || SHA-256 of each
 * chunk}; the snapshot's hash is the SHA-256 of the metadata. All integers are big-endian.
 */
public final class SnapshotFormat {

  /** The ABCI snapshot format number, also the first byte of every chunk and of the metadata. */
  public static final int FORMAT = 1;

  /** Chunks are cut once they would pass this size (a single larger entry gets its own chunk). */
  public static final int DEFAULT_CHUNK_BYTES = 4 << 20;

  /** The largest chunk accepted from a peer: CometBFT's p2p messages stay below 16 MiB. */
  public static final int MAX_CHUNK_BYTES = 16 << 20;

  /**
   * The most entries in a chunk: exporters cut there too, so a peer's chunk cannot make the restore
   * build millions of entries and tree leaves before its root can be checked.
   */
  public static final int MAX_CHUNK_ENTRIES = 1 << 16;

  private static final int HASH_BYTES = 32;

  private SnapshotFormat() {}

  /** A snapshot's description: what ABCI carries as {@code Snapshot.metadata}. */
  public record Metadata(long height, byte[] appHash, List<byte[]> chunkHashes) {

    public Metadata {
      appHash = appHash.clone();
      chunkHashes = List.copyOf(chunkHashes);
    }

    public int chunks() {
      return chunkHashes.size();
    }

    public byte[] encode() {
      ByteBuffer buffer =
          ByteBuffer.allocate(1 + 8 + 1 + appHash.length + 4 + HASH_BYTES * chunkHashes.size());
      buffer.put((byte) FORMAT).putLong(height).put((byte) appHash.length).put(appHash);
      buffer.putInt(chunkHashes.size());
      chunkHashes.forEach(buffer::put);
      return buffer.array();
    }

    /** The snapshot hash: SHA-256 of the encoded metadata. */
    public byte[] hash() {
      return Hashes.sha256(encode());
    }

    /** Whether {@code chunk} is the one this metadata lists at {@code index}. */
    public boolean matches(int index, byte[] chunk) {
      return Arrays.equals(chunkHashes.get(index), Hashes.sha256(chunk));
    }

    /**
     * Parses metadata bytes.
     *
     * @throws IllegalArgumentException when they are not format-{@value #FORMAT} metadata
     */
    public static Metadata decode(byte[] bytes) {
      try {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (buffer.get() != FORMAT) {
          throw new IllegalArgumentException("metadata is not format " + FORMAT);
        }
        long height = buffer.getLong();
        byte[] appHash = new byte[Byte.toUnsignedInt(buffer.get())];
        buffer.get(appHash);
        int count = buffer.getInt();
        if (count < 1 || (long) count * HASH_BYTES != buffer.remaining()) {
          throw new IllegalArgumentException(
              "metadata lists " + count + " chunks in " + buffer.remaining() + " bytes");
        }
        List<byte[]> hashes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          byte[] hash = new byte[HASH_BYTES];
          buffer.get(hash);
          hashes.add(hash);
        }
        return new Metadata(height, appHash, hashes);
      } catch (BufferUnderflowException e) {
        throw new IllegalArgumentException("metadata is truncated", e);
      }
    }
  }

  /** Accumulates entries into one chunk. */
  static final class ChunkBuilder {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private int entries;

    ChunkBuilder() {
      bytes.write(FORMAT);
    }

    /** Whether it holds {@link #MAX_CHUNK_ENTRIES} entries: no more may be added. */
    boolean full() {
      return entries == MAX_CHUNK_ENTRIES;
    }

    /** The chunk's size once {@code entry} is added. */
    int sizeWith(KeyValue entry) {
      return bytes.size() + 8 + entry.key().length + entry.value().length;
    }

    void add(KeyValue entry) {
      writeBytes(entry.key());
      writeBytes(entry.value());
      entries++;
    }

    int entries() {
      return entries;
    }

    byte[] toByteArray() {
      return bytes.toByteArray();
    }

    private void writeBytes(byte[] field) {
      bytes.writeBytes(ByteBuffer.allocate(4).putInt(field.length).array());
      bytes.writeBytes(field);
    }
  }

  /**
   * The entries of one chunk, in its order.
   *
   * @throws IllegalArgumentException when the chunk is malformed
   */
  public static List<KeyValue> decodeChunk(byte[] chunk) {
    try {
      ByteBuffer buffer = ByteBuffer.wrap(chunk);
      if (buffer.get() != FORMAT) {
        throw new IllegalArgumentException("chunk is not format " + FORMAT);
      }
      List<KeyValue> entries = new ArrayList<>();
      while (buffer.hasRemaining()) {
        if (entries.size() == MAX_CHUNK_ENTRIES) {
          throw new IllegalArgumentException(
              "chunk holds more than " + MAX_CHUNK_ENTRIES + " entries");
        }
        entries.add(new KeyValue(readBytes(buffer), readBytes(buffer)));
      }
      return entries;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("chunk is truncated", e);
    }
  }

  private static byte[] readBytes(ByteBuffer buffer) {
    int length = buffer.getInt();
    if (length < 0 || length > buffer.remaining()) {
      throw new IllegalArgumentException("chunk entry length " + length + " passes its end");
    }
    byte[] field = new byte[length];
    buffer.get(field);
    return field;
  }
}
