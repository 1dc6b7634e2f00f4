package io.leasechain.client.tx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.leasechain.ledger.tx.proto.AuthInfo;
import io.leasechain.ledger.tx.proto.TxBody;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The tx JSON that signers pass around (docs/transactions.md): {@code body} and {@code auth_info}
 * decoded as proto3 JSON (proto field names, 64-bit integers as strings, bytes as base64), {@code
 * signatures} one base64 string per signer in auth_info's order ("" until that signer signs), and
 * an optional {@code chain_id} that is not sent on the wire.
 */
public final class TxJson {

  // A key given twice would show a reader the first value and sign the last: refused.
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().preservingProtoFieldNames().alwaysPrintFieldsWithNoPresence();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser();
  private static final Set<String> FIELDS = Set.of("body", "auth_info", "signatures", "chain_id");

  private TxJson() {}

  public static String print(PartialTx tx) {
    ObjectNode root = MAPPER.createObjectNode();
    root.set("body", proto(tx.body()));
    root.set("auth_info", proto(tx.authInfo()));
    ArrayNode signatures = root.putArray("signatures");
    for (ByteString signature : tx.signatures()) {
      signatures.add(Base64.getEncoder().encodeToString(signature.toByteArray()));
    }
    if (tx.chainId() != null) {
      root.put("chain_id", tx.chainId());
    }
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses tx JSON; {@code "signatures": []} reads as nobody signed yet. */
  public static PartialTx parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("tx JSON must be an object with body and auth_info");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException("tx JSON: unknown field '" + name + "'");
      }
    }
    TxBody.Builder body = TxBody.newBuilder();
    merge(root, "body", body);
    AuthInfo.Builder authInfo = AuthInfo.newBuilder();
    merge(root, "auth_info", authInfo);
    JsonNode signaturesNode = root.path("signatures");
    if (!signaturesNode.isMissingNode() && !signaturesNode.isArray()) {
      throw new IllegalArgumentException("tx JSON: signatures must be an array of base64 strings");
    }
    List<ByteString> signatures = new ArrayList<>();
    for (JsonNode signature : signaturesNode) {
      try {
        signatures.add(ByteString.copyFrom(Base64.getDecoder().decode(signature.asText())));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "tx JSON: signature " + (signatures.size() + 1) + " is not base64", e);
      }
    }
    JsonNode chainId = root.path("chain_id");
    String chain = chainId.isTextual() && !chainId.asText().isEmpty() ? chainId.asText() : null;
    if (signatures.isEmpty()) {
      return PartialTx.unsigned(body.build(), authInfo.build(), chain);
    }
    return new PartialTx(body.build(), authInfo.build(), signatures, chain);
  }

  private static JsonNode proto(Message message) {
    try {
      return MAPPER.readTree(PRINTER.print(message));
    } catch (InvalidProtocolBufferException | JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void merge(JsonNode root, String field, Message.Builder builder) {
    JsonNode node = root.get(field);
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("tx JSON: '" + field + "' must be an object");
    }
    try {
      PARSER.merge(node.toString(), builder);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("tx JSON: " + field + ": " + e.getMessage(), e);
    }
  }
}
