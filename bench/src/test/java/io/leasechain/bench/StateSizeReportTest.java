package io.leasechain.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.ledger.market.MarketKeeper;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.node.store.RocksStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state-size benchmark runs end to end on a small state; nothing about speed. */
class StateSizeReportTest {

  @TempDir Path temp;

  @Test
  void generatesActiveLeasesAndPrintsATableRow() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    StateSizeReport.Row row =
        StateSizeReport.measure(
            temp.resolve("leases-200"),
            200,
            1,
            1,
            100,
            true,
            new PrintStream(log, true, StandardCharsets.UTF_8));

    String table = StateSizeReport.table(List.of(row));
    assertTrue(table.contains("| 200 | "), table);
    assertEquals(1, row.blockMicros().length);
    assertTrue(row.size().bytes() > 0, "the database has a size");
    try (RocksStore store = RocksStore.open(temp.resolve("leases-200").resolve("data"))) {
      assertEquals(LeaseState.LEASE_STATE_ACTIVE, MarketKeeper.lease(store, 200).getState());
      assertEquals(null, MarketKeeper.lease(store, 201), "one lease per generated order");
    }
  }
}
