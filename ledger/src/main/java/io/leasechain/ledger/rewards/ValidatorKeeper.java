package io.leasechain.ledger.rewards;

import io.leasechain.crypto.Ed25519PublicKey;
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
 * The validator set as the ledger keeps it, and every change to it. The keys changed during a block
 * are staged under {@link KeySpace#VALIDATOR_UPDATE} with the power CometBFT had for them when the
 * block began; at its end CometBFT gets one update for each key whose power differs from that, so
 * several changes to one key in a block (add then remove, remove then add, two power changes) reach
 * it as their net effect. Every change is checked against the block's net effect: the set may never
 * become empty, exceed CometBFT's maximum total power, nor lose more than a third of its power.
 */
public final class ValidatorKeeper {

  /** CometBFT's {@code MaxTotalVotingPower}: a block's updates that exceed it halt the chain. */
  public static final long MAX_TOTAL_POWER = Long.MAX_VALUE / 8;

  private static final byte[] STAGED_PREFIX = Keys.of(KeySpace.VALIDATOR_UPDATE);

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
      total = Math.addExact(total, power(validator));
    }
    return total;
  }

  public void save(Validator validator) {
    state.put(key(validator.getAddress().toByteArray()), validator.toByteArray());
  }

  /**
   * Sets a validator's power (0 removes it) and stages its key for CometBFT, or refuses a change
   * after which, counting every change made in this block so far, the set would be empty, exceed
   * CometBFT's maximum total power or, unless {@code forced}, have lost more than a third of the
   * power it had when the block began.
   */
  public Rejection setPower(Validator validator, long power, long height, boolean forced) {
    byte[] publicKey = validator.getPublicKey().toByteArray();
    long current = power(get(state, validator.getAddress().toByteArray()));
    long total = totalPower(state);
    long after = Math.addExact(total - current, power);
    if (after <= 0) {
      return Rejection.of(AuthorityError.VALIDATOR_SET_EMPTY, "no validator would have power left");
    }
    if (after > MAX_TOTAL_POWER) {
      return Rejection.of(
          AuthorityError.TOTAL_POWER_TOO_LARGE,
          "the set would have %d power; CometBFT allows at most %d",
          after,
          MAX_TOTAL_POWER);
    }
    // Net change of every key staged in this block, with this change applied.
    long atStart = total;
    long removed = 0;
    long gained = 0;
    boolean staged = false;
    for (Staged entry : staged()) {
      boolean self = Arrays.equals(entry.publicKey(), publicKey);
      staged |= self;
      long now = power(get(state, entry.address()));
      atStart = Math.subtractExact(atStart, Math.subtractExact(now, entry.powerAtStart()));
      removed = Math.addExact(removed, lost(entry.powerAtStart(), self ? power : now));
      gained = Math.addExact(gained, lost(self ? power : now, entry.powerAtStart()));
    }
    if (!staged) {
      removed = Math.addExact(removed, lost(current, power));
      gained = Math.addExact(gained, lost(power, current));
    }
    if (!forced && Math.multiplyExact(removed, 3L) > atStart) {
      return Rejection.of(
          AuthorityError.POWER_CHANGE_TOO_LARGE,
          "%d of the %d power the set had at the start of block %d would be gone",
          removed,
          atStart,
          height);
    }
    // Were every unit of power added in this block held by validators that never come online, the
    // power kept from the start of the block must still be more than two thirds of the new total;
    // otherwise no block could follow and nothing on chain could undo the change.
    long kept = Math.subtractExact(atStart, removed);
    if (!forced && Math.multiplyExact(gained, 2L) >= kept) {
      return Rejection.of(
          AuthorityError.POWER_GAIN_TOO_LARGE,
          "%d power added in block %d; below %d (half of the %d kept) may be added at once",
          gained,
          height,
          (kept + 1) / 2,
          kept);
    }
    if (!staged) {
      state.put(Keys.of(KeySpace.VALIDATOR_UPDATE, publicKey), Keys.uint64(current));
    }
    save(
        validator.toBuilder()
            .setPower(power)
            .setStatus(
                power == 0
                    ? ValidatorStatus.VALIDATOR_STATUS_REMOVED
                    : ValidatorStatus.VALIDATOR_STATUS_ACTIVE)
            .build());
    return null;
  }

  /**
   * The block's net updates, in public-key order: for each key changed in it whose power now
   * differs from the power CometBFT had for it when the block began. Clears the staged keys.
   */
  public List<ValidatorUpdate> drainUpdates() {
    List<ValidatorUpdate> updates = new ArrayList<>();
    for (Staged entry : staged()) {
      long now = power(get(state, entry.address()));
      if (now != entry.powerAtStart()) {
        updates.add(new ValidatorUpdate(entry.publicKey(), now));
      }
      state.delete(Keys.of(KeySpace.VALIDATOR_UPDATE, entry.publicKey()));
    }
    return updates;
  }

  /** A key changed in this block, with the power CometBFT had for it when the block began. */
  private record Staged(byte[] publicKey, byte[] address, long powerAtStart) {}

  private List<Staged> staged() {
    List<Staged> staged = new ArrayList<>();
    Iterator<KeyValue> entries = state.scanPrefix(STAGED_PREFIX);
    while (entries.hasNext()) {
      KeyValue entry = entries.next();
      byte[] publicKey = Arrays.copyOfRange(entry.key(), STAGED_PREFIX.length, entry.key().length);
      staged.add(
          new Staged(
              publicKey,
              Ed25519PublicKey.of(publicKey).address().bytes(),
              ByteBuffer.wrap(entry.value()).getLong()));
    }
    return staged;
  }

  private static long lost(long before, long after) {
    return Math.max(0, Math.subtractExact(before, after));
  }

  /** The power CometBFT has for a validator record: 0 once removed, or for no record. */
  private static long power(Validator validator) {
    return validator != null && validator.getStatus() == ValidatorStatus.VALIDATOR_STATUS_ACTIVE
        ? validator.getPower()
        : 0;
  }
}
