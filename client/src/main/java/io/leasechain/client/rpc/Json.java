package io.leasechain.client.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/** Decoders for CometBFT's JSON conventions, shared by the result records. */
final class Json {

  private static final byte[] NO_BYTES = new byte[0];

  private Json() {}

  /** CometBFT writes int64 (and Go int) as JSON strings; asLong parses both forms. */
  static long int64(JsonNode n) {
    return n.asLong();
  }

  static int int32(JsonNode n) {
    return n.asInt();
  }

  /** Absent and null strings read as "" so callers never branch on null. */
  static String text(JsonNode n) {
    return n.isNull() || n.isMissingNode() ? "" : n.asText();
  }

  /** Go []byte fields are base64; nil slices arrive as null and read as an empty array. */
  static byte[] base64(JsonNode n) {
    String s = text(n);
    return s.isEmpty() ? NO_BYTES : Base64.getDecoder().decode(s);
  }

  /** bytes.HexBytes fields (header hashes, app hash in status/header, broadcast data) are hex. */
  static byte[] hex(JsonNode n) {
    String s = text(n);
    return s.isEmpty() ? NO_BYTES : HexFormat.of().parseHex(s);
  }

  static Instant time(JsonNode n) {
    String s = text(n);
    return s.isEmpty() ? null : Instant.parse(s);
  }

  /** JSON null arrays (e.g. finalize_block_events with no events) read as an empty list. */
  static <T> List<T> list(JsonNode n, Function<JsonNode, T> element) {
    List<T> out = new ArrayList<>(n.size());
    for (JsonNode e : n) {
      out.add(element.apply(e));
    }
    return List.copyOf(out);
  }
}
