package io.leasechain.ledger.params;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import java.nio.charset.StandardCharsets;

/** Reads and writes one module's params message under {@code 0x0A | module name}. */
public final class ParamStore<P extends Message> {

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
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("params of module " + module + " are corrupt", e);
    }
  }

  public void set(KeyValueState state, P params) {
    state.put(key, params.toByteArray());
  }
}
