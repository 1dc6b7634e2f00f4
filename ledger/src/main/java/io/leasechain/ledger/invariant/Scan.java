package io.leasechain.ledger.invariant;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.state.Records;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Reads every record of one kind: invariants look at the whole state, nothing else does. */
final class Scan {

  private Scan() {}

  static <T extends MessageLite> List<T> all(ReadableState state, KeySpace space, Parser<T> parser) {
    List<T> records = new ArrayList<>();
    Iterator<KeyValue> entries = state.scanPrefix(Keys.of(space));
    while (entries.hasNext()) {
      records.add(Records.read(state, entries.next().key(), parser));
    }
    return records;
  }

  static long balance(ReadableState state, io.leasechain.ledger.bank.ModuleAccount account) {
    return io.leasechain.ledger.bank.BankKeeper.account(state, account.address()).getBalance();
  }
}
