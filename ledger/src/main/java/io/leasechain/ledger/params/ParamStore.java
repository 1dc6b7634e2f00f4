package io.leasechain.ledger.params;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes one module's params message under {@code 0x0A | module name}, stored as the
 * format byte {@code 0x01} followed by the protobuf: params whose fields are all zero encode to no
 * bytes, and the state holds no empty value (no ICS-23 proof can carry one).
 */
public final class ParamStore<P extends Message> {

  private static final byte FORMAT = 1;

  private final String module;
  private final Parser<P> parser;
  private final byte[] key;

  public ParamStore(String module, Parser<P> parser) {
    this.module = module;
    this.parser = parser;
    this.key = Keys.of(KeySpace.PARAMS, module.getBytes(StandardCharsets.UTF_8));
  }

  public String module() {
    return module;
  }

  /** The stored params; genesis always writes them, so absence means corrupt state. */
  public P get(ReadableState state) {
    byte[] bytes = state.get(key);
    if (bytes == null) {
      throw new IllegalStateException("params of module " + module + " missing from state");
    }
    if (bytes.length == 0 || bytes[0] != FORMAT) {
      throw new IllegalStateException("params of module " + module + " have an unknown format");
    }
    try {
      return parser.parseFrom(bytes, 1, bytes.length - 1);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("params of module " + module + " are corrupt", e);
    }
  }

  public void set(KeyValueState state, P params) {
    byte[] encoded = params.toByteArray();
    byte[] value = new byte[encoded.length + 1];
    value[0] = FORMAT;
    System.arraycopy(encoded, 0, value, 1, encoded.length);
    state.put(key, value);
  }
}
