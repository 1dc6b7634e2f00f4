package io.leasechain.ledger.tx;

import com.google.protobuf.Message;
import io.leasechain.crypto.Address;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import java.util.List;

/** The rules of one message type: stateless checks, who must sign, and the state change. */
public interface MsgHandler<M extends Message> {

  /** Checks that need no state; null when the message is well-formed. */
  Rejection validate(M msg);

  /** The accounts that must sign; only called on a message that passed {@link #validate}. */
  List<Address> signers(M msg);

  /** Applies the message; on rejection the caller discards everything it wrote. */
  Outcome execute(MsgContext context, M msg);
}
