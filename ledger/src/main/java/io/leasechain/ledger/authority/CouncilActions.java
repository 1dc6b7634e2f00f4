package io.leasechain.ledger.authority;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.authority.proto.SetParams;
import io.leasechain.ledger.authority.proto.SuspendProvider;
import io.leasechain.ledger.bank.BankAddresses;
import io.leasechain.ledger.bank.BankParamsRules;
import io.leasechain.ledger.escrow.EscrowParamsRules;
import io.leasechain.ledger.market.MarketParamsRules;
import io.leasechain.ledger.proof.ProofParamsRules;
import io.leasechain.ledger.provider.ProviderError;
import io.leasechain.ledger.provider.ProviderEvents;
import io.leasechain.ledger.provider.ProviderKeeper;
import io.leasechain.ledger.provider.ProviderParamsRules;
import io.leasechain.ledger.provider.proto.Auditor;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.rewards.Distribution;
import io.leasechain.ledger.rewards.RewardsParamsRules;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.tx.TxParamsRules;
import io.leasechain.ledger.upgrade.UpgradeRules;
import java.util.ArrayList;
import java.util.List;

/** What each council action does once a proposal reaches its threshold. */
public final class CouncilActions {

  public static final int MAX_REASON_CHARS = 256;

  private CouncilActions() {}

  /** Stateless checks of an action; null when well-formed. */
  public static Rejection validate(CouncilAction action) {
    return switch (action.getActionCase()) {
      case APPROVE_PROVIDER ->
          BankAddresses.check("provider", action.getApproveProvider().getProvider());
      case SUSPEND_PROVIDER -> suspensionProblem(action.getSuspendProvider());
      case REINSTATE_PROVIDER ->
          BankAddresses.check("provider", action.getReinstateProvider().getProvider());
      case APPOINT_AUDITOR ->
          BankAddresses.check("auditor", action.getAppointAuditor().getAuditor());
      case REMOVE_AUDITOR -> BankAddresses.check("auditor", action.getRemoveAuditor().getAuditor());
      case SET_PARAMS -> paramsProblems(action.getSetParams());
      case SCHEDULE_UPGRADE -> UpgradeRules.validate(action.getScheduleUpgrade());
      case CANCEL_UPGRADE -> UpgradeRules.validate(action.getCancelUpgrade());
      case ADD_VALIDATOR -> ValidatorActions.validate(action.getAddValidator());
      case SET_VALIDATOR_POWER ->
          ValidatorActions.validateKey(
              action.getSetValidatorPower().getPublicKey(),
              ValidatorActions.powerProblem(action.getSetValidatorPower().getPower()));
      case REMOVE_VALIDATOR ->
          ValidatorActions.validateKey(action.getRemoveValidator().getPublicKey(), null);
      case ACTION_NOT_SET -> Rejection.of(AuthorityError.INVALID_ACTION, "no action given");
    };
  }

  /** A proposal keeps its action, so the reason is bounded like any stored text. */
  private static Rejection suspensionProblem(SuspendProvider suspend) {
    if (suspend.getReason().length() > MAX_REASON_CHARS) {
      return Rejection.of(
          AuthorityError.INVALID_ACTION,
          "suspension reason of %d characters, at most %d",
          suspend.getReason().length(),
          MAX_REASON_CHARS);
    }
    return BankAddresses.check("provider", suspend.getProvider());
  }

  /**
   * Carries out a validated action, approved at {@code height}, of a proposal made at {@code
   * proposedHeight}; a rejection leaves the state as it was.
   */
  public static Outcome execute(
      KeyValueState state, CouncilAction action, long height, long proposedHeight) {
    ProviderKeeper providers = new ProviderKeeper(state);
    return switch (action.getActionCase()) {
      case APPROVE_PROVIDER ->
          move(
              providers,
              action.getApproveProvider().getProvider(),
              ProviderState.PROVIDER_STATE_PENDING,
              ProviderState.PROVIDER_STATE_ACTIVE,
              "provider_approved");
      case SUSPEND_PROVIDER ->
          move(
              providers,
              action.getSuspendProvider().getProvider(),
              ProviderState.PROVIDER_STATE_ACTIVE,
              ProviderState.PROVIDER_STATE_SUSPENDED,
              "provider_suspended");
      case REINSTATE_PROVIDER ->
          reinstate(state, providers, action.getReinstateProvider().getProvider());
      case APPOINT_AUDITOR ->
          appoint(providers, Address.fromBech32(action.getAppointAuditor().getAuditor()), height);
      case REMOVE_AUDITOR ->
          remove(providers, Address.fromBech32(action.getRemoveAuditor().getAuditor()));
      case SET_PARAMS -> setParams(state, action.getSetParams());
      case SCHEDULE_UPGRADE -> UpgradeRules.schedule(state, action.getScheduleUpgrade(), height);
      case CANCEL_UPGRADE -> UpgradeRules.cancel(state, action.getCancelUpgrade(), proposedHeight);
      case ADD_VALIDATOR -> ValidatorActions.add(state, action.getAddValidator(), height);
      case SET_VALIDATOR_POWER ->
          ValidatorActions.setPower(
              state,
              action.getSetValidatorPower().getPublicKey().toByteArray(),
              action.getSetValidatorPower().getPower(),
              height);
      case REMOVE_VALIDATOR ->
          ValidatorActions.setPower(
              state, action.getRemoveValidator().getPublicKey().toByteArray(), 0, height);
      case ACTION_NOT_SET -> Outcome.reject(AuthorityError.INVALID_ACTION, "no action given");
    };
  }

  private static Outcome move(
      ProviderKeeper providers,
      String address,
      ProviderState from,
      ProviderState to,
      String event) {
    Provider provider = providers.get(Address.fromBech32(address));
    if (provider == null) {
      return Outcome.reject(ProviderError.NOT_FOUND, "%s", address);
    }
    if (provider.getState() != from) {
      return Outcome.reject(
          ProviderError.WRONG_STATE,
          "%s is %s, needs to be %s",
          address,
          provider.getState(),
          from);
    }
    Provider moved = provider.toBuilder().setState(to).build();
    providers.save(moved);
    return Outcome.ok(ProviderEvents.of(event, moved));
  }

  // Back on the market means back under the bond rule a registration meets: a slash or a raised
  // min_bond may have left the provider short, and then it stays suspended (checked after the
  // state, so a provider that is not suspended still gets WRONG_STATE).
  private static Outcome reinstate(KeyValueState state, ProviderKeeper providers, String address) {
    Provider provider = providers.get(Address.fromBech32(address));
    long minBond = ProviderParamsRules.STORE.get(state).getMinBond();
    if (provider != null
        && provider.getState() == ProviderState.PROVIDER_STATE_SUSPENDED
        && provider.getBond() < minBond) {
      return Outcome.reject(
          ProviderError.BOND_TOO_LOW,
          "%s has a bond of %d ulease, the minimum is %d",
          address,
          provider.getBond(),
          minBond);
    }
    return move(
        providers,
        address,
        ProviderState.PROVIDER_STATE_SUSPENDED,
        ProviderState.PROVIDER_STATE_ACTIVE,
        "provider_reinstated");
  }

  private static Outcome appoint(ProviderKeeper providers, Address auditor, long height) {
    if (providers.auditor(auditor) != null) {
      return Outcome.reject(ProviderError.ALREADY_AUDITOR, "%s", auditor);
    }
    providers.saveAuditor(
        Auditor.newBuilder().setAddress(auditor.toBech32()).setAppointedHeight(height).build());
    return Outcome.ok(Event.builder("auditor_appointed").indexed("auditor", auditor).build());
  }

  private static Outcome remove(ProviderKeeper providers, Address auditor) {
    if (providers.auditor(auditor) == null) {
      return Outcome.reject(ProviderError.AUDITOR_NOT_FOUND, "%s", auditor);
    }
    providers.removeAuditor(auditor);
    return Outcome.ok(Event.builder("auditor_removed").indexed("auditor", auditor).build());
  }

  private static Outcome setParams(KeyValueState state, SetParams params) {
    List<String> changed = new ArrayList<>();
    if (params.hasTx()) {
      TxParamsRules.STORE.set(state, params.getTx());
      changed.add("tx");
    }
    if (params.hasBank()) {
      BankParamsRules.STORE.set(state, params.getBank());
      changed.add("bank");
    }
    if (params.hasProvider()) {
      ProviderParamsRules.STORE.set(state, params.getProvider());
      changed.add("provider");
    }
    if (params.hasMarket()) {
      MarketParamsRules.STORE.set(state, params.getMarket());
      changed.add("market");
    }
    if (params.hasEscrow()) {
      EscrowParamsRules.STORE.set(state, params.getEscrow());
      changed.add("escrow");
    }
    if (params.hasAuthority()) {
      AuthorityParamsRules.STORE.set(state, params.getAuthority());
      changed.add("authority");
    }
    if (params.hasRewards()) {
      Distribution.paramsChanged(state, RewardsParamsRules.STORE.get(state), params.getRewards());
      RewardsParamsRules.STORE.set(state, params.getRewards());
      changed.add("rewards");
    }
    if (params.hasProof()) {
      ProofParamsRules.STORE.set(state, params.getProof());
      changed.add("proof");
    }
    return Outcome.ok(
        Event.builder("params_changed").indexed("modules", String.join(",", changed)).build());
  }

  private static Rejection paramsProblems(SetParams params) {
    List<String> problems = ChainParams.problems(params);
    if (params.getAllFields().isEmpty()) {
      problems.add("set at least one module's params");
    }
    return problems.isEmpty()
        ? null
        : Rejection.of(AuthorityError.INVALID_PARAMS, "%s", String.join("; ", problems));
  }
}
