package io.leasechain.ledger.upgrade;

import io.leasechain.ledger.state.KeyValueState;

/**
 * The state change a new build makes when the chain reaches the height of the upgrade called {@link
 * #name()}. A node finds its migrations with {@link java.util.ServiceLoader}, so a build is the
 * node jar plus jars that list their migrations in {@code META-INF/services}. Like the rest of the
 * ledger, a migration must be deterministic: its writes are part of that block's app hash.
 */
public interface Migration {

  /** The name the council's {@code schedule_upgrade} gives; see {@link UpgradeRules#NAME}. */
  String name();

  /** Rewrites {@code state}; it runs once, before the txs of the upgrade's block. */
  void migrate(KeyValueState state);
}
