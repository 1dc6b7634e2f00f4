package io.leasechain.node.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.leasechain.client.rpc.Attribute;
import io.leasechain.client.rpc.Block;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.CometRpcException;
import io.leasechain.client.rpc.Event;
import io.leasechain.client.rpc.Status;
import io.leasechain.client.rpc.TxResult;
import io.leasechain.client.rpc.TxSearchResult;
import io.leasechain.crypto.Hashes;
import io.leasechain.ledger.tx.proto.AuthInfo;
import io.leasechain.ledger.tx.proto.Tx;
import io.leasechain.ledger.tx.proto.TxBody;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The chain paths ({@code /v1/status}, {@code /v1/blocks…}, {@code /v1/txs…}): answered from the
 * node's CometBFT RPC, with txs decoded to proto3 JSON.
 */
final class ChainRoutes {

  /** Most blocks one {@code /v1/blocks} page holds. */
  static final int MAX_BLOCKS = 50;

  static final int DEFAULT_BLOCKS = 20;

  /** CometBFT serves at most 100 txs per tx_search page. */
  static final int MAX_PER_PAGE = 100;

  static final int DEFAULT_PER_PAGE = 30;

  /** The first segments after {@code /v1/} of the paths answered here. */
  static final Set<String> RESOURCES = Set.of("status", "blocks", "txs");

  private static final Pattern TX_HASH = Pattern.compile("[0-9A-Fa-f]{64}");
  private static final Pattern UNSIGNED = Pattern.compile("[0-9]{1,19}");
  private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final CometRpcClient rpc;
  private final Duration pageTime;
  private final JsonFormat.Printer printer;

  /** {@code pageTime} bounds the calls that fill one page of blocks. */
  ChainRoutes(CometRpcClient rpc, Duration pageTime, JsonFormat.Printer printer) {
    this.rpc = rpc;
    this.pageTime = pageTime;
    this.printer = printer;
  }

  /** Answers {@code /v1/status}, {@code /v1/blocks…} or {@code /v1/txs…}; null if not one. */
  Answer answer(List<String> segments, Map<String, List<String>> params) {
    String resource = segments.get(0);
    try {
      return switch (resource) {
        case "status" -> segments.size() == 1 ? status() : null;
        case "blocks" ->
            segments.size() == 1
                ? blocks(params)
                : segments.size() == 2 ? block(segments.get(1)) : null;
        case "txs" ->
            segments.size() == 1
                ? txSearch(params)
                : segments.size() == 2 ? tx(segments.get(1)) : null;
        default -> null;
      };
    } catch (CometRpcException e) {
      throw unavailable(e);
    }
  }

  private Answer status() {
    Status status = rpc.status();
    ObjectNode json = MAPPER.createObjectNode();
    json.put("chain_id", status.network());
    json.put("latest_height", Long.toString(status.latestBlockHeight()));
    json.put("latest_block_time", status.latestBlockTime().toString());
    json.put("latest_app_hash", Base64.getEncoder().encodeToString(status.latestAppHash()));
    return Answer.json(json.toString());
  }

  private Answer block(String height) {
    long at = height.equals("latest") ? 0 : positive("height", height);
    Block block;
    try {
      block = rpc.block(at);
    } catch (CometRpcException e) {
      throw missingHeight(e, height);
    }
    return Answer.json(blockJson(block).toString());
  }

  private Answer blocks(Map<String, List<String>> params) {
    int limit = (int) range("limit", param(params, "limit"), DEFAULT_BLOCKS, MAX_BLOCKS);
    Status status = rpc.status();
    long earliest = Math.max(1, status.earliestBlockHeight());
    long top = status.latestBlockHeight();
    String before = param(params, "before");
    if (before != null) {
      top = Math.min(top, positive("before", before) - 1);
    }
    ArrayNode blocks = MAPPER.createArrayNode();
    long height = top;
    // A slow CometBFT shortens the page rather than holding a worker for limit × the timeout;
    // `next` then continues where it stopped.
    long deadline = System.nanoTime() + pageTime.toNanos();
    for (; height >= earliest && blocks.size() < limit; height--) {
      if (!blocks.isEmpty() && System.nanoTime() > deadline) {
        break;
      }
      blocks.add(blockJson(rpc.block(height)));
    }
    ObjectNode json = MAPPER.createObjectNode();
    json.set("blocks", blocks);
    json.put("next", height >= earliest ? Long.toString(height + 1) : "");
    return Answer.json(json.toString());
  }

  private Answer tx(String hash) {
    if (!TX_HASH.matcher(hash).matches()) {
      throw new GatewayException(
          GatewayError.INVALID_ARGUMENT, "tx hash '" + hash + "' is not 64 hex digits");
    }
    TxResult result;
    try {
      result = rpc.tx(HexFormat.of().parseHex(hash));
    } catch (CometRpcException e) {
      if (e.isRpcError() && String.valueOf(e.data()).contains("not found")) {
        throw new GatewayException(
            GatewayError.NOT_FOUND, "tx " + hash.toUpperCase() + " is not in a committed block");
      }
      throw e;
    }
    return Answer.json(txJson(result).toString());
  }

  private Answer txSearch(Map<String, List<String>> params) {
    String query = EventQuery.validate(param(params, "query"));
    int page = (int) range("page", param(params, "page"), 1, Integer.MAX_VALUE);
    int perPage =
        (int) range("per_page", param(params, "per_page"), DEFAULT_PER_PAGE, MAX_PER_PAGE);
    TxSearchResult result;
    try {
      result = rpc.txSearch(query, page, perPage);
    } catch (CometRpcException e) {
      if (e.isRpcError()) {
        // The node answered: it judged the query or the page (e.g. a page past the last).
        throw new GatewayException(GatewayError.INVALID_ARGUMENT, "tx_search refused: " + e.data());
      }
      throw e;
    }
    ObjectNode json = MAPPER.createObjectNode();
    json.put("total_count", result.totalCount());
    ArrayNode txs = json.putArray("txs");
    result.txs().forEach(tx -> txs.add(txJson(tx)));
    return Answer.json(json.toString());
  }

  private static ObjectNode blockJson(Block block) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("height", Long.toString(block.height()));
    json.put("time", block.time().toString());
    json.put("hash", block.hash());
    json.put("proposer", block.proposerAddress());
    json.put("num_txs", block.txs().size());
    ArrayNode txs = json.putArray("txs");
    block.txs().forEach(tx -> txs.addObject().put("hash", UPPER_HEX.formatHex(Hashes.sha256(tx))));
    return json;
  }

  private ObjectNode txJson(TxResult result) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("hash", result.hash());
    json.put("height", Long.toString(result.height()));
    json.put("index", result.index());
    json.put("code", result.result().code());
    json.put("codespace", result.result().codespace());
    json.put("log", result.result().log());
    json.put("gas_wanted", Long.toString(result.result().gasWanted()));
    json.put("gas_used", Long.toString(result.result().gasUsed()));
    json.set("tx", decode(result.tx()));
    ArrayNode events = json.putArray("events");
    for (Event event : result.result().events()) {
      ObjectNode e = events.addObject().put("type", event.type());
      ArrayNode attributes = e.putArray("attributes");
      for (Attribute attribute : event.attributes()) {
        attributes.addObject().put("key", attribute.key()).put("value", attribute.value());
      }
    }
    return json;
  }

  /** The tx with its body and auth info decoded; {@code {raw}} if it is not a leasechain tx. */
  private JsonNode decode(byte[] bytes) {
    ObjectNode json = MAPPER.createObjectNode();
    try {
      Tx tx = Tx.parseFrom(bytes);
      json.set("body", proto(TxBody.parseFrom(tx.getBody())));
      json.set("auth_info", proto(AuthInfo.parseFrom(tx.getAuthInfo())));
      ArrayNode signatures = json.putArray("signatures");
      for (ByteString signature : tx.getSignaturesList()) {
        signatures.add(Base64.getEncoder().encodeToString(signature.toByteArray()));
      }
      return json;
    } catch (InvalidProtocolBufferException e) {
      return MAPPER.createObjectNode().put("raw", Base64.getEncoder().encodeToString(bytes));
    }
  }

  private JsonNode proto(MessageOrBuilder message) throws InvalidProtocolBufferException {
    try {
      return MAPPER.readTree(printer.print(message));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("JsonFormat printed invalid JSON", e);
    }
  }

  private static String param(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
  }

  private static long positive(String name, String text) {
    if (!UNSIGNED.matcher(text).matches() || Long.parseLong(text) == 0) {
      throw new GatewayException(
          GatewayError.INVALID_ARGUMENT, name + " '" + text + "' is not a positive integer");
    }
    return Long.parseLong(text);
  }

  private static long range(String name, String text, long fallback, long max) {
    if (text == null) {
      return fallback;
    }
    long value = positive(name, text);
    if (value > max) {
      throw new GatewayException(
          GatewayError.INVALID_ARGUMENT, name + " " + value + " is above the maximum " + max);
    }
    return value;
  }

  private static GatewayException missingHeight(CometRpcException e, String height) {
    if (e.isRpcError()) {
      // CometBFT: "height N must be less than or equal to the current blockchain height M", or
      // below the lowest height it still keeps.
      return new GatewayException(
          GatewayError.NOT_FOUND, "no block at height " + height + ": " + e.data());
    }
    return unavailable(e);
  }

  private static GatewayException unavailable(CometRpcException e) {
    return new GatewayException(
        GatewayError.COMETBFT_UNAVAILABLE, "CometBFT RPC failed: " + e.getMessage());
  }
}
