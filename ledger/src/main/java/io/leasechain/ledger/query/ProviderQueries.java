package io.leasechain.ledger.query;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.provider.ProviderKeeper;
import io.leasechain.ledger.provider.proto.Auditor;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.query.proto.AuditorsResponse;
import io.leasechain.ledger.query.proto.ProvidersResponse;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.state.Records;
import java.util.Arrays;
import java.util.Locale;

/** Providers and auditors: by address and as filtered, paginated lists. */
final class ProviderQueries {

  private ProviderQueries() {}

  static QueryResult provider(ReadableState state, Address address) {
    Provider provider = ProviderKeeper.get(state, address);
    return provider == null
        ? QueryResult.rejected(QueryError.NOT_FOUND, "provider %s", address)
        : QueryResult.found(ProviderKeeper.key(address), provider.toByteArray());
  }

  static QueryResult providers(ReadableState state, QueryPath path) {
    String model = path.param("gpu_model");
    ProviderState wanted =
        path.param("state") == null
            ? null
            : ProviderState.valueOf(
                "PROVIDER_STATE_" + path.param("state").toUpperCase(Locale.ROOT));
    byte[] prefix =
        model != null
            ? Keys.of(KeySpace.PROVIDERS_BY_GPU_MODEL, ProviderKeeper.modelKey(model))
            : wanted != null
                ? Keys.of(KeySpace.PROVIDERS_BY_STATE, ProviderKeeper.stateKey(wanted))
                : Keys.of(KeySpace.PROVIDER);
    Paging.Page<Provider> page =
        Paging.page(
            state,
            prefix,
            MarketQueries.cursor(path),
            Paging.limit(path),
            suffix -> {
              Provider provider =
                  ProviderKeeper.get(
                      state,
                      Address.of(
                          Arrays.copyOfRange(
                              suffix, suffix.length - Address.LENGTH, suffix.length)));
              return wanted == null || provider.getState() == wanted ? provider : null;
            });
    return QueryResult.found(
        new byte[0],
        ProvidersResponse.newBuilder()
            .addAllProviders(page.items())
            .setNext(MarketQueries.next(page))
            .build()
            .toByteArray());
  }

  static QueryResult auditor(ReadableState state, Address address) {
    Auditor auditor = ProviderKeeper.auditor(state, address);
    return auditor == null
        ? QueryResult.rejected(QueryError.NOT_FOUND, "auditor %s", address)
        : QueryResult.found(Keys.of(KeySpace.AUDITOR, address.bytes()), auditor.toByteArray());
  }

  static QueryResult auditors(ReadableState state, QueryPath path) {
    Paging.Page<Auditor> page =
        Paging.page(
            state,
            Keys.of(KeySpace.AUDITOR),
            MarketQueries.cursor(path),
            Paging.limit(path),
            suffix -> Records.read(state, Keys.of(KeySpace.AUDITOR, suffix), Auditor.parser()));
    return QueryResult.found(
        new byte[0],
        AuditorsResponse.newBuilder()
            .addAllAuditors(page.items())
            .setNext(MarketQueries.next(page))
            .build()
            .toByteArray());
  }
}
