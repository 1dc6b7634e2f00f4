package io.leasechain.ledger.query;

import io.leasechain.ledger.query.proto.AppliedUpgradesResponse;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.upgrade.UpgradeKeeper;
import io.leasechain.ledger.upgrade.proto.UpgradePlan;

/** The pending upgrade plan and the upgrades applied. */
final class UpgradeQueries {

  private UpgradeQueries() {}

  static QueryResult answer(ReadableState state, QueryPath query) {
    String what = query.segments().size() == 2 ? query.segment(1) : "";
    return switch (what) {
      case "plan" -> plan(state);
      case "applied" ->
          QueryResult.found(
              new byte[0],
              AppliedUpgradesResponse.newBuilder()
                  .addAllUpgrades(UpgradeKeeper.allApplied(state))
                  .build()
                  .toByteArray());
      default -> LedgerQueries.usage("/upgrade/plan or /upgrade/applied");
    };
  }

  private static QueryResult plan(ReadableState state) {
    UpgradePlan plan = UpgradeKeeper.plan(state);
    return plan == null
        ? QueryResult.rejected(QueryError.NOT_FOUND, "no upgrade is scheduled")
        : QueryResult.found(UpgradeKeeper.PLAN_KEY, plan.toByteArray());
  }
}
