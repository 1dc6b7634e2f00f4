package io.leasechain.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.leasechain.crypto.Hex;
import java.io.PrintWriter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How commands print results: "text" (key: value lines) or "json" (one JSON document). */
enum OutputFormat {
  text,
  json;

  // Built on first use, not when picocli touches the enum: most commands print text and never
  // need them, and building them is a noticeable part of a short command's start-up.
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonFormat.Printer PROTO =
        JsonFormat.printer().preservingProtoFieldNames().alwaysPrintFieldsWithNoPresence();
  }

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Protobuf message as JSON with proto field names; uint64 values are strings, bytes base64. */
  static ObjectNode fromProto(MessageOrBuilder message) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(Json.PROTO.print(message));
    } catch (InvalidProtocolBufferException
        | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + message.getClass().getSimpleName(), e);
    }
  }

  /**
   * A protobuf answer: JSON as proto3 maps it (bytes base64); text with bytes in lowercase hex, and
   * validator addresses (the only bytes fields named "address") in uppercase hex as CometBFT prints
   * them.
   */
  void print(PrintWriter out, MessageOrBuilder message) {
    print(out, render(message));
  }

  /**
   * {@code message} as {@link #print(PrintWriter, MessageOrBuilder)} shows it, to add fields to.
   */
  ObjectNode render(MessageOrBuilder message) {
    ObjectNode node = fromProto(message);
    if (this == text) {
      hexBytes(message.getDescriptorForType(), node);
    }
    return node;
  }

  private static void hexBytes(Descriptor type, ObjectNode node) {
    for (FieldDescriptor field : type.getFields()) {
      JsonNode value = node.get(field.getName());
      if (value == null || field.isMapField()) {
        continue;
      }
      if (field.getType() == FieldDescriptor.Type.BYTES) {
        boolean upper = field.getName().equals("address");
        if (value.isArray()) {
          ArrayNode hex = node.putArray(field.getName());
          value.forEach(item -> hex.add(hex(item.asText(), upper)));
        } else {
          node.put(field.getName(), hex(value.asText(), upper));
        }
      } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        for (JsonNode item : value.isArray() ? value : List.of(value)) {
          if (item instanceof ObjectNode object) {
            hexBytes(field.getMessageType(), object);
          }
        }
      }
    }
  }

  private static String hex(String base64, boolean upper) {
    String hex = Hex.encode(Base64.getDecoder().decode(base64));
    return upper ? hex.toUpperCase(Locale.ROOT) : hex;
  }

  void print(PrintWriter out, ObjectNode node) {
    if (this == json) {
      try {
        out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      printFields(out, node, "", "");
    }
    out.flush();
  }

  /**
   * Text output is YAML-like: "key: value" lines, nested objects indented under "key:", arrays of
   * scalars on one line as "key: [a, b]", arrays of objects as "- " items indented under "key:".
   * The first line starts with {@code firstIndent} (an array item's "- "), the others with {@code
   * indent}.
   */
  private static void printFields(
      PrintWriter out, ObjectNode node, String firstIndent, String indent) {
    String lead = firstIndent;
    if (node.isEmpty() && !firstIndent.equals(indent)) {
      out.println(firstIndent + "{}");
      return;
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      JsonNode value = field.getValue();
      if (value.isObject() && !value.isEmpty()) {
        out.println(lead + field.getKey() + ":");
        printFields(out, (ObjectNode) value, indent + "  ", indent + "  ");
      } else if (value.isArray() && hasContainers(value)) {
        out.println(lead + field.getKey() + ":");
        printItems(out, value, indent + "  ");
      } else {
        out.println(lead + field.getKey() + ": " + scalar(value));
      }
      lead = indent;
    }
  }

  private static void printItems(PrintWriter out, JsonNode array, String indent) {
    for (JsonNode item : array) {
      if (item.isObject()) {
        printFields(out, (ObjectNode) item, indent + "- ", indent + "  ");
      } else if (item.isArray() && hasContainers(item)) {
        out.println(indent + "-");
        printItems(out, item, indent + "  ");
      } else {
        out.println(indent + "- " + scalar(item));
      }
    }
  }

  private static boolean hasContainers(JsonNode array) {
    for (JsonNode item : array) {
      if (item.isContainerNode()) {
        return true;
      }
    }
    return false;
  }

  /**
   * A scalar as its text (control characters escaped: text on chain is anyone's); an array of
   * scalars as [a, b]; an empty object as {}.
   */
  private static String scalar(JsonNode value) {
    if (value.isArray()) {
      StringBuilder text = new StringBuilder("[");
      for (JsonNode item : value) {
        text.append(text.length() == 1 ? "" : ", ").append(scalar(item));
      }
      return text.append(']').toString();
    }
    if (value.isObject()) {
      return "{}";
    }
    return value.isTextual() ? TerminalText.escapeControls(value.asText()) : value.toString();
  }
}
