package io.leasechain.ledger.tx;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.List;
import java.util.Map;

/**
 * Finds fields a message carries that its schema does not define. Protobuf keeps them, so a nested
 * message a handler stores whole (an order's spec, a proposal's action) would store them unread:
 * permanent state bounded by nothing but the tx size.
 */
final class UnknownFields {

  private UnknownFields() {}

  /** The path to the first message holding unknown fields, or null when there is none. */
  static String find(Message message) {
    String name = message.getDescriptorForType().getName();
    if (!message.getUnknownFields().asMap().isEmpty()) {
      return name;
    }
    // getAllFields is ordered by field number, so the answer is the same on every node.
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      List<?> values =
          field.getKey().isRepeated() ? (List<?>) field.getValue() : List.of(field.getValue());
      for (Object value : values) {
        String inner = find((Message) value);
        if (inner != null) {
          return name + "." + field.getKey().getName() + " > " + inner;
        }
      }
    }
    return null;
  }
}
