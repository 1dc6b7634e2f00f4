package io.leasechain.ledger.query;

import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * Key-ordered pagination over one key prefix: at most {@code limit} items, and a cursor (the last
 * key suffix returned) from which the next page continues.
 */
public final class Paging {

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  /** Index entries one call examines at most, matching or not; then it hands back a cursor. */
  public static final int MAX_SCANNED = 5 * MAX_LIMIT;

  private Paging() {}

  /**
   * One page: the items, and the suffix to continue after, or null when there are no more. A page
   * can hold fewer than the limit, even none, and still have a next: the scan stopped at {@link
   * #MAX_SCANNED} entries.
   */
  public record Page<T>(List<T> items, byte[] next) {}

  /**
   * Pages through the keys under {@code prefix} after {@code after}; {@code load} turns a key
   * suffix into an item, or null to skip it (a filter). It examines at most {@link #MAX_SCANNED}
   * keys, so that a filter matching little cannot make one query walk a whole index.
   */
  public static <T> Page<T> page(
      ReadableState state, byte[] prefix, byte[] after, int limit, Function<byte[], T> load) {
    byte[] from = prefix;
    if (after != null) {
      from = Arrays.copyOf(prefix, prefix.length + after.length + 1);
      System.arraycopy(after, 0, from, prefix.length, after.length);
    }
    Iterator<KeyValue> entries = state.scan(from, Keys.prefixEnd(prefix));
    List<T> items = new ArrayList<>();
    byte[] lastItem = null;
    byte[] lastScanned = null;
    int scanned = 0;
    while (entries.hasNext()) {
      byte[] key = entries.next().key();
      if (scanned == MAX_SCANNED) {
        return new Page<>(items, lastScanned);
      }
      scanned++;
      byte[] suffix = Arrays.copyOfRange(key, prefix.length, key.length);
      T item = load.apply(suffix);
      if (item != null) {
        if (items.size() == limit) {
          return new Page<>(items, lastItem);
        }
        items.add(item);
        lastItem = suffix;
      }
      lastScanned = suffix;
    }
    return new Page<>(items, null);
  }

  /** The limit a request asks for, within 1..MAX_LIMIT. */
  public static int limit(QueryPath path) {
    String text = path.param("limit");
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    int limit = Integer.parseInt(text);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
    }
    return limit;
  }
}
