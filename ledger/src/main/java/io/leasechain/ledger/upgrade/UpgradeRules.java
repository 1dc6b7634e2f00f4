package io.leasechain.ledger.upgrade;

import io.leasechain.ledger.Event;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.authority.AuthorityError;
import io.leasechain.ledger.authority.proto.CancelUpgrade;
import io.leasechain.ledger.authority.proto.ScheduleUpgrade;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.upgrade.proto.AppliedUpgrade;
import io.leasechain.ledger.upgrade.proto.UpgradePlan;
import java.util.regex.Pattern;

/**
 * The council's upgrade actions. One plan is pending at a time: to move or rename it the council
 * cancels it (naming it) and schedules anew, so no proposal made for one plan changes another.
 */
public final class UpgradeRules {

  /** Names go into log lines, file names and state keys: a short, plain charset. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public static final int MAX_INFO_CHARS = 2048;

  private UpgradeRules() {}

  /** Stateless checks of a schedule_upgrade action; null when well-formed. */
  public static Rejection validate(ScheduleUpgrade action) {
    Rejection name = nameProblem(action.getName());
    if (name != null) {
      return name;
    }
    if (action.getHeight() <= 0) {
      // A uint64 above 2^63 arrives negative.
      return Rejection.of(AuthorityError.INVALID_UPGRADE, "height must be 1..2^63-1");
    }
    if (action.getInfo().length() > MAX_INFO_CHARS) {
      return Rejection.of(
          AuthorityError.INVALID_UPGRADE,
          "info of %d characters, at most %d",
          action.getInfo().length(),
          MAX_INFO_CHARS);
    }
    return null;
  }

  /** Stateless checks of a cancel_upgrade action; null when well-formed. */
  public static Rejection validate(CancelUpgrade action) {
    return nameProblem(action.getName());
  }

  private static Rejection nameProblem(String name) {
    return NAME.matcher(name).matches()
        ? null
        : Rejection.of(
            AuthorityError.INVALID_UPGRADE,
            "name '%s' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or"
                + " digit",
            name.length() > 80 ? name.substring(0, 80) + "…" : name);
  }

  /**
   * Stores the plan; the height must be after the block that executes the action, so that every
   * node reads the plan before the block that needs it.
   */
  public static Outcome schedule(KeyValueState state, ScheduleUpgrade action, long height) {
    UpgradePlan pending = UpgradeKeeper.plan(state);
    if (pending != null) {
      return Outcome.reject(
          AuthorityError.UPGRADE_PENDING,
          "%s is scheduled at height %d; cancel it first",
          pending.getName(),
          pending.getHeight());
    }
    if (action.getHeight() <= height) {
      return Outcome.reject(
          AuthorityError.INVALID_UPGRADE,
          "height %d is not after the current height %d",
          action.getHeight(),
          height);
    }
    AppliedUpgrade applied = UpgradeKeeper.applied(state, action.getName());
    if (applied != null) {
      return Outcome.reject(
          AuthorityError.UPGRADE_ALREADY_APPLIED,
          "%s was applied at height %d",
          action.getName(),
          applied.getHeight());
    }
    UpgradeKeeper.setPlan(
        state,
        UpgradePlan.newBuilder()
            .setName(action.getName())
            .setHeight(action.getHeight())
            .setInfo(action.getInfo())
            .setScheduledHeight(height)
            .build());
    return Outcome.ok(
        Event.builder("upgrade_scheduled")
            .indexed("name", action.getName())
            .plain("height", action.getHeight())
            .plain("info", action.getInfo())
            .build());
  }

  /**
   * Removes the pending plan if it is the one named and was already pending when the cancel was
   * proposed at {@code proposedHeight}: a name is reused when the council moves a plan (the build's
   * migration keeps it), and approvals given to cancel the old plan must not cancel the new one.
   */
  public static Outcome cancel(KeyValueState state, CancelUpgrade action, long proposedHeight) {
    UpgradePlan pending = UpgradeKeeper.plan(state);
    if (pending == null || !pending.getName().equals(action.getName())) {
      return Outcome.reject(
          AuthorityError.UPGRADE_NOT_FOUND,
          "%s is not the pending upgrade (%s)",
          action.getName(),
          pending == null ? "none is" : pending.getName() + " is");
    }
    if (pending.getScheduledHeight() > proposedHeight) {
      return Outcome.reject(
          AuthorityError.UPGRADE_NOT_FOUND,
          "%s was scheduled again at height %d, after this cancel was proposed at height %d;"
              + " propose a new cancel",
          action.getName(),
          pending.getScheduledHeight(),
          proposedHeight);
    }
    UpgradeKeeper.clearPlan(state);
    return Outcome.ok(
        Event.builder("upgrade_cancelled")
            .indexed("name", pending.getName())
            .plain("height", pending.getHeight())
            .build());
  }
}
