package io.leasechain.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.client.rpc.AbciQueryResult;
import io.leasechain.ledger.query.QueryError;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a hostile client can send a running node, the real application under a real cometbft:
 * malformed queries over CometBFT's RPC, and raw bytes straight to the ABCI port. The node answers
 * or drops the connection, and the chain keeps making blocks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class NodeHardeningTest {

  private static final String CHAIN_ID = "leasechain-hardening";
  private static final Duration BLOCKS = Duration.ofSeconds(30);
  private static final long MIB = 1 << 20;

  private final Binaries binaries = Binaries.fromSystemProperties();
  private LocalNode node;

  @BeforeAll
  void startChain(@TempDir Path temp) throws Exception {
    node =
        LocalNode.init(
            binaries, temp.resolve("node"), CHAIN_ID, "hardening", Duration.ofMillis(200));
    node.start();
    node.awaitHeight(1, Duration.ofSeconds(60));
  }

  @AfterAll
  void stopChain() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/params?x=%zz", "/params?a=%g0", "/orders?limit=%x1"})
  void aMalformedQueryPathIsRefusedWithACodeAndTheChainGoesOn(String path) {
    long height = node.height();

    AbciQueryResult result = node.rpc().abciQuery(path, new byte[0], 0, false);

    assertEquals(
        QueryError.CODESPACE + "/" + QueryError.INVALID_ARGUMENT.code(),
        result.codespace() + "/" + result.code(),
        result.log());
    assertTrue(result.log().contains("percent-encoding"), result.log());
    node.awaitHeight(height + 3, BLOCKS);
    assertTrue(node.isRunning(), "the node stopped:\n" + node.cometLog());
  }

  @Test
  void aHugeAbciFrameClosesItsConnectionWithoutGrowingTheNode() throws Exception {
    long height = node.height();
    long residentBefore = node.appResidentBytes();
    long sent = 0;
    boolean closed;
    try (Socket socket = new Socket("127.0.0.1", node.abciPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      // 0x7ffffff0 as the uvarint length prefix of one frame, then its first 256 MiB.
      out.write(new byte[] {(byte) 0xf0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07});
      byte[] chunk = new byte[(int) MIB];
      try {
        for (int i = 0; i < 256; i++) {
          out.write(chunk);
          sent += chunk.length;
        }
      } catch (IOException refused) {
        // The node closed the connection: what this test wants.
      }
      try {
        closed = socket.getInputStream().read() == -1;
      } catch (SocketTimeoutException stillOpen) {
        closed = false;
      } catch (IOException reset) {
        closed = true;
      }
    }
    long growth = node.appResidentBytes() - residentBefore;

    assertTrue(closed, "the node kept the connection open after " + sent / MIB + " MiB");
    assertTrue(sent < 64 * MIB, "the node took " + sent / MIB + " MiB of one frame");
    assertTrue(growth < 64 * MIB, "the node grew by " + growth / MIB + " MiB");
    node.awaitHeight(height + 3, BLOCKS);
    assertTrue(node.isRunning(), "the node stopped:\n" + node.appLog());
  }
}
