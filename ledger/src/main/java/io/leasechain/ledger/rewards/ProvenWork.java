package io.leasechain.ledger.rewards;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.rewards.proto.EpochWork;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.state.Records;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Accepted proofs per provider per epoch: what tenants paid for them weighs the provider's part of
 * the providers' pool, and the take those payments owe caps it.
 */
public final class ProvenWork {

  private ProvenWork() {}

  /**
   * One provider's accepted work in an epoch: GPU-seconds, micro-ulease paid, ulease of take owed.
   */
  public record Entry(Address provider, long gpuSeconds, long paidMicro, long takeCap) {}

  /**
   * Counts one accepted proof of {@code provider} in the current epoch. Runs in end-block, which
   * must not throw, and a tenant may pay nearly Long.MAX_VALUE micro-ulease in one proof, so each
   * sum saturates at Long.MAX_VALUE: the pool's pro-rata then weighs the saturated sums, which only
   * a provider already owed the whole pool can reach.
   */
  public static void add(
      KeyValueState state, Address provider, long gpuSeconds, long paidMicro, long takeCap) {
    byte[] key = key(Distribution.emission(state).getEpoch(), provider);
    EpochWork old = Records.read(state, key, EpochWork.parser());
    EpochWork work = old == null ? EpochWork.getDefaultInstance() : old;
    state.put(
        key,
        EpochWork.newBuilder()
            .setGpuSeconds(saturatedSum(work.getGpuSeconds(), gpuSeconds))
            .setPaidMicro(saturatedSum(work.getPaidMicro(), paidMicro))
            .setTakeCap(saturatedSum(work.getTakeCap(), takeCap))
            .build()
            .toByteArray());
  }

  /** Every provider's work in {@code epoch}, in address order. */
  public static List<Entry> of(ReadableState state, long epoch) {
    List<Entry> entries = new ArrayList<>();
    byte[] prefix = Keys.of(KeySpace.PROVEN_WORK, Keys.uint64(epoch));
    Iterator<KeyValue> scan = state.scanPrefix(prefix);
    while (scan.hasNext()) {
      KeyValue entry = scan.next();
      EpochWork work = Records.read(state, entry.key(), EpochWork.parser());
      entries.add(
          new Entry(
              Address.of(Arrays.copyOfRange(entry.key(), prefix.length, entry.key().length)),
              work.getGpuSeconds(),
              work.getPaidMicro(),
              work.getTakeCap()));
    }
    return entries;
  }

  /** Sum of two non-negative amounts, Long.MAX_VALUE if it would not fit. */
  private static long saturatedSum(long a, long b) {
    return b > Long.MAX_VALUE - a ? Long.MAX_VALUE : a + b;
  }

  static void clear(KeyValueState state, long epoch) {
    for (Entry entry : of(state, epoch)) {
      state.delete(key(epoch, entry.provider()));
    }
  }

  private static byte[] key(long epoch, Address provider) {
    return Keys.of(KeySpace.PROVEN_WORK, Keys.uint64(epoch), provider.bytes());
  }
}
