package io.leasechain.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.leasechain.ledger.authority.proto.SetParams;
import io.leasechain.ledger.query.proto.ParamsResponse;
import java.util.Iterator;
import java.util.Map;

/**
 * A council's SetParams that changes only the fields a user names: the ledger replaces a module's
 * params whole, so each module named gets its current params with the given fields laid over them.
 */
public final class ParamsUpdate {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ParamsUpdate() {}

  /**
   * SetParams for the modules {@code json} names (proto3 JSON of SetParams, e.g. {@code {"market":
   * {"min_bid_deposit": "1000"}}}): each such module's {@code current} params with only the fields
   * in {@code json} changed, nested messages field by field. IllegalArgumentException for bad JSON.
   */
  public static SetParams merge(ParamsResponse current, String json) {
    SetParams given;
    JsonNode tree;
    try {
      SetParams.Builder parsed = SetParams.newBuilder();
      JsonFormat.parser().merge(json, parsed);
      given = parsed.build();
      tree = JSON.readTree(json);
    } catch (InvalidProtocolBufferException | JsonProcessingException e) {
      throw new IllegalArgumentException("bad params JSON: " + e.getMessage(), e);
    }
    SetParams all;
    try {
      // SetParams and ParamsResponse number and type their module fields alike.
      all = SetParams.parseFrom(current.toByteString());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("ParamsResponse no longer matches SetParams", e);
    }
    SetParams.Builder update = SetParams.newBuilder();
    for (Iterator<Map.Entry<String, JsonNode>> modules = tree.fields(); modules.hasNext(); ) {
      Map.Entry<String, JsonNode> module = modules.next();
      FieldDescriptor field = field(SetParams.getDescriptor(), module.getKey());
      update.setField(
          field,
          overlay(
              (Message) all.getField(field), (Message) given.getField(field), module.getValue()));
    }
    return update.build();
  }

  /** {@code base} with the fields {@code json} names taken from {@code given}, recursively. */
  private static Message overlay(Message base, Message given, JsonNode json) {
    if (!json.isObject()) {
      return given;
    }
    Message.Builder result = base.toBuilder();
    for (Iterator<Map.Entry<String, JsonNode>> keys = json.fields(); keys.hasNext(); ) {
      Map.Entry<String, JsonNode> key = keys.next();
      FieldDescriptor field = field(base.getDescriptorForType(), key.getKey());
      boolean nested =
          field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated();
      result.setField(
          field,
          nested
              ? overlay(
                  (Message) base.getField(field), (Message) given.getField(field), key.getValue())
              : given.getField(field));
    }
    return result.build();
  }

  private static FieldDescriptor field(Descriptor type, String key) {
    for (FieldDescriptor field : type.getFields()) {
      if (field.getName().equals(key) || field.getJsonName().equals(key)) {
        return field;
      }
    }
    // JsonFormat has already refused unknown fields; this guards against a parser that does not.
    throw new IllegalArgumentException("no field " + key + " in " + type.getName());
  }
}
