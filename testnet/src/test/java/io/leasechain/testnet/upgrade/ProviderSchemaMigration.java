package io.leasechain.testnet.upgrade;

import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.Records;
import io.leasechain.ledger.upgrade.Migration;
import java.util.ArrayList;
import java.util.List;

/**
 * The test build's migration: rewrites every provider record with {@code schema_version} 2, a field
 * the current build never sets. {@link UpgradeBuild} packs it into a jar with its service entry.
 */
public final class ProviderSchemaMigration implements Migration {

  public static final String NAME = "v2-provider-schema";
  public static final int SCHEMA_VERSION = 2;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void migrate(KeyValueState state) {
    // Read all first: the writes must not disturb the scan.
    List<KeyValue> providers = new ArrayList<>();
    state.scanPrefix(Keys.of(KeySpace.PROVIDER)).forEachRemaining(providers::add);
    for (KeyValue entry : providers) {
      Provider provider = Records.read(state, entry.key(), Provider.parser());
      state.put(
          entry.key(), provider.toBuilder().setSchemaVersion(SCHEMA_VERSION).build().toByteArray());
    }
  }
}
