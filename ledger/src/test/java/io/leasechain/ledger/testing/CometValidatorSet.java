package io.leasechain.ledger.testing;

import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.GenesisState;
import io.leasechain.ledger.rewards.ValidatorKeeper;
import io.leasechain.ledger.rewards.proto.Validator;
import io.leasechain.ledger.rewards.proto.ValidatorStatus;
import io.leasechain.ledger.state.ReadableState;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The validator set as CometBFT v0.38 keeps it (its NextValidators): genesis, then every block's
 * validator_updates applied with the checks of {@code ValidatorSet.updateWithChangeSet}, in its
 * order. A block whose updates CometBFT would refuse, which halts a real chain, fails the test
 * instead.
 */
public final class CometValidatorSet {

  /** CometBFT's {@code MaxTotalVotingPower}: int64 max / 8. */
  public static final long MAX_TOTAL_POWER = Long.MAX_VALUE / 8;

  private final TreeMap<String, Long> powers = new TreeMap<>();

  public CometValidatorSet(List<GenesisState.Validator> genesis) {
    genesis.forEach(v -> powers.put(HexFormat.of().formatHex(v.publicKey()), v.power()));
  }

  /** Applies one block's updates as CometBFT does, or throws AssertionError with its refusal. */
  public void apply(BlockResult block) {
    TreeSet<String> seen = new TreeSet<>();
    TreeSet<String> unknown = new TreeSet<>();
    TreeMap<String, Long> next = new TreeMap<>(powers);
    int added = 0;
    int deletes = 0;
    for (BlockResult.ValidatorUpdate update : block.validatorUpdates()) {
      String key = HexFormat.of().formatHex(update.publicKey());
      refuseIf(!seen.add(key), block, "duplicate entry " + key);
      refuseIf(update.power() < 0, block, "voting power can't be negative: " + update.power());
      refuseIf(
          update.power() > MAX_TOTAL_POWER,
          block,
          "voting power can't be higher than " + MAX_TOTAL_POWER);
      if (update.power() == 0) {
        deletes++;
        if (!powers.containsKey(key)) {
          unknown.add(key);
        }
        next.remove(key);
      } else {
        added += powers.containsKey(key) ? 0 : 1;
        next.put(key, update.power());
      }
    }
    refuseIf(
        added == 0 && deletes == powers.size() && deletes > 0,
        block,
        "applying the validator changes would result in empty set");
    refuseIf(
        !unknown.isEmpty(),
        block,
        "failed to find validator " + String.join(",", unknown) + " to remove");
    long total = 0;
    for (long power : next.values()) {
      total = Math.addExact(total, power);
    }
    refuseIf(total > MAX_TOTAL_POWER, block, "total voting power would exceed the max allowed");
    powers.clear();
    powers.putAll(next);
  }

  /** Public key (hex) to power. */
  public Map<String, Long> powers() {
    return Map.copyOf(powers);
  }

  /**
   * The ledger's active validators as public key (hex) to power, to compare with {@link #powers}.
   */
  public static Map<String, Long> ledgerSet(ReadableState state) {
    TreeMap<String, Long> active = new TreeMap<>();
    for (Validator v : ValidatorKeeper.all(state)) {
      if (v.getStatus() == ValidatorStatus.VALIDATOR_STATUS_ACTIVE) {
        active.put(HexFormat.of().formatHex(v.getPublicKey().toByteArray()), v.getPower());
      }
    }
    return Map.copyOf(active);
  }

  private static void refuseIf(boolean refused, BlockResult block, String message) {
    if (refused) {
      throw new AssertionError(
          "CONSENSUS FAILURE at height "
              + block.height()
              + ": "
              + message
              + " (updates "
              + TestValidators.updates(block)
              + ")");
    }
  }
}
