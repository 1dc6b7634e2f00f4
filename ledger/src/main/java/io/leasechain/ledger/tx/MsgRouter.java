package io.leasechain.ledger.tx;

import com.google.protobuf.Message;
import io.leasechain.crypto.Address;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.tx.proto.Msg;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Dispatches each {@link Msg} case to the handler its module registered. */
public final class MsgRouter {

  private final Map<Msg.SumCase, Route<?>> routes = new EnumMap<>(Msg.SumCase.class);

  public <M extends Message> MsgRouter register(
      Msg.SumCase sumCase, Function<Msg, M> unwrap, MsgHandler<M> handler) {
    if (routes.putIfAbsent(sumCase, new Route<>(unwrap, handler)) != null) {
      throw new IllegalStateException("two handlers for message " + sumCase);
    }
    return this;
  }

  /**
   * The bound route for {@code msg}, its addresses made canonical, or null when no module handles
   * its type.
   */
  public BoundMsg bind(Msg msg) {
    Route<?> route = routes.get(msg.getSumCase());
    return route == null ? null : route.bind(msg);
  }

  /** A message together with its handler, ready to validate and execute. */
  public interface BoundMsg {
    String type();

    Rejection validate();

    List<Address> signers();

    Outcome execute(MsgContext context);
  }

  private record Route<M extends Message>(Function<Msg, M> unwrap, MsgHandler<M> handler) {
    BoundMsg bind(Msg msg) {
      M inner = CanonicalAddresses.of(unwrap.apply(msg));
      String type = inner.getDescriptorForType().getFullName();
      return new BoundMsg() {
        @Override
        public String type() {
          return type;
        }

        @Override
        public Rejection validate() {
          return handler.validate(inner);
        }

        @Override
        public List<Address> signers() {
          return handler.signers(inner);
        }

        @Override
        public Outcome execute(MsgContext context) {
          return handler.execute(context, inner);
        }
      };
    }
  }
}
