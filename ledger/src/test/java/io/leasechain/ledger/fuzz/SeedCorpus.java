package io.leasechain.ledger.fuzz;

import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.testing.FuzzMarket;
import io.leasechain.ledger.testing.FuzzMarket.Seed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the seed corpora of the ledger's fuzz targets into src/test/resources, from {@link
 * FuzzMarket}'s messages; run it again when the market or an input format changes: {@code mvn -o
 * -pl ledger -am test -Dtest=SeedCorpus -Dfuzz.seeds.write=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class SeedCorpus {

  private static final Path RESOURCES = Path.of("src/test/resources/io/leasechain/ledger/fuzz");

  @Test
  @EnabledIfSystemProperty(named = "fuzz.seeds.write", matches = "true")
  void write() throws IOException {
    FuzzMarket market = FuzzMarket.get();
    Path txs =
        RESOURCES.resolve(
            "TxDecodingFuzzTestInputs/anyTxBytesGetACodedOutcomeAndARejectedTxChangesNothing");
    Path blocks =
        RESOURCES.resolve(
            "MarketFuzzTestInputs/messagesOnAPopulatedMarketKeepTheInvariantsAndAreDeterministic");
    Files.createDirectories(txs);
    Files.createDirectories(blocks);
    List<Ed25519PrivateKey> keys = market.keys();
    for (Seed seed : market.seeds()) {
      Ed25519PrivateKey key = keys.get(seed.signer());
      byte[] tx =
          market.sign(
              market.state(), key, FuzzMarket.sequence(market.state(), key), List.of(seed.msg()));
      write(
          txs.resolve(seed.name()),
          TxDecodingFuzzTest.RESIGN | TxDecodingFuzzTest.FIX_SEQUENCES,
          tx);
      write(txs.resolve(seed.name() + "-as-is"), 0, tx);
      Files.write(blocks.resolve(seed.name()), step(seed, false, 0).encode());
    }
    write(txs.resolve("not-protobuf"), 0, "not a tx".getBytes(StandardCharsets.UTF_8));
    // A lease's life across blocks: a bid taken, the lease run and proven past a settlement, ended.
    ByteArrayOutputStream lifecycle = new ByteArrayOutputStream();
    for (String name :
        List.of("create_bid", "accept_bids", "submit_proof", "withdraw_lease", "close_lease")) {
      Seed seed = market.seeds().stream().filter(s -> s.name().equals(name)).findFirst().get();
      lifecycle.writeBytes(step(seed, true, name.equals("withdraw_lease") ? 40 : 1).encode());
    }
    Files.write(blocks.resolve("lease-lifecycle"), lifecycle.toByteArray());
  }

  private static MarketFuzzTest.Step step(Seed seed, boolean newBlock, int gap) {
    return new MarketFuzzTest.Step(
        seed.signer(), newBlock, gap, false, 0, seed.msg().toByteArray());
  }

  private static void write(Path file, int flags, byte[] tx) throws IOException {
    byte[] input = new byte[tx.length + 1];
    input[0] = (byte) flags;
    System.arraycopy(tx, 0, input, 1, tx.length);
    Files.write(file, input);
  }
}
