package io.leasechain.client.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** FinalizeBlock outcome of one height from {@code /block_results}. */
public record BlockResults(
    long height,
    List<TxOutcome> txResults,
    List<Event> finalizeBlockEvents,
    List<ValidatorUpdate> validatorUpdates,
    byte[] appHash) {

  /** A validator power change returned by the app; power 0 removes the validator. */
  public record ValidatorUpdate(String pubKeyType, byte[] pubKey, long power) {

    // The key is the protobuf oneof rendered verbatim:
    // {"Sum":{"type":"tendermint.crypto.PublicKey_Ed25519","value":{"ed25519":"<base64>"}}},
    // so the single field name inside "value" is the key type.
    static ValidatorUpdate from(JsonNode n) {
      JsonNode key = n.path("pub_key").path("Sum").path("value");
      Map.Entry<String, JsonNode> only = key.properties().stream().findFirst().orElse(null);
      return new ValidatorUpdate(
          only == null ? "" : only.getKey(),
          only == null ? new byte[0] : Json.base64(only.getValue()),
          Json.int64(n.path("power")));
    }
  }

  static BlockResults from(JsonNode r) {
    return new BlockResults(
        Json.int64(r.path("height")),
        Json.list(r.path("txs_results"), TxOutcome::from),
        Json.list(r.path("finalize_block_events"), Event::from),
        Json.list(r.path("validator_updates"), ValidatorUpdate::from),
        // Plain []byte here, so base64 -- unlike app_hash in /status and the block header (hex).
        Json.base64(r.path("app_hash")));
  }
}
