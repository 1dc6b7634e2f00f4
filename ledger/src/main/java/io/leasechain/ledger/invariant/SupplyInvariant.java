package io.leasechain.ledger.invariant;

import com.google.protobuf.InvalidProtocolBufferException;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.proto.Account;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import java.util.Iterator;

/** total-supply: the recorded supply equals the sum of every balance, none of them negative. */
final class SupplyInvariant implements Invariant {

  @Override
  public String name() {
    return "total-supply";
  }

  @Override
  public String check(ReadableState state, long height) {
    long sum = 0;
    Iterator<KeyValue> accounts = state.scanPrefix(Keys.of(KeySpace.ACCOUNT));
    while (accounts.hasNext()) {
      Account account;
      try {
        account = Account.parseFrom(accounts.next().value());
      } catch (InvalidProtocolBufferException e) {
        return "undecodable account: " + e.getMessage();
      }
      if (account.getBalance() < 0) {
        return account.getAddress() + " has a negative balance";
      }
      try {
        sum = Math.addExact(sum, account.getBalance());
      } catch (ArithmeticException e) {
        return "balances sum past 2^63-1";
      }
    }
    long supply = BankKeeper.supply(state);
    return sum == supply ? null : "balances sum to " + sum + " but supply is " + supply;
  }
}
