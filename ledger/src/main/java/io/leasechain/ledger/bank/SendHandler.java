package io.leasechain.ledger.bank;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.proto.MsgSend;
import io.leasechain.ledger.tx.MsgContext;
import io.leasechain.ledger.tx.MsgHandler;
import java.util.List;

/** MsgSend: a plain transfer of ulease between two accounts. */
public final class SendHandler implements MsgHandler<MsgSend> {

  @Override
  public Rejection validate(MsgSend msg) {
    Rejection from = BankAddresses.check("from", msg.getFrom());
    if (from != null) {
      return from;
    }
    Rejection to = BankAddresses.check("to", msg.getTo());
    if (to != null) {
      return to;
    }
    if (msg.getAmount() <= 0) {
      return Rejection.of(
          BankError.INVALID_AMOUNT,
          "amount must be between 1 and 2^63-1 ulease, got %s",
          Long.toUnsignedString(msg.getAmount()));
    }
    return null;
  }

  @Override
  public List<Address> signers(MsgSend msg) {
    return List.of(Address.fromBech32(msg.getFrom()));
  }

  @Override
  public Outcome execute(MsgContext context, MsgSend msg) {
    if (!BankParamsRules.STORE.get(context.state()).getSendEnabled()) {
      return Outcome.reject(BankError.SEND_DISABLED, "the council has disabled MsgSend");
    }
    Address from = Address.fromBech32(msg.getFrom());
    Address to = Address.fromBech32(msg.getTo());
    if (ModuleAccount.isModuleAddress(to)) {
      return Outcome.reject(BankError.BLOCKED_RECIPIENT, "%s is a module account", to);
    }
    Rejection rejection = new BankKeeper(context.state()).transfer(from, to, msg.getAmount());
    if (rejection != null) {
      return Outcome.reject(rejection);
    }
    // The bank's coin_spent, coin_received and transfer events tell the whole story.
    return Outcome.ok();
  }
}
