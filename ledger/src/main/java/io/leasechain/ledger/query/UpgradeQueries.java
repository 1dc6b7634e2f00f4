package io.leasechain.ledger.query;

import io.leasechain.ledger.query.proto.AppliedUpgradesResponse;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.upgrade.UpgradeKeeper;
import io.leasechain.ledger.upgrade.proto.UpgradePlan;

/** {@code /upgrade}: the pending plan (NOT_FOUND when none); {@code /upgrades}: those applied. */
final class UpgradeQueries {

  private UpgradeQueries() {}

  static QueryResult applied(ReadableState state) {
    return QueryResult.found(
        new byte[0],
        AppliedUpgradesResponse.newBuilder()
            .addAllUpgrades(UpgradeKeeper.allApplied(state))
            .build()
            .toByteArray());
  }

  static QueryResult plan(ReadableState state) {
    UpgradePlan plan = UpgradeKeeper.plan(state);
    return plan == null
        ? QueryResult.rejected(QueryError.NOT_FOUND, "no upgrade is scheduled")
        : QueryResult.found(UpgradeKeeper.PLAN_KEY, plan.toByteArray());
  }
}
