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
  public static QueryResult answer(ReadableState state, String path, long height) {
    if (!path.startsWith("/")) {
      return null;
    }
    try {
      QueryPath query = QueryPath.parse(path);
      String resource = query.segment(0);
      return switch (resource) {
        case "account" ->
            one(query) ? account(state, query.segment(1)) : usage("/account/{address}");
        case "params" -> query.segments().size() == 1 ? params(state) : usage("/params");
        case "supply" -> query.segments().size() == 1 ? supply(state) : usage("/supply");
        case "provider" ->
            one(query)
                ? ProviderQueries.provider(state, Address.fromBech32(query.segment(1)))
                : usage("/provider/{address}");
        case "providers" -> ProviderQueries.providers(state, query);
        case "auditor" ->
            one(query)
                ? ProviderQueries.auditor(state, Address.fromBech32(query.segment(1)))
                : usage("/auditor/{address}");
        case "auditors" -> ProviderQueries.auditors(state, query);
        case "order" ->
            one(query) ? MarketQueries.order(state, id(query, 1)) : usage("/order/{id}");
        case "orders" -> MarketQueries.orders(state, query);
        case "bid" ->
            query.segments().size() == 3
                ? MarketQueries.bid(state, id(query, 1), id(query, 2))
                : usage("/bid/{order_id}/{bid_id}");
        case "bids" -> MarketQueries.bids(state, query);
        case "lease" ->
            one(query) ? MarketQueries.lease(state, id(query, 1), height) : usage("/lease/{id}");
        case "leases" -> MarketQueries.leases(state, query);
        case "escrow" ->
            one(query)
                ? MarketQueries.escrow(state, id(query, 1), height)
                : usage("/escrow/{order_id}");
        case "council" ->
            query.segments().size() == 1 ? AuthorityQueries.council(state) : usage("/council");
        case "proposal" ->
            one(query) ? AuthorityQueries.proposal(state, id(query, 1)) : usage("/proposal/{id}");
        case "proposals" -> AuthorityQueries.proposals(state, query);
        case "validators" ->
            query.segments().size() == 1 ? RewardsQueries.validators(state) : usage("/validators");
        case "validator" ->
            one(query)
                ? RewardsQueries.validator(state, query.segment(1))
                : usage("/validator/{hex address}");
        case "proof" -> one(query) ? ProofQueries.proof(state, id(query, 1)) : usage("/proof/{id}");
        case "proofs" -> ProofQueries.proofs(state, query);
        case "dispute" ->
            one(query) ? ProofQueries.dispute(state, id(query, 1)) : usage("/dispute/{id}");
        case "upgrade" ->
            query.segments().size() == 1 ? UpgradeQueries.plan(state) : usage("/upgrade");
        case "upgrades" ->
            query.segments().size() == 1 ? UpgradeQueries.applied(state) : usage("/upgrades");
        case "emission" ->
            query.segments().size() == 1 ? RewardsQueries.emission(state) : usage("/emission");
        default -> null;
      };
    } catch (NumberFormatException e) {
      // Its message is Java's ("For input string: ..."), not the client's words.
      return QueryResult.rejected(
          QueryError.INVALID_ARGUMENT, "%s: an id or limit is not a decimal number in range", path);
    } catch (IllegalArgumentException e) {
      return QueryResult.rejected(QueryError.INVALID_ARGUMENT, "%s: %s", path, e.getMessage());
    }
  }

  private static boolean one(QueryPath query) {
    return query.segments().size() == 2 && !query.segment(1).isEmpty();
  }

  private static long id(QueryPath query, int index) {
    return Long.parseLong(query.segment(index));
  }

  private static QueryResult account(ReadableState state, String value) {
    Address address;
    try {
      address = Address.fromBech32(value);
    } catch (IllegalArgumentException e) {
      return QueryResult.rejected(
          QueryError.INVALID_ARGUMENT, "address '%s': %s", value, e.getMessage());
    }
    return QueryResult.found(
        BankKeeper.accountKey(address), BankKeeper.account(state, address).toByteArray());
  }

  private static QueryResult params(ReadableState state) {
    ParamsResponse response =
        ParamsResponse.newBuilder()
            .setTx(TxParamsRules.STORE.get(state))
            .setBank(BankParamsRules.STORE.get(state))
            .setProvider(io.leasechain.ledger.provider.ProviderParamsRules.STORE.get(state))
            .setMarket(io.leasechain.ledger.market.MarketParamsRules.STORE.get(state))
            .setEscrow(io.leasechain.ledger.escrow.EscrowParamsRules.STORE.get(state))
            .setAuthority(io.leasechain.ledger.authority.AuthorityParamsRules.STORE.get(state))
            .setRewards(io.leasechain.ledger.rewards.RewardsParamsRules.STORE.get(state))
            .setProof(io.leasechain.ledger.proof.ProofParamsRules.STORE.get(state))
            .build();
    return QueryResult.found(new byte[0], response.toByteArray());
  }

  private static QueryResult supply(ReadableState state) {
    return QueryResult.found(
        new byte[0],
        SupplyResponse.newBuilder().setTotal(BankKeeper.supply(state)).build().toByteArray());
  }

  private static QueryResult usage(String form) {
    return QueryResult.rejected(QueryError.INVALID_ARGUMENT, "expected %s", form);
  }
}
