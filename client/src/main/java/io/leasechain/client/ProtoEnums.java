package io.leasechain.client;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.ProtocolMessageEnum;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Protobuf enums as users and query paths spell them: {@code PROVIDER_STATE_ACTIVE} is {@code
 * active}, {@code INTERCONNECT_NVLINK} is {@code nvlink}. The prefix is the one of the enum's
 * {@code *_UNSPECIFIED} zero value, which is never a valid choice.
 */
public final class ProtoEnums {

  private static final String UNSPECIFIED = "UNSPECIFIED";

  private ProtoEnums() {}

  /** The short lower-case name of {@code value}, e.g. {@code active}. */
  public static String name(ProtocolMessageEnum value) {
    if (isUnrecognized(value)) {
      throw new IllegalArgumentException("unrecognized enum value " + value);
    }
    EnumValueDescriptor descriptor = value.getValueDescriptor();
    return shortName(descriptor.getType(), descriptor.getName());
  }

  /** The constant of {@code type} named {@code text} (short name, any case, '-' or '_'). */
  public static <E extends Enum<E> & ProtocolMessageEnum> E parse(Class<E> type, String text) {
    EnumDescriptor enumType = descriptor(type);
    String wanted = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E constant : type.getEnumConstants()) {
      if (isUnrecognized(constant) || constant.getNumber() == 0) {
        continue;
      }
      if (constant.getValueDescriptor().getName().equals(prefix(enumType) + wanted)) {
        return constant;
      }
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not one of " + String.join(", ", names(type)));
  }

  /** Every valid short name of {@code type}, in declaration order (the zero value excluded). */
  public static <E extends Enum<E> & ProtocolMessageEnum> List<String> names(Class<E> type) {
    EnumDescriptor enumType = descriptor(type);
    List<String> names = new ArrayList<>();
    for (EnumValueDescriptor value : enumType.getValues()) {
      if (value.getNumber() != 0) {
        names.add(shortName(enumType, value.getName()));
      }
    }
    return names;
  }

  private static <E extends Enum<E> & ProtocolMessageEnum> EnumDescriptor descriptor(
      Class<E> type) {
    return type.getEnumConstants()[0].getDescriptorForType();
  }

  private static String shortName(EnumDescriptor type, String fullName) {
    String prefix = prefix(type);
    String name = fullName.startsWith(prefix) ? fullName.substring(prefix.length()) : fullName;
    return name.toLowerCase(Locale.ROOT);
  }

  private static String prefix(EnumDescriptor type) {
    String zero = type.findValueByNumber(0).getName();
    return zero.endsWith(UNSPECIFIED)
        ? zero.substring(0, zero.length() - UNSPECIFIED.length())
        : "";
  }

  private static boolean isUnrecognized(ProtocolMessageEnum value) {
    return value instanceof Enum<?> constant && constant.name().equals("UNRECOGNIZED");
  }
}
