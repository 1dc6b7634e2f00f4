package io.leasechain.ledger.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.ledger.state.EmptyState;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.OverlayState;
import io.leasechain.ledger.testing.TestChain;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Paths an attacker can send to abci_query: each gets a coded answer, never an exception. */
class HostileQueryPathsTest {

  private static final TestChain CHAIN = TestChain.create(2);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/params?x=%zz",
        "/params?a=%g0",
        "/orders?limit=%x1",
        "/orders?limit=%-1",
        "/orders?limit=%+f",
        "/orders?limit=1%",
        "/orders?limit=1%4",
        "/orders?%zz=1",
        "/orders?limit=-1",
        "/orders?limit=0",
        "/orders?limit=1001",
        "/orders?limit=99999999999999999999",
        "/orders?after=zz",
        "/orders?after=abc",
        "/orders?state=nonsense",
        "/bids?order=-",
        "/leases?order=1e9",
        "/providers?after=%00",
        "/validator/xyz",
        "/bid/1/x",
      })
  void malformedArgumentsAreInvalidArguments(String path) {
    QueryResult result = LedgerQueries.answer(CHAIN.committed(), path, 1);
    assertNotNull(result, path);
    assertFalse(result.isOk(), path);
    assertEquals(
        "query/" + QueryError.INVALID_ARGUMENT.code(),
        result.rejection().error().codespace() + "/" + result.rejection().error().code(),
        path + ": " + result.rejection().log());
    assertFalse(result.rejection().log().contains("For input string"), result.rejection().log());
  }

  /** The node answers the raw {@code /store/} path itself; the ledger must not shadow it. */
  @ParameterizedTest
  @ValueSource(strings = {"/store/00", "/store/", "/store/zz", "/store", "/store/00?prove=1"})
  void storePathsAreTheNodesNotTheLedgers(String path) {
    assertNull(LedgerQueries.answer(CHAIN.committed(), path, 1), path);
  }

  @Test
  void percentEncodingDecodesStrictlyAsUtf8() {
    QueryPath path = QueryPath.parse("/orders?tenant=a%2Fb%c3%A9+c");
    assertEquals("a/bé c", path.param("tenant"));
  }

  @Test
  void aRawCharacterOutsideTheBasicPlaneStaysOneCharacter() {
    assertEquals(
        "x\uD83D\uDE00y", QueryPath.parse("/orders?tenant=x\uD83D\uDE00y").param("tenant"));
    assertEquals("\uD83D\uDE00", QueryPath.parse("/orders?tenant=%F0%9F%98%80").param("tenant"));
  }

  @Property(tries = 500)
  void anyQueryStringGetsAnAnswerNotAnException(
      @ForAll("resources") String resource, @ForAll("queryStrings") String query) {
    // Either the ledger does not own the path (null) or it answers; it never throws.
    QueryResult result = LedgerQueries.answer(CHAIN.committed(), resource + "?" + query, 1);
    assertTrue(result == null || result.isOk() || result.rejection() != null);
  }

  @Provide
  Arbitrary<String> resources() {
    return Arbitraries.of(
        "/params",
        "/supply",
        "/orders",
        "/bids",
        "/leases",
        "/providers",
        "/auditors",
        "/proposals",
        "/proofs",
        "/validators",
        "/emission",
        "/order/1",
        "/account/x");
  }

  @Provide
  Arbitrary<String> queryStrings() {
    Arbitrary<String> names =
        Arbitraries.of(
            "limit", "after", "state", "tenant", "provider", "order", "lease", "gpu_model", "x");
    Arbitrary<String> values =
        Arbitraries.strings().withChars("%0123456789abcdefgxz+-=&/é").ofMaxLength(12);
    return names
        .flatMap(name -> values.map(value -> name + "=" + value))
        .list()
        .ofMaxSize(4)
        .map(pairs -> String.join("&", pairs));
  }

  @Test
  void aFilteredListScansABoundedNumberOfEntriesAndHandsBackACursor() {
    byte[] prefix = Keys.of(io.leasechain.ledger.state.KeySpace.ORDER);
    OverlayState state = new OverlayState(EmptyState.INSTANCE);
    int entries = 2 * Paging.MAX_SCANNED + 10;
    for (long id = 1; id <= entries; id++) {
      state.put(Keys.of(io.leasechain.ledger.state.KeySpace.ORDER, Keys.uint64(id)), new byte[1]);
    }

    // A filter that matches only the very last entry: each call stops after MAX_SCANNED entries.
    List<Long> found = new ArrayList<>();
    byte[] after = null;
    int calls = 0;
    do {
      Paging.Page<Long> page =
          Paging.page(
              state,
              prefix,
              after,
              Paging.DEFAULT_LIMIT,
              suffix -> {
                long id = ByteBuffer.wrap(suffix).getLong();
                return id == entries ? id : null;
              });
      found.addAll(page.items());
      after = page.next();
      calls++;
    } while (after != null && calls < 10);
    assertEquals(List.of((long) entries), found);
    assertEquals(3, calls);
    assertNull(after);
  }
}
