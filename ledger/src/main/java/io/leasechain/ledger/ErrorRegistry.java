package io.leasechain.ledger;

import io.leasechain.ledger.authority.AuthorityError;
import io.leasechain.ledger.bank.BankError;
import io.leasechain.ledger.escrow.EscrowError;
import io.leasechain.ledger.market.MarketError;
import io.leasechain.ledger.proof.ProofError;
import io.leasechain.ledger.provider.ProviderError;
import io.leasechain.ledger.query.QueryError;
import io.leasechain.ledger.tx.TxError;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Every module's error enum, checked once at start-up: a code used twice stops the node. */
public final class ErrorRegistry {

  public static final List<Class<? extends LedgerError>> ENUMS =
      List.of(
          TxError.class,
          BankError.class,
          QueryError.class,
          ProviderError.class,
          MarketError.class,
          EscrowError.class,
          AuthorityError.class,
          ProofError.class);

  private ErrorRegistry() {}

  /** Every registered error, enum by enum in declaration order. */
  public static List<LedgerError> all() {
    List<LedgerError> errors = new ArrayList<>();
    for (Class<? extends LedgerError> type : ENUMS) {
      errors.addAll(List.of(type.getEnumConstants()));
    }
    return errors;
  }

  /** Throws IllegalStateException if two errors share a (codespace, code). */
  public static void checkUnique() {
    TreeSet<String> seen = new TreeSet<>();
    for (LedgerError error : all()) {
      if (!seen.add(error.codespace() + "/" + error.code())) {
        throw new IllegalStateException(
            "error code " + error.codespace() + "/" + error.code() + " registered twice");
      }
    }
  }
}
