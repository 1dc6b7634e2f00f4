package io.leasechain.ledger.query;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.BankParamsRules;
import io.leasechain.ledger.query.proto.ParamsResponse;
import io.leasechain.ledger.query.proto.SupplyResponse;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.tx.TxParamsRules;

/**
 * Answers the ledger's ABCI query paths (docs/queries.md) from a state view. Paths look like REST
 * resources: {@code /account/lease1...}, {@code /params}, {@code /supply}.
 */
public final class LedgerQueries {

  private LedgerQueries() {}

  /** The answer for {@code path}, or null when the ledger does not own that path. */
  public static QueryResult answer(ReadableState state, String path) {
    String[] parts = path.split("/", -1);
    if (parts.length < 2 || !parts[0].isEmpty()) {
      return null;
    }
    switch (parts[1]) {
      case "account":
        return parts.length == 3 ? account(state, parts[2]) : usage("/account/{address}");
      case "params":
        return parts.length == 2 ? params(state) : usage("/params");
      case "supply":
        return parts.length == 2 ? supply(state) : usage("/supply");
      default:
        return null;
    }
  }

  private static QueryResult account(ReadableState state, String value) {
    Address address;
    try {
      address = Address.fromBech32(value);
    } catch (IllegalArgumentException e) {
      return QueryResult.rejected(QueryError.INVALID_ARGUMENT, "address '%s': %s", value, e.getMessage());
    }
    return QueryResult.found(
        BankKeeper.accountKey(address), BankKeeper.account(state, address).toByteArray());
  }

  private static QueryResult params(ReadableState state) {
    ParamsResponse response =
        ParamsResponse.newBuilder()
            .setTx(TxParamsRules.STORE.get(state))
            .setBank(BankParamsRules.STORE.get(state))
            .build();
    return QueryResult.found(new byte[0], response.toByteArray());
  }

  private static QueryResult supply(ReadableState state) {
    return QueryResult.found(
        new byte[0], SupplyResponse.newBuilder().setTotal(BankKeeper.supply(state)).build().toByteArray());
  }

  private static QueryResult usage(String form) {
    return QueryResult.rejected(QueryError.INVALID_ARGUMENT, "expected %s", form);
  }
}
