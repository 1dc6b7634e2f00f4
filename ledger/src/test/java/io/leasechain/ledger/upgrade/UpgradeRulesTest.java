package io.leasechain.ledger.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.authority.AuthorityError;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.query.LedgerQueries;
import io.leasechain.ledger.query.QueryError;
import io.leasechain.ledger.query.QueryResult;
import io.leasechain.ledger.query.proto.AppliedUpgradesResponse;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.Records;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.testing.StateDump;
import io.leasechain.ledger.upgrade.proto.AppliedUpgrade;
import io.leasechain.ledger.upgrade.proto.UpgradePlan;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The council's schedule_upgrade and cancel_upgrade, and what builds with and without the migration
 * do before, at and after the plan's height.
 */
class UpgradeRulesTest {

  private static final String NAME = "v2-provider-schema";

  /** Gives every provider record schema_version 2, as a new build's migration would. */
  private static final Migration PROVIDER_SCHEMA =
      new Migration() {
        @Override
        public String name() {
          return NAME;
        }

        @Override
        public void migrate(KeyValueState state) {
          List<KeyValue> providers = new ArrayList<>();
          Iterator<KeyValue> scan = state.scanPrefix(Keys.of(KeySpace.PROVIDER));
          scan.forEachRemaining(providers::add);
          for (KeyValue entry : providers) {
            Provider provider = Records.read(state, entry.key(), Provider.parser());
            state.put(entry.key(), provider.toBuilder().setSchemaVersion(2).build().toByteArray());
          }
        }
      };

  private MarketFixture market;
  private Address provider;

  @BeforeEach
  void setUp() {
    market = MarketFixture.create();
    provider = market.registerApproved(0, Msgs.gpus("nvidia-h100-80gb", 80, 8));
  }

  private void schedule(long height) {
    market.councilDoes(Msgs.scheduleUpgrade(NAME, height, "build at https://example.org/v2"));
  }

  private UpgradePlan plan() {
    return UpgradeKeeper.plan(market.chain().committed());
  }

  @Test
  void theCouncilSchedulesAPlanThatTheQueryShows() throws Exception {
    long at = market.chain().height() + 1;
    schedule(at + 10);
    UpgradePlan plan = UpgradePlan.parseFrom(query("/upgrade").value());
    assertEquals(NAME, plan.getName());
    assertEquals(at + 10, plan.getHeight());
    assertEquals(at, plan.getScheduledHeight());
    assertEquals("build at https://example.org/v2", plan.getInfo());
    assertTrue(
        AppliedUpgradesResponse.parseFrom(query("/upgrades").value()).getUpgradesList().isEmpty());
    market.assertInvariants();
  }

  @Test
  void noPlanIsNotFound() {
    assertEquals(QueryError.NOT_FOUND, query("/upgrade").rejection().error());
    assertEquals(QueryError.INVALID_ARGUMENT, query("/upgrade/other").rejection().error());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "-v2",
        "v 2",
        "v2/../x",
        "ü",
        "x12345678901234567890123456789012345678901234567890123456789012345"
      })
  void aBadNameIsRefusedBeforeTheFee(String name) {
    assertRefusedBeforeFee(Msgs.scheduleUpgrade(name, 100, ""));
    assertRefusedBeforeFee(Msgs.cancelUpgrade(name));
  }

  @Test
  void aHeightOfZeroOrAboveTwoToThe63AndLongInfoAreRefusedBeforeTheFee() {
    assertRefusedBeforeFee(Msgs.scheduleUpgrade(NAME, 0, ""));
    assertRefusedBeforeFee(Msgs.scheduleUpgrade(NAME, -1, ""));
    assertRefusedBeforeFee(Msgs.scheduleUpgrade(NAME, 100, "i".repeat(2049)));
    market.councilDoes(Msgs.scheduleUpgrade("x".repeat(64), 100, "i".repeat(2048)));
    assertEquals(2048, plan().getInfo().length());
  }

  @Test
  void theHeightMustBeAfterTheBlockThatSchedules() {
    long next = market.chain().height() + 1;
    assertCouncilRefused(AuthorityError.INVALID_UPGRADE, Msgs.scheduleUpgrade(NAME, next, ""));
    assertNull(plan());
    schedule(market.chain().height() + 2);
    assertEquals(NAME, plan().getName());
  }

  /**
   * A cancel proposal approved late cancels only the plan that was pending when it was proposed:
   * once the council has moved a plan (cancelled it and scheduled it again under the same name, as
   * the build's migration keeps its name), a stale cancel that a member proposed for the old plan
   * and another approves now must not cancel the new one with the old approvals.
   */
  @Test
  void aStaleCancelProposalCannotCancelAPlanScheduledAfterIt() {
    schedule(100);
    long stale = market.nextProposalId();
    market.ok(Msgs.propose(market.memberAddress(0), Msgs.cancelUpgrade(NAME)), market.member(0));
    market.councilDoes(Msgs.cancelUpgrade(NAME));
    schedule(200);

    market.assertRejectedAfterFee(
        AuthorityError.UPGRADE_NOT_FOUND,
        Msgs.approve(market.memberAddress(2), stale),
        market.member(2));
    assertEquals(200, plan().getHeight());
    // A cancel proposed now, for the plan pending now, still works.
    market.councilDoes(Msgs.cancelUpgrade(NAME));
    assertNull(plan());
    market.assertInvariants();
  }

  @Test
  void onePlanIsPendingAtATimeAndCancelNamesIt() {
    schedule(100);
    assertCouncilRefused(AuthorityError.UPGRADE_PENDING, Msgs.scheduleUpgrade("v3", 200, ""));
    assertCouncilRefused(AuthorityError.UPGRADE_NOT_FOUND, Msgs.cancelUpgrade("v3"));
    assertEquals(100, plan().getHeight());
    market.councilDoes(Msgs.cancelUpgrade(NAME));
    assertNull(plan());
    assertCouncilRefused(AuthorityError.UPGRADE_NOT_FOUND, Msgs.cancelUpgrade(NAME));
    market.councilDoes(Msgs.scheduleUpgrade("v3", 200, ""));
    assertEquals("v3", plan().getName());
  }

  @Test
  void aBuildWithoutTheMigrationHaltsAtTheHeightAndChangesNothing() {
    long height = market.chain().height() + 3;
    schedule(height);
    market.chain().advanceTo(height - 1);
    var before = StateDump.of(market.chain().committed());
    UpgradeHalt halt = assertThrows(UpgradeHalt.class, () -> market.chain().emptyBlock());
    assertEquals("upgrade " + NAME + " needed at height " + height, halt.getMessage());
    assertEquals(height - 1, market.chain().height());
    assertEquals(before, StateDump.of(market.chain().committed()));
    // A build with another upgrade's migration cannot run it either.
    market.chain().switchBuild(new Upgrades(List.of(named("v3"))));
    assertThrows(UpgradeHalt.class, () -> market.chain().emptyBlock());
  }

  @Test
  void theNewBuildRefusesToRunBeforeTheHeightThenMigratesOnceAtIt() throws Exception {
    long height = market.chain().height() + 3;
    schedule(height);
    market.chain().switchBuild(new Upgrades(List.of(PROVIDER_SCHEMA)));
    UpgradeHalt early = assertThrows(UpgradeHalt.class, () -> market.chain().emptyBlock());
    assertTrue(early.getMessage().contains("is scheduled at height " + height), early.getMessage());
    market.chain().switchBuild(Upgrades.none());
    market.chain().advanceTo(height - 1);
    assertFalse(market.providerRecord(market.provider(0)).hasSchemaVersion());

    market.chain().switchBuild(new Upgrades(List.of(PROVIDER_SCHEMA)));
    BlockResult block = market.chain().emptyBlock();
    assertEquals(height, market.chain().height());
    assertEquals(2, market.providerRecord(market.provider(0)).getSchemaVersion());
    assertNull(plan());
    assertEquals(
        List.of(
            AppliedUpgrade.newBuilder()
                .setName(NAME)
                .setHeight(height)
                .setInfo("build at https://example.org/v2")
                .build()),
        AppliedUpgradesResponse.parseFrom(query("/upgrades").value()).getUpgradesList());
    Event applied =
        block.events().stream().filter(e -> e.type().equals("upgrade_applied")).findFirst().get();
    assertEquals(1, block.events().stream().filter(e -> e.type().startsWith("upgrade")).count());
    assertTrue(applied.toString().contains(NAME), applied.toString());

    // The migration ran once: later blocks leave the provider alone.
    Provider migrated = market.providerRecord(market.provider(0));
    market.chain().emptyBlock();
    assertEquals(migrated, market.providerRecord(market.provider(0)));
    market.assertInvariants();
    assertCouncilRefused(
        AuthorityError.UPGRADE_ALREADY_APPLIED,
        Msgs.scheduleUpgrade(NAME, market.chain().height() + 5, ""));
  }

  @Test
  void theOldBuildRefusesToRunAfterTheUpgrade() {
    long height = market.chain().height() + 2;
    schedule(height);
    market.chain().advanceTo(height - 1);
    market.chain().switchBuild(new Upgrades(List.of(PROVIDER_SCHEMA)));
    market.chain().emptyBlock();
    market.chain().switchBuild(Upgrades.none());
    UpgradeHalt halt = assertThrows(UpgradeHalt.class, () -> market.chain().emptyBlock());
    assertEquals(
        "upgrade "
            + NAME
            + " was applied at height "
            + height
            + " and this build does not have it: run a build with its migration",
        halt.getMessage());
  }

  @Test
  void aBuildWithMigrationsForNoPendingPlanRunsNormally() {
    market.chain().switchBuild(new Upgrades(List.of(PROVIDER_SCHEMA)));
    market.chain().emptyBlock();
    schedule(market.chain().height() + 50);
    assertThrows(UpgradeHalt.class, () -> market.chain().emptyBlock());
    market.chain().switchBuild(new Upgrades(List.of(named("v3"))));
    market.chain().emptyBlock();
  }

  @Test
  void twoMigrationsWithOneNameOrABadNameAreRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> new Upgrades(List.of(PROVIDER_SCHEMA, named(NAME))));
    assertThrows(IllegalArgumentException.class, () -> new Upgrades(List.of(named("a b"))));
  }

  private QueryResult query(String path) {
    return LedgerQueries.answer(market.chain().committed(), path, 0);
  }

  private void assertRefusedBeforeFee(CouncilAction action) {
    market.assertRejectedBeforeFee(
        AuthorityError.INVALID_UPGRADE,
        Msgs.propose(market.memberAddress(0), action, market.memberAddress(1)),
        market.member(0),
        market.member(1));
  }

  private void assertCouncilRefused(AuthorityError error, CouncilAction action) {
    market.assertRejectedAfterFee(
        error,
        Msgs.propose(market.memberAddress(0), action, market.memberAddress(1)),
        market.member(0),
        market.member(1));
  }

  private static Migration named(String name) {
    return new Migration() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void migrate(KeyValueState state) {}
    };
  }
}
