package io.leasechain.ledger.authority;

import com.google.protobuf.ByteString;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.authority.proto.AddValidator;
import io.leasechain.ledger.bank.BankAddresses;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.rewards.ValidatorKeeper;
import io.leasechain.ledger.rewards.proto.Validator;
import io.leasechain.ledger.rewards.proto.ValidatorStatus;
import io.leasechain.ledger.state.KeyValueState;
import java.util.HexFormat;

/** The council's validator-set actions: add a validator, change its power, remove it. */
final class ValidatorActions {

  /**
   * One validator's power stays well below CometBFT's cap on the total ({@link
   * ValidatorKeeper#MAX_TOTAL_POWER}, about 2^60), which the keeper checks for the whole set.
   */
  private static final long MAX_POWER = 1L << 50;

  private ValidatorActions() {}

  static Rejection validate(AddValidator action) {
    Rejection key = validateKey(action.getPublicKey(), powerProblem(action.getPower()));
    if (key != null) {
      return key;
    }
    Rejection operator = BankAddresses.check("operator", action.getOperator());
    if (operator != null) {
      return operator;
    }
    // Rewards are paid to the operator: into a module account they would be money no record owes.
    return ModuleAccount.isModuleAddress(Address.fromBech32(action.getOperator()))
        ? Rejection.of(
            AuthorityError.INVALID_VALIDATOR,
            "operator %s is a module account and cannot receive rewards",
            action.getOperator())
        : null;
  }

  /** Null for a power in 1..2^50 (a uint64 above 2^63 arrives negative); otherwise the problem. */
  static String powerProblem(long power) {
    return power <= 0 || power > MAX_POWER
        ? "power must be 1.." + MAX_POWER + "; use remove_validator for 0"
        : null;
  }

  static Rejection validateKey(ByteString publicKey, String powerProblem) {
    try {
      Ed25519PublicKey.of(publicKey.toByteArray());
    } catch (IllegalArgumentException e) {
      return Rejection.of(AuthorityError.INVALID_VALIDATOR, "public key: %s", e.getMessage());
    }
    return powerProblem == null
        ? null
        : Rejection.of(AuthorityError.INVALID_VALIDATOR, "%s", powerProblem);
  }

  static Outcome add(KeyValueState state, AddValidator action, long height) {
    Ed25519PublicKey key = Ed25519PublicKey.of(action.getPublicKey().toByteArray());
    byte[] address = key.address().bytes();
    Validator existing = ValidatorKeeper.get(state, address);
    if (existing != null && existing.getStatus() == ValidatorStatus.VALIDATOR_STATUS_ACTIVE) {
      return Outcome.reject(AuthorityError.VALIDATOR_EXISTS, "%s", hex(address));
    }
    Validator validator =
        (existing != null ? existing.toBuilder() : Validator.newBuilder())
            .setAddress(ByteString.copyFrom(address))
            .setPublicKey(action.getPublicKey())
            .setOperator(action.getOperator())
            .setAddedHeight(height)
            .setStatus(ValidatorStatus.VALIDATOR_STATUS_REMOVED)
            .setPower(0)
            .build();
    Rejection refused =
        new ValidatorKeeper(state).setPower(validator, action.getPower(), height, false);
    return refused != null
        ? Outcome.reject(refused)
        : Outcome.ok(event("validator_added", address, action.getPower()));
  }

  static Outcome setPower(KeyValueState state, byte[] publicKey, long power, long height) {
    byte[] address = Ed25519PublicKey.of(publicKey).address().bytes();
    Validator validator = ValidatorKeeper.get(state, address);
    if (validator == null || validator.getStatus() != ValidatorStatus.VALIDATOR_STATUS_ACTIVE) {
      return Outcome.reject(
          AuthorityError.VALIDATOR_NOT_FOUND, "%s is not in the set", hex(address));
    }
    Rejection refused = new ValidatorKeeper(state).setPower(validator, power, height, false);
    if (refused != null) {
      return Outcome.reject(refused);
    }
    return Outcome.ok(
        event(power == 0 ? "validator_removed" : "validator_power_set", address, power));
  }

  private static Event event(String type, byte[] address, long power) {
    return Event.builder(type).indexed("address", hex(address)).plain("power", power).build();
  }

  private static String hex(byte[] address) {
    return HexFormat.of().withUpperCase().formatHex(address);
  }
}
