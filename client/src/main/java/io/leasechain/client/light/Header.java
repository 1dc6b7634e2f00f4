package io.leasechain.client.light;

import java.time.Instant;
import java.util.List;

/** A CometBFT v0.38 block header, the fields its hash covers. */
public record Header(
    long versionBlock,
    long versionApp,
    String chainId,
    long height,
    Instant time,
    BlockId lastBlockId,
    byte[] lastCommitHash,
    byte[] dataHash,
    byte[] validatorsHash,
    byte[] nextValidatorsHash,
    byte[] consensusHash,
    byte[] appHash,
    byte[] lastResultsHash,
    byte[] evidenceHash,
    byte[] proposerAddress) {

  /** types.Header.Hash: the simple Merkle root over the 14 fields, each as gogoproto writes it. */
  public byte[] hash() {
    return SimpleMerkle.root(
        List.of(
            new Protobuf().uint64(1, versionBlock).uint64(2, versionApp).toByteArray(),
            new Protobuf().string(1, chainId).toByteArray(),
            new Protobuf().int64(1, height).toByteArray(),
            Protobuf.timestamp(time),
            lastBlockId.toProto(),
            wrapped(lastCommitHash),
            wrapped(dataHash),
            wrapped(validatorsHash),
            wrapped(nextValidatorsHash),
            wrapped(consensusHash),
            wrapped(appHash),
            wrapped(lastResultsHash),
            wrapped(evidenceHash),
            wrapped(proposerAddress)));
  }

  /** cdcEncode of a byte slice: gogoproto BytesValue, nothing at all when empty. */
  private static byte[] wrapped(byte[] value) {
    return new Protobuf().bytes(1, value).toByteArray();
  }
}
