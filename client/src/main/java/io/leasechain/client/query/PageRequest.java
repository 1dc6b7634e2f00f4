package io.leasechain.client.query;

/**
 * Which page of a list query to fetch: at most {@code limit} items (0 = the node's default, 100;
 * the node serves at most 1000) starting after the cursor {@code after} (null = from the start),
 * which is the {@code next} of the previous page.
 */
public record PageRequest(int limit, String after) {

  private static final PageRequest FIRST = new PageRequest(0, null);

  public PageRequest {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + limit);
    }
    if (after != null && after.isEmpty()) {
      after = null;
    }
  }

  /** The first page, of the node's default size. */
  public static PageRequest first() {
    return FIRST;
  }

  /** The first page, of at most {@code limit} items. */
  public static PageRequest first(int limit) {
    return new PageRequest(limit, null);
  }

  /** The page after {@code cursor} (a list answer's {@code next}), of the same size. */
  public PageRequest after(String cursor) {
    return new PageRequest(limit, cursor);
  }
}
