package io.leasechain.ledger.rewards;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/** GPU-seconds of accepted proofs per provider per epoch: what the providers' pool is paid by. */
public final class ProvenWork {

  private ProvenWork() {}

  /** One provider's proven GPU-seconds in an epoch. */
  public record Entry(Address provider, long gpuSeconds) {}

  /** Counts {@code gpuSeconds} for {@code provider} in the current epoch. */
  public static void add(KeyValueState state, Address provider, long gpuSeconds) {
    byte[] key = key(Distribution.emission(state).getEpoch(), provider);
    byte[] old = state.get(key);
    long total = Math.addExact(old == null ? 0 : ByteBuffer.wrap(old).getLong(), gpuSeconds);
    state.put(key, Keys.uint64(total));
  }

  /** Every provider's seconds in {@code epoch}, in address order. */
  public static List<Entry> of(ReadableState state, long epoch) {
    List<Entry> entries = new ArrayList<>();
    byte[] prefix = Keys.of(KeySpace.PROVEN_SECONDS, Keys.uint64(epoch));
    Iterator<KeyValue> scan = state.scanPrefix(prefix);
    while (scan.hasNext()) {
      KeyValue entry = scan.next();
      entries.add(
          new Entry(
              Address.of(Arrays.copyOfRange(entry.key(), prefix.length, entry.key().length)),
              ByteBuffer.wrap(entry.value()).getLong()));
    }
    return entries;
  }

  static void clear(KeyValueState state, long epoch) {
    for (Entry entry : of(state, epoch)) {
      state.delete(key(epoch, entry.provider()));
    }
  }

  private static byte[] key(long epoch, Address provider) {
    return Keys.of(KeySpace.PROVEN_SECONDS, Keys.uint64(epoch), provider.bytes());
  }
}
