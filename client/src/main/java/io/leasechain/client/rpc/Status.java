package io.leasechain.client.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** Node identity, sync state and own validator info from {@code /status}. */
public record Status(
    String nodeId,
    String network,
    String version,
    long latestBlockHeight,
    String latestBlockHash,
    byte[] latestAppHash,
    Instant latestBlockTime,
    long earliestBlockHeight,
    boolean catchingUp,
    String validatorAddress,
    long validatorVotingPower) {

  static Status from(JsonNode r) {
    JsonNode node = r.path("node_info");
    JsonNode sync = r.path("sync_info");
    JsonNode validator = r.path("validator_info");
    return new Status(
        Json.text(node.path("id")),
        Json.text(node.path("network")),
        Json.text(node.path("version")),
        Json.int64(sync.path("latest_block_height")),
        Json.text(sync.path("latest_block_hash")),
        Json.hex(sync.path("latest_app_hash")),
        Json.time(sync.path("latest_block_time")),
        Json.int64(sync.path("earliest_block_height")),
        sync.path("catching_up").asBoolean(),
        Json.text(validator.path("address")),
        Json.int64(validator.path("voting_power")));
  }
}
