package io.leasechain.client.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The complete validator set at {@code blockHeight} from {@code /validators}. */
public record Validators(long blockHeight, List<Validator> validators) {

  /**
   * One validator; {@code pubKeyType} is CometBFT's amino name, e.g. "tendermint/PubKeyEd25519".
   */
  public record Validator(
      String address, String pubKeyType, byte[] pubKey, long votingPower, long proposerPriority) {

    static Validator from(JsonNode n) {
      return new Validator(
          Json.text(n.path("address")),
          Json.text(n.path("pub_key").path("type")),
          Json.base64(n.path("pub_key").path("value")),
          Json.int64(n.path("voting_power")),
          Json.int64(n.path("proposer_priority")));
    }
  }

  public long totalVotingPower() {
    return validators.stream().mapToLong(Validator::votingPower).sum();
  }

  static Validators from(JsonNode r) {
    return new Validators(
        Json.int64(r.path("block_height")), Json.list(r.path("validators"), Validator::from));
  }
}
