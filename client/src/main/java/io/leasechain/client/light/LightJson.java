package io.leasechain.client.light;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads light blocks from CometBFT's JSON: {@code /commit} results, {@code /validators} pages and
 * genesis.json. Header hashes are hex there, keys and signatures base64.
 */
public final class LightJson {

  static final String ED25519 = "tendermint/PubKeyEd25519";

  private LightJson() {}

  /** The {@code result} of {@code /commit?height=H}. */
  public static SignedHeader signedHeader(JsonNode commitResult) {
    JsonNode sh = commitResult.path("signed_header");
    JsonNode h = sh.path("header");
    Header header =
        new Header(
            h.path("version").path("block").asLong(),
            h.path("version").path("app").asLong(),
            h.path("chain_id").asText(""),
            h.path("height").asLong(),
            time(h.path("time")),
            blockId(h.path("last_block_id")),
            hex(h.path("last_commit_hash")),
            hex(h.path("data_hash")),
            hex(h.path("validators_hash")),
            hex(h.path("next_validators_hash")),
            hex(h.path("consensus_hash")),
            hex(h.path("app_hash")),
            hex(h.path("last_results_hash")),
            hex(h.path("evidence_hash")),
            hex(h.path("proposer_address")));
    JsonNode c = sh.path("commit");
    List<CommitSig> sigs = new ArrayList<>();
    for (JsonNode s : c.path("signatures")) {
      sigs.add(
          new CommitSig(
              s.path("block_id_flag").asInt(),
              hex(s.path("validator_address")),
              time(s.path("timestamp")),
              base64(s.path("signature"))));
    }
    Commit commit =
        new Commit(
            c.path("height").asLong(), c.path("round").asInt(), blockId(c.path("block_id")), sigs);
    return new SignedHeader(header, commit);
  }

  /** Validators from {@code /validators} pages (already concatenated) or genesis.json. */
  public static Validator validator(JsonNode v) {
    JsonNode key = v.path("pub_key");
    if (!ED25519.equals(key.path("type").asText())) {
      throw new IllegalArgumentException(
          "validator key type '" + key.path("type").asText() + "' is not supported, only Ed25519");
    }
    JsonNode power = v.has("voting_power") ? v.path("voting_power") : v.path("power");
    return new Validator(base64(key.path("value")), power.asLong());
  }

  /** The trust root a genesis.json gives. */
  public static GenesisTrust genesis(JsonNode genesis) {
    List<Validator> vals = new ArrayList<>();
    for (JsonNode v : genesis.path("validators")) {
      vals.add(validator(v));
    }
    if (vals.isEmpty()) {
      throw new IllegalArgumentException("genesis lists no validators to trust");
    }
    long initial = genesis.path("initial_height").asLong(0);
    return new GenesisTrust(
        genesis.path("chain_id").asText(), Math.max(1, initial), ValidatorSet.sorted(vals));
  }

  /** {@code block} as CometBFT writes it: a /commit result plus a /validators result. */
  public static ObjectNode toJson(LightBlock block) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    ObjectNode sh = root.putObject("signed_header");
    Header h = block.header();
    ObjectNode header = sh.putObject("header");
    header
        .putObject("version")
        .put("block", Long.toString(h.versionBlock()))
        .put("app", Long.toString(h.versionApp()));
    header.put("chain_id", h.chainId()).put("height", Long.toString(h.height()));
    header.put("time", h.time().toString());
    header.set("last_block_id", blockIdJson(h.lastBlockId()));
    header.put("last_commit_hash", HexText.of(h.lastCommitHash()));
    header.put("data_hash", HexText.of(h.dataHash()));
    header.put("validators_hash", HexText.of(h.validatorsHash()));
    header.put("next_validators_hash", HexText.of(h.nextValidatorsHash()));
    header.put("consensus_hash", HexText.of(h.consensusHash()));
    header.put("app_hash", HexText.of(h.appHash()));
    header.put("last_results_hash", HexText.of(h.lastResultsHash()));
    header.put("evidence_hash", HexText.of(h.evidenceHash()));
    header.put("proposer_address", HexText.of(h.proposerAddress()));
    Commit c = block.signedHeader().commit();
    ObjectNode commit = sh.putObject("commit");
    commit.put("height", Long.toString(c.height())).put("round", c.round());
    commit.set("block_id", blockIdJson(c.blockId()));
    ArrayNode sigs = commit.putArray("signatures");
    for (CommitSig sig : c.signatures()) {
      sigs.addObject()
          .put("block_id_flag", sig.flag())
          .put("validator_address", HexText.of(sig.validatorAddress()))
          .put("timestamp", sig.timestamp().toString())
          .put("signature", Base64.getEncoder().encodeToString(sig.signature()));
    }
    ArrayNode vals = root.putArray("validators");
    for (Validator v : block.validators().validators()) {
      ObjectNode val = vals.addObject();
      val.putObject("pub_key")
          .put("type", ED25519)
          .put("value", Base64.getEncoder().encodeToString(v.pubKey()));
      val.put("voting_power", Long.toString(v.votingPower()));
    }
    return root;
  }

  /** The light block {@link #toJson} wrote (validators in the order written). */
  public static LightBlock lightBlock(JsonNode json) {
    List<Validator> vals = new ArrayList<>();
    for (JsonNode v : json.path("validators")) {
      vals.add(validator(v));
    }
    return new LightBlock(signedHeader(json), new ValidatorSet(vals));
  }

  private static ObjectNode blockIdJson(BlockId id) {
    ObjectNode n = JsonNodeFactory.instance.objectNode().put("hash", HexText.of(id.hash()));
    n.putObject("parts").put("total", id.partsTotal()).put("hash", HexText.of(id.partsHash()));
    return n;
  }

  private static BlockId blockId(JsonNode n) {
    return new BlockId(
        hex(n.path("hash")),
        n.path("parts").path("total").asInt(),
        hex(n.path("parts").path("hash")));
  }

  private static byte[] hex(JsonNode n) {
    String s = n.isNull() ? "" : n.asText("");
    return HexFormat.of().parseHex(s);
  }

  private static byte[] base64(JsonNode n) {
    String s = n.isNull() ? "" : n.asText("");
    return Base64.getDecoder().decode(s);
  }

  private static Instant time(JsonNode n) {
    return Instant.parse(n.asText());
  }
}
