package io.leasechain.client.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hashes;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

  private static final URI NODE = URI.create("http://127.0.0.1:1");
  private static final Ed25519PrivateKey FUNDER = Ed25519PrivateKey.fromSeed(new byte[32]);

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
  void accountKeysAreSecretToTheFunder() {
    // The funded accounts' keys must not follow from public inputs (the label and the seed, 1 by
    // default): whoever rebuilt them could take the funds.
    Ed25519PrivateKey other = Ed25519PrivateKey.fromSeed(Hashes.sha256(new byte[] {1}));
    Ed25519PrivateKey first = LoadGenerator.accountKeys(FUNDER, 1, 1).get(0);
    byte[] publicOnly =
        Hashes.sha256(
            "leasechain load account".getBytes(StandardCharsets.UTF_8),
            ByteBuffer.allocate(12).putLong(1).putInt(0).array());
    assertNotEquals(
        Ed25519PrivateKey.fromSeed(publicOnly).publicKey().address(), first.publicKey().address());
    assertNotEquals(
        LoadGenerator.accountKeys(other, 1, 1).get(0).publicKey().address(),
        first.publicKey().address());
    assertEquals(
        LoadGenerator.accountKeys(FUNDER, 1, 1).get(0).publicKey().address(),
        first.publicKey().address());
  }

  @Test
  void transfersGoRoundRobinWithConsecutiveSequencesPerAccount() {
    var keys = LoadGenerator.accountKeys(FUNDER, 3, 3);
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
