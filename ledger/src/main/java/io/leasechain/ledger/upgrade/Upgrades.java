package io.leasechain.ledger.upgrade;

import io.leasechain.ledger.Event;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.upgrade.proto.AppliedUpgrade;
import io.leasechain.ledger.upgrade.proto.UpgradePlan;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a build does about upgrades at the start of each block, given the migrations it has. Like
 * Cosmos SDK's x/upgrade, a build runs only blocks its code is meant for:
 *
 * <ul>
 *   <li>at the plan's height, a build without the migration halts ("upgrade NAME needed at height
 *       H"); one with it runs the migration, records it as applied and clears the plan;
 *   <li>before that height, a build that has the migration halts too: its code may execute blocks
 *       differently from the build the chain still runs, so it would fork;
 *   <li>after an upgrade, a build without the migration of the latest upgrade applied halts (it is
 *       the old build).
 * </ul>
 *
 * A build with migrations for upgrades that are neither pending nor applied runs normally.
 */
public final class Upgrades {

  private final Map<String, Migration> migrations = new TreeMap<>();

  /** A build's migrations; two with one name are refused. */
  public Upgrades(List<Migration> migrations) {
    for (Migration migration : migrations) {
      if (!UpgradeRules.NAME.matcher(migration.name()).matches()) {
        throw new IllegalArgumentException(
            "migration "
                + migration.getClass().getName()
                + " has the invalid name '"
                + migration.name()
                + "'");
      }
      if (this.migrations.putIfAbsent(migration.name(), migration) != null) {
        throw new IllegalArgumentException("two migrations are called " + migration.name());
      }
    }
  }

  /** No migrations: a build that can only run the chain before its first upgrade. */
  public static Upgrades none() {
    return new Upgrades(List.of());
  }

  /** The names of the migrations this build has, sorted. */
  public List<String> names() {
    return List.copyOf(migrations.keySet());
  }

  /**
   * Throws {@link UpgradeHalt} if this build must not execute the block at {@code height};
   * otherwise runs a migration due at {@code height} and returns its events.
   */
  public List<Event> beginBlock(KeyValueState state, long height) {
    requireKnowsLatest(state);
    UpgradePlan plan = UpgradeKeeper.plan(state);
    if (plan == null) {
      return List.of();
    }
    Migration migration = migrations.get(plan.getName());
    if (plan.getHeight() > height) {
      if (migration != null) {
        throw new UpgradeHalt(
            "upgrade "
                + plan.getName()
                + " is scheduled at height "
                + plan.getHeight()
                + " and this build has its migration: it must not run blocks before then; run"
                + " the previous build until it halts at that height");
      }
      return List.of();
    }
    if (migration == null) {
      throw new UpgradeHalt("upgrade " + plan.getName() + " needed at height " + plan.getHeight());
    }
    migration.migrate(state);
    UpgradeKeeper.clearPlan(state);
    UpgradeKeeper.recordApplied(
        state,
        AppliedUpgrade.newBuilder()
            .setName(plan.getName())
            .setHeight(height)
            .setInfo(plan.getInfo())
            .build());
    return List.of(
        Event.builder("upgrade_applied")
            .indexed("name", plan.getName())
            .plain("height", height)
            .build());
  }

  private void requireKnowsLatest(ReadableState state) {
    AppliedUpgrade latest = UpgradeKeeper.latest(state);
    if (latest != null && !migrations.containsKey(latest.getName())) {
      throw new UpgradeHalt(
          "upgrade "
              + latest.getName()
              + " was applied at height "
              + latest.getHeight()
              + " and this build does not have it: run a build with its migration");
    }
  }
}
