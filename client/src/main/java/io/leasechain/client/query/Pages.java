package io.leasechain.client.query;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Every item of a paginated list query, page after page: fetches the next page (following the
 * answer's {@code next}) only when the items of the one before are used up, and stops when {@code
 * next} is empty. Short and empty pages with a {@code next} are followed, as the node may return
 * them under a filter. The lists are read live: an item added or removed while iterating may or may
 * not appear.
 */
public final class Pages {

  private Pages() {}

  /**
   * A lazy, sequential stream of the items of {@code fetch}'s pages, from {@code first} on; {@code
   * items} and {@code next} read a page's items and cursor.
   */
  public static <R, T> Stream<T> stream(
      PageRequest first,
      Function<PageRequest, R> fetch,
      Function<R, List<T>> items,
      Function<R, String> next) {
    Iterator<T> iterator = new PageIterator<>(first, fetch, items, next);
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(
            iterator, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE),
        false);
  }

  private static final class PageIterator<R, T> implements Iterator<T> {
    private final Function<PageRequest, R> fetch;
    private final Function<R, List<T>> items;
    private final Function<R, String> next;
    private PageRequest request;
    private Iterator<T> page = List.<T>of().iterator();

    PageIterator(
        PageRequest first,
        Function<PageRequest, R> fetch,
        Function<R, List<T>> items,
        Function<R, String> next) {
      this.request = Objects.requireNonNull(first, "first");
      this.fetch = fetch;
      this.items = items;
      this.next = next;
    }

    @Override
    public boolean hasNext() {
      while (!page.hasNext() && request != null) {
        R answer = fetch.apply(request);
        page = items.apply(answer).iterator();
        String cursor = next.apply(answer);
        request = cursor == null || cursor.isEmpty() ? null : request.after(cursor);
      }
      return page.hasNext();
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return page.next();
    }
  }
}
