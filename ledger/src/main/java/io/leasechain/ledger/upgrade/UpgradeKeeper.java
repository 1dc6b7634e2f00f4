package io.leasechain.ledger.upgrade;

import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.state.Records;
import io.leasechain.ledger.upgrade.proto.AppliedUpgrade;
import io.leasechain.ledger.upgrade.proto.UpgradePlan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/** Typed access to the pending upgrade plan and the upgrades applied. */
public final class UpgradeKeeper {

  public static final byte[] PLAN_KEY = Keys.of(KeySpace.UPGRADE, new byte[] {0});
  private static final byte[] APPLIED_PREFIX = Keys.of(KeySpace.UPGRADE, new byte[] {1});
  private static final byte[] LATEST_KEY = Keys.of(KeySpace.UPGRADE, new byte[] {2});

  private UpgradeKeeper() {}

  /** The pending plan, or null. */
  public static UpgradePlan plan(ReadableState state) {
    return Records.read(state, PLAN_KEY, UpgradePlan.parser());
  }

  /** The upgrade applied under {@code name}, or null. */
  public static AppliedUpgrade applied(ReadableState state, String name) {
    return Records.read(state, appliedKey(name), AppliedUpgrade.parser());
  }

  /** The most recent upgrade applied, or null before the first. */
  public static AppliedUpgrade latest(ReadableState state) {
    return Records.read(state, LATEST_KEY, AppliedUpgrade.parser());
  }

  /** Every upgrade applied, oldest first (names are unique, so are their heights). */
  public static List<AppliedUpgrade> allApplied(ReadableState state) {
    List<AppliedUpgrade> all = new ArrayList<>();
    Iterator<KeyValue> entries = state.scanPrefix(APPLIED_PREFIX);
    while (entries.hasNext()) {
      all.add(Records.read(state, entries.next().key(), AppliedUpgrade.parser()));
    }
    all.sort(Comparator.comparingLong(AppliedUpgrade::getHeight));
    return all;
  }

  static void setPlan(KeyValueState state, UpgradePlan plan) {
    state.put(PLAN_KEY, plan.toByteArray());
  }

  static void clearPlan(KeyValueState state) {
    state.delete(PLAN_KEY);
  }

  static void recordApplied(KeyValueState state, AppliedUpgrade applied) {
    state.put(appliedKey(applied.getName()), applied.toByteArray());
    state.put(LATEST_KEY, applied.toByteArray());
  }

  private static byte[] appliedKey(String name) {
    return Keys.of(KeySpace.UPGRADE, new byte[] {1}, name.getBytes(StandardCharsets.US_ASCII));
  }
}
