package io.leasechain.client.light;

import java.util.Arrays;

/** A block id: header hash plus part-set header (total, hash). */
public record BlockId(byte[] hash, int partsTotal, byte[] partsHash) {

  byte[] partSetHeaderBytes() {
    return new Protobuf()
        .uint64(1, Integer.toUnsignedLong(partsTotal))
        .bytes(2, partsHash)
        .toByteArray();
  }

  /** tendermint.types.BlockID as in the header's last_block_id. */
  byte[] toProto() {
    return new Protobuf().bytes(1, hash).message(2, partSetHeaderBytes()).toByteArray();
  }

  boolean isZero() {
    return hash.length == 0 && partsTotal == 0 && partsHash.length == 0;
  }

  boolean sameAs(BlockId other) {
    return Arrays.equals(hash, other.hash)
        && partsTotal == other.partsTotal
        && Arrays.equals(partsHash, other.partsHash);
  }
}
