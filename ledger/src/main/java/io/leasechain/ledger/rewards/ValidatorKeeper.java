package io.leasechain.ledger.rewards;

import io.leasechain.ledger.BlockResult.ValidatorUpdate;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.authority.AuthorityError;
import io.leasechain.ledger.rewards.proto.Validator;
import io.leasechain.ledger.rewards.proto.ValidatorStatus;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.state.Records;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The validator set as the ledger keeps it, and every change to it. Changes made during a block are
 * staged under {@link KeySpace#VALIDATOR_UPDATE} and handed to CometBFT at its end; the set may
 * never become empty nor lose more than a third of its power within one block.
 */
public final class ValidatorKeeper {

  private static final byte[] POWER_CHANGE_KEY = Keys.of(KeySpace.POWER_CHANGE);

  private final KeyValueState state;

  public ValidatorKeeper(KeyValueState state) {
    this.state = state;
  }

  public static byte[] key(byte[] address) {
    return Keys.of(KeySpace.VALIDATOR, address);
  }

  public static Validator get(ReadableState state, byte[] address) {
    return Records.read(state, key(address), Validator.parser());
  }

  /** Every validator ever added, in address order (the set is small: the consortium). */
  public static List<Validator> all(ReadableState state) {
    List<Validator> validators = new ArrayList<>();
    Iterator<KeyValue> entries = state.scanPrefix(Keys.of(KeySpace.VALIDATOR));
    while (entries.hasNext()) {
      validators.add(Records.read(state, entries.next().key(), Validator.parser()));
    }
    return validators;
  }

  public static long totalPower(ReadableState state) {
    long total = 0;
    for (Validator validator : all(state)) {
      if (validator.getStatus() == ValidatorStatus.VALIDATOR_STATUS_ACTIVE) {
        total = Math.addExact(total, validator.getPower());
      }
    }
    return total;
  }

  public void save(Validator validator) {
    state.put(key(validator.getAddress().toByteArray()), validator.toByteArray());
  }

  /**
   * Sets a validator's power (0 removes it) and stages the update for CometBFT, or refuses a change
   * that would empty the set or, unless {@code forced}, remove more than a third of the power the
   * set had when this block began.
   */
  public Rejection setPower(Validator validator, long power, long height, boolean forced) {
    long total = totalPower(state);
    long current =
        validator.getStatus() == ValidatorStatus.VALIDATOR_STATUS_ACTIVE ? validator.getPower() : 0;
    long after = Math.addExact(total - current, power);
    if (after <= 0) {
      return Rejection.of(AuthorityError.VALIDATOR_SET_EMPTY, "no validator would have power left");
    }
    long[] change = powerChange(height, total);
    long removed = Math.addExact(change[1], Math.max(0, current - power));
    if (!forced && Math.multiplyExact(removed, 3L) > change[0]) {
      return Rejection.of(
          AuthorityError.POWER_CHANGE_TOO_LARGE,
          "%d of the %d power the set had at the start of block %d would be gone",
          removed,
          change[0],
          height);
    }
    state.put(
        POWER_CHANGE_KEY,
        ByteBuffer.allocate(24).putLong(height).putLong(change[0]).putLong(removed).array());
    save(
        validator.toBuilder()
            .setPower(power)
            .setStatus(
                power == 0
                    ? ValidatorStatus.VALIDATOR_STATUS_REMOVED
                    : ValidatorStatus.VALIDATOR_STATUS_ACTIVE)
            .build());
    state.put(
        Keys.of(KeySpace.VALIDATOR_UPDATE, validator.getPublicKey().toByteArray()),
        Keys.uint64(power));
    return null;
  }

  /** The updates staged in this block, in public-key order; clears them. */
  public List<ValidatorUpdate> drainUpdates() {
    List<ValidatorUpdate> updates = new ArrayList<>();
    byte[] prefix = Keys.of(KeySpace.VALIDATOR_UPDATE);
    Iterator<KeyValue> entries = state.scanPrefix(prefix);
    List<byte[]> keys = new ArrayList<>();
    while (entries.hasNext()) {
      KeyValue entry = entries.next();
      keys.add(entry.key());
      updates.add(
          new ValidatorUpdate(
              Arrays.copyOfRange(entry.key(), prefix.length, entry.key().length),
              ByteBuffer.wrap(entry.value()).getLong()));
    }
    keys.forEach(state::delete);
    return updates;
  }

  // (power at the start of this block, power removed so far in it)
  private long[] powerChange(long height, long currentTotal) {
    byte[] bytes = state.get(POWER_CHANGE_KEY);
    if (bytes != null) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      if (buffer.getLong() == height) {
        return new long[] {buffer.getLong(), buffer.getLong()};
      }
    }
    return new long[] {currentTotal, 0};
  }
}
