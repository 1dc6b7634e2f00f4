package io.leasechain.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.ledger.market.MarketKeeper;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.node.store.RocksStore;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
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

  @Test
  void interleavedSizesEachGetEveryRoundAndARatioToTheFirst() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    StateSizeReport.Interleaved result =
        StateSizeReport.measureInterleaved(
            temp,
            List.of(100, 200),
            1,
            3,
            50,
            false,
            new PrintStream(log, true, StandardCharsets.UTF_8));

    assertEquals(2, result.rows().size());
    assertEquals(100, result.rows().get(0).leases());
    assertEquals(200, result.rows().get(1).leases());
    assertEquals(3, result.roundMicros().length);
    for (long[] round : result.roundMicros()) {
      assertTrue(round[0] > 0 && round[1] > 0, "each round timed a block of each size");
    }
    for (StateSizeReport.Row row : result.rows()) {
      assertEquals(3, row.blockMicros().length);
    }
    String ratios = StateSizeReport.ratios(result);
    assertTrue(ratios.startsWith("200 leases against 100 in the same round: median "), ratios);
    assertTrue(ratios.contains("over 3 rounds"), ratios);
    // Each node ran its own blocks: a warm-up and three measured blocks, heights 2 to 5.
    String text = log.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("200 leases, block 5:"), text);
    assertTrue(text.contains("100 leases, block 5:"), text);
    assertTrue(text.contains("200 leases, CPU per block inside FinalizeBlock + Commit"), text);
    assertFalse(java.nio.file.Files.exists(temp.resolve("leases-100")), "not kept");
    assertFalse(java.nio.file.Files.exists(temp.resolve("leases-200")), "not kept");
  }

  @Test
  void interleavingRefusesASizeGivenTwice() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            StateSizeReport.measureInterleaved(
                temp,
                List.of(100, 100),
                1,
                1,
                10,
                false,
                new PrintStream(OutputStream.nullOutputStream())));
  }
}
