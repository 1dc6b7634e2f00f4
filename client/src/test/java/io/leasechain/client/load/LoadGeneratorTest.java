package io.leasechain.client.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

  private static final URI NODE = URI.create("http://127.0.0.1:1");

  @Test
  void kvstoreTxsAreUniqueKeyValuePairsOfATransfersSize() {
    LoadSpec spec = LoadSpec.of(NODE, 50, Duration.ofSeconds(2), LoadMix.KVSTORE).withSeed(7);
    List<LoadTx> txs = LoadGenerator.kvstoreTxs(spec);
    assertEquals(100, txs.size());
    Set<String> distinct = new HashSet<>();
    for (LoadTx tx : txs) {
      String text = new String(tx.bytes(), StandardCharsets.US_ASCII);
      assertEquals(LoadGenerator.transferSize(), tx.bytes().length, text);
      assertEquals(1, text.chars().filter(c -> c == '=').count(), "kvstore wants key=value");
      distinct.add(text);
    }
    assertEquals(100, distinct.size());
    System.out.println("transfer size " + LoadGenerator.transferSize() + " bytes");
  }

  @Test
  void transfersGoRoundRobinWithConsecutiveSequencesPerAccount() {
    var keys = LoadGenerator.accountKeys(3, 3);
    long[] sequences = {0, 5, 9};
    List<LoadTx> txs = LoadGenerator.transfers(keys, sequences, 7, "chain", 2_000);
    assertEquals(7, txs.size());
    // Accounts 0,1,2,0,1,2,0: each account's txs in one lane, in sequence order.
    int[] lanes = txs.stream().mapToInt(LoadTx::lane).toArray();
    assertEquals(List.of(0, 1, 2, 0, 1, 2, 0), java.util.Arrays.stream(lanes).boxed().toList());
    assertEquals(7, txs.stream().map(LoadTx::hash).distinct().count());
  }

  @Test
  void specsAreBounded() {
    assertThrows(
        IllegalArgumentException.class,
        () -> LoadSpec.of(NODE, 0, Duration.ofSeconds(1), LoadMix.TRANSFERS));
    assertThrows(
        IllegalArgumentException.class,
        () -> LoadSpec.of(NODE, 10, Duration.ofHours(2), LoadMix.TRANSFERS));
    assertThrows(
        IllegalArgumentException.class,
        () -> LoadSpec.of(NODE, 10, Duration.ofSeconds(1), LoadMix.MARKET).withAccounts(1));
    assertThrows(
        IllegalArgumentException.class,
        () -> LoadSpec.of(NODE, 100_000, Duration.ofMinutes(60), LoadMix.KVSTORE));
    assertEquals(25, LoadSpec.of(NODE, 10, Duration.ofMillis(2_500), LoadMix.KVSTORE).txCount());
  }
}
