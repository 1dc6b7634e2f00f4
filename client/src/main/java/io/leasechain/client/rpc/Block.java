package io.leasechain.client.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A committed block from {@code /block}: the header fields clients use, its txs and the previous
 * block's commit.
 */
public record Block(
    long height,
    String hash,
    Instant time,
    String chainId,
    byte[] appHash,
    byte[] dataHash,
    String proposerAddress,
    List<byte[]> txs,
    List<CommitSig> lastCommitSignatures) {

  /**
   * One validator's vote in the last commit; {@code validatorAddress} is "" when the validator was
   * absent.
   */
  public record CommitSig(String validatorAddress, int blockIdFlag) {
    public static final int FLAG_ABSENT = 1;
    public static final int FLAG_COMMIT = 2;
    public static final int FLAG_NIL = 3;

    public boolean committed() {
      return blockIdFlag == FLAG_COMMIT;
    }

    static CommitSig from(JsonNode n) {
      return new CommitSig(
          Json.text(n.path("validator_address")), Json.int32(n.path("block_id_flag")));
    }
  }

  static Block from(JsonNode r) {
    JsonNode block = r.path("block");
    JsonNode header = block.path("header");
    return new Block(
        Json.int64(header.path("height")),
        Json.text(r.path("block_id").path("hash")),
        Json.time(header.path("time")),
        Json.text(header.path("chain_id")),
        Json.hex(header.path("app_hash")),
        Json.hex(header.path("data_hash")),
        Json.text(header.path("proposer_address")),
        // Header hashes are hex, but the txs themselves are base64.
        Json.list(block.path("data").path("txs"), Json::base64),
        Json.list(block.path("last_commit").path("signatures"), CommitSig::from));
  }
}
