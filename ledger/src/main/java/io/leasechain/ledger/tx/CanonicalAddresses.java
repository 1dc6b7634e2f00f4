package io.leasechain.ledger.tx;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.leasechain.crypto.Address;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites the account addresses in a message to their one canonical spelling, lower-case bech32.
 * Bech32 also accepts the all-upper-case spelling ({@code LEASE1…}) of the same account; were it
 * stored, compared or indexed as typed, it would act as another account. Every message is rewritten
 * once, when the router binds it, so that handlers, stored records and events only ever see the
 * canonical form.
 */
public final class CanonicalAddresses {

  /**
   * The names of the string fields that hold an account address, in any message a tx can carry
   * (nested council actions included); CanonicalAddressesTest makes every new string field choose.
   */
  public static final Set<String> FIELDS =
      Set.of(
          "from",
          "to",
          "proposer",
          "co_signers",
          "member",
          "operator",
          "owner",
          "provider",
          "auditor",
          "tenant",
          "required_auditor",
          "sender");

  private CanonicalAddresses() {}

  /** {@code message} with every valid address in {@link #FIELDS} canonical; others unchanged. */
  @SuppressWarnings("unchecked")
  public static <M extends Message> M of(M message) {
    Message.Builder builder = message.toBuilder();
    for (Map.Entry<FieldDescriptor, Object> entry : message.getAllFields().entrySet()) {
      FieldDescriptor field = entry.getKey();
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        if (field.isRepeated()) {
          for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
            builder.setRepeatedField(field, i, of((Message) message.getRepeatedField(field, i)));
          }
        } else {
          builder.setField(field, of((Message) entry.getValue()));
        }
      } else if (field.getJavaType() == FieldDescriptor.JavaType.STRING
          && FIELDS.contains(field.getName())) {
        if (field.isRepeated()) {
          for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
            builder.setRepeatedField(
                field, i, canonical((String) message.getRepeatedField(field, i)));
          }
        } else {
          builder.setField(field, canonical((String) entry.getValue()));
        }
      }
    }
    return (M) builder.build();
  }

  /** The canonical spelling of {@code address}, or it unchanged when it is no valid address. */
  public static String canonical(String address) {
    try {
      return Address.fromBech32(address).toBech32();
    } catch (IllegalArgumentException e) {
      // Left as typed: the handler's validate() refuses it with a message naming the field.
      return address;
    }
  }
}
