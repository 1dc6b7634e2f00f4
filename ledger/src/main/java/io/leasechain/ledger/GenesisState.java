package io.leasechain.ledger;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.bank.proto.BankParams;
import io.leasechain.ledger.tx.proto.TxParams;
import java.util.List;

/** The initial state a chain starts from, already parsed and validated by the genesis module. */
public record GenesisState(List<Account> accounts, TxParams txParams, BankParams bankParams) {

  public GenesisState {
    accounts = List.copyOf(accounts);
  }

  /** A funded account at genesis. */
  public record Account(Address address, long balance) {}
}
