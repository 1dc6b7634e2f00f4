package io.leasechain.ledger.tx;

import com.google.protobuf.Descriptors.FieldDescriptor;
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
    // The oneof field's name is the action (send, create_bid); its package names the module.
    FieldDescriptor field = Msg.getDescriptor().findFieldByNumber(sumCase.getNumber());
    String pkg = field.getMessageType().getFile().getPackage();
    String module = pkg.substring(pkg.indexOf('.') + 1, pkg.lastIndexOf('.'));
    if (routes.putIfAbsent(sumCase, new Route<>(field.getName(), module, unwrap, handler))
        != null) {
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

    /** The message's name in snake_case, as in message.action: send, create_bid, accept_bids. */
    String action();

    /** The module that handles it, as in message.module: bank, market, proof, … */
    String module();

    Rejection validate();

    List<Address> signers();

    Outcome execute(MsgContext context);
  }

  private record Route<M extends Message>(
      String action, String module, Function<Msg, M> unwrap, MsgHandler<M> handler) {
    BoundMsg bind(Msg msg) {
      M inner = CanonicalAddresses.of(unwrap.apply(msg));
      String type = inner.getDescriptorForType().getFullName();
      return new BoundMsg() {
        @Override
        public String type() {
          return type;
        }

        @Override
        public String action() {
          return action;
        }

        @Override
        public String module() {
          return module;
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
