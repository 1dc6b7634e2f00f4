package io.leasechain.client.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PagesTest {

  private record Page(List<Integer> items, String next) {}

  // Cursor -> page, as a filtered list query may answer: short and empty pages before the end.
  private static final Map<String, Page> PAGES =
      Map.of(
          "", new Page(List.of(1, 2), "a"),
          "a", new Page(List.of(), "b"),
          "b", new Page(List.of(3), "c"),
          "c", new Page(List.of(4, 5), ""));

  private final List<PageRequest> requests = new ArrayList<>();

  private Page fetch(PageRequest request) {
    requests.add(request);
    return PAGES.get(request.after() == null ? "" : request.after());
  }

  @Test
  void followsNextThroughShortAndEmptyPagesToTheEnd() {
    List<Integer> all =
        Pages.stream(PageRequest.first(2), this::fetch, Page::items, Page::next)
            .collect(Collectors.toList());
    assertEquals(List.of(1, 2, 3, 4, 5), all);
    assertEquals(
        List.of(
            PageRequest.first(2),
            new PageRequest(2, "a"),
            new PageRequest(2, "b"),
            new PageRequest(2, "c")),
        requests);
  }

  @Test
  void fetchesAPageOnlyWhenItsItemsAreNeeded() {
    List<Integer> firstThree =
        Pages.stream(PageRequest.first(2), this::fetch, Page::items, Page::next)
            .limit(3)
            .collect(Collectors.toList());
    assertEquals(List.of(1, 2, 3), firstThree);
    assertEquals(3, requests.size(), "the page after the third item is never fetched");
  }
}
