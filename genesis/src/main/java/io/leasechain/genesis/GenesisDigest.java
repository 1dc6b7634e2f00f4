package io.leasechain.genesis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SHA-256 a network publishes for its genesis: over the document in canonical JSON (object keys
 * sorted, no whitespace), so that the file an operator holds and the same document as a node's
 * {@code /genesis} serves it, re-encoded by CometBFT, hash alike.
 */
public final class GenesisDigest {

  private GenesisDigest() {}

  /** Lower-case hex SHA-256 of {@code genesis} in canonical JSON. */
  public static String sha256(JsonNode genesis) {
    try {
      byte[] canonical = AppState.JSON.writeValueAsBytes(sorted(genesis));
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash a genesis document", e);
    }
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      TreeMap<String, JsonNode> fields = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
      while (entries.hasNext()) {
        Map.Entry<String, JsonNode> entry = entries.next();
        fields.put(entry.getKey(), sorted(entry.getValue()));
      }
      ObjectNode out = AppState.JSON.createObjectNode();
      out.setAll(fields);
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = AppState.JSON.createArrayNode();
      node.forEach(element -> out.add(sorted(element)));
      return out;
    }
    return node;
  }
}
