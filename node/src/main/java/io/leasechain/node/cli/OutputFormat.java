package io.leasechain.node.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Map;

/** How commands print results: "text" (key: value lines) or "json" (one JSON document). */
enum OutputFormat {
  text,
  json;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFormat.Printer PROTO =
      JsonFormat.printer().preservingProtoFieldNames().alwaysPrintFieldsWithNoPresence();

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /** Protobuf message as JSON with proto field names; uint64 values are strings, bytes base64. */
  static ObjectNode fromProto(MessageOrBuilder message) {
    try {
      return (ObjectNode) JSON.readTree(PROTO.print(message));
    } catch (InvalidProtocolBufferException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + message.getClass().getSimpleName(), e);
    }
  }

  void print(PrintWriter out, ObjectNode node) {
    if (this == json) {
      try {
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      printText(out, node, "");
    }
    out.flush();
  }

  private static void printText(PrintWriter out, ObjectNode node, String indent) {
    Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> field = fields.next();
      if (field.getValue().isObject()) {
        out.println(indent + field.getKey() + ":");
        printText(out, (ObjectNode) field.getValue(), indent + "  ");
      } else {
        out.println(indent + field.getKey() + ": " + (field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString()));
      }
    }
  }
}
