package io.leasechain.node.abci;

import static io.leasechain.ledger.testing.MarketFixture.addressOf;

import com.google.protobuf.ByteString;
import io.leasechain.ledger.testing.FuzzMarket;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.node.abci.proto.Request;
import io.leasechain.node.abci.proto.RequestFinalizeBlock;
import io.leasechain.node.abci.proto.RequestInitChain;
import io.leasechain.node.abci.proto.RequestQuery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the seed corpora of the node's fuzz targets (ABCI byte streams, query paths and gateway
 * URIs on {@link FuzzMarket}) into src/test/resources; run it again when the market or an input
 * format changes: {@code mvn -o -pl node -am test -Dtest=NodeSeedCorpus -Dfuzz.seeds.write=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class NodeSeedCorpus {

  private static final Path RESOURCES = Path.of("src/test/resources/io/leasechain/node");

  @Test
  @EnabledIfSystemProperty(named = "fuzz.seeds.write", matches = "true")
  void write() throws IOException {
    writeStreams();
    writePaths();
  }

  private static void writeStreams() throws IOException {
    Path dir =
        Files.createDirectories(
            RESOURCES.resolve(
                "abci/AbciFrameFuzzTestInputs/anyByteStreamIsAnsweredFrameByFrameOrClosed"));
    Request query =
        Request.newBuilder().setQuery(RequestQuery.newBuilder().setPath("/params")).build();
    Request initChain =
        Request.newBuilder().setInitChain(RequestInitChain.newBuilder().setChainId("c")).build();
    Request finalizeBlock =
        Request.newBuilder()
            .setFinalizeBlock(
                RequestFinalizeBlock.newBuilder()
                    .setHeight(1)
                    .addTxs(ByteString.copyFromUtf8("tx")))
            .build();
    write(
        dir,
        "echo-info-flush",
        0,
        AbciMessages.delimited(AbciMessages.echo("a"), AbciMessages.info(), AbciMessages.flush()));
    write(
        dir,
        "failing-check-tx",
        3,
        AbciMessages.delimited(AbciMessages.checkTx(StubApplication.BOOM), AbciMessages.echo("b")));
    write(
        dir,
        "calls",
        7,
        AbciMessages.delimited(query, initChain, finalizeBlock, AbciMessages.flush()));
    write(dir, "empty-frame", 0, new byte[] {0, 0});
    write(dir, "not-a-request", 1, new byte[] {3, (byte) 0xff, (byte) 0xff, (byte) 0xff});
    write(dir, "too-long", 0, new byte[] {(byte) 0xff, (byte) 0xff, 0x03, 1, 2});
    write(dir, "truncated", 2, new byte[] {10, 1, 2});
  }

  private static void writePaths() throws IOException {
    Path dir =
        Files.createDirectories(
            RESOURCES.resolve("gateway/QueryPathFuzzTestInputs/everyPathAndUriGetsACodedAnswer"));
    FuzzMarket market = FuzzMarket.get();
    String tenant = addressOf(market.keys().get(MarketFixture.TENANT)).toBech32();
    String provider = addressOf(market.keys().get(MarketFixture.FIRST_PROVIDER)).toBech32();
    String auditor = addressOf(market.keys().get(MarketFixture.AUDITOR)).toBech32();
    List<String> paths =
        List.of(
            "/params",
            "/supply",
            "/council",
            "/proposal/2",
            "/proposals",
            "/account/" + tenant,
            "/provider/" + provider,
            "/providers?limit=2",
            "/auditor/" + auditor,
            "/auditors",
            "/order/1",
            "/orders?state=open&limit=1&after=1",
            "/bid/1/1",
            "/bids?order=2",
            "/lease/1",
            "/leases?provider=" + provider,
            "/escrow/1",
            "/proof/1",
            "/proofs?lease=1",
            "/dispute/1",
            "/validators",
            "/emission",
            "/app_hash/1",
            "/store/01",
            "/v1/params",
            "/v1/account/" + tenant + "?height=1",
            "/v1/orders?limit=2&state=open",
            "/v1/bid/1/1",
            "/v1/status",
            "/v1/blocks?limit=2",
            "/v1/blocks/latest",
            "/v1/txs?query=tx.height%3D1",
            "/openapi.json",
            "/explorer/",
            "/v1/leases?limit=%zz");
    for (int i = 0; i < paths.size(); i++) {
      // Every fourth one proves, every third one asks at height 1 rather than the latest.
      int flags = (i % 4 == 1 ? 1 : 0) | (i % 3 == 2 ? 2 : 0);
      write(
          dir, String.format("path-%02d", i), flags, paths.get(i).getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void write(Path dir, String name, int first, byte[] rest) throws IOException {
    byte[] input = new byte[rest.length + 1];
    input[0] = (byte) first;
    System.arraycopy(rest, 0, input, 1, rest.length);
    Files.write(dir.resolve(name), input);
  }
}
