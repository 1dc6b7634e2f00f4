package io.leasechain.node.abci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.leasechain.node.abci.proto.ExecTxResult;
import io.leasechain.node.abci.proto.RequestCheckTx;
import io.leasechain.node.abci.proto.RequestCommit;
import io.leasechain.node.abci.proto.RequestFinalizeBlock;
import io.leasechain.node.abci.proto.RequestInfo;
import io.leasechain.node.abci.proto.RequestInitChain;
import io.leasechain.node.abci.proto.RequestPrepareProposal;
import io.leasechain.node.abci.proto.RequestProcessProposal;
import io.leasechain.node.abci.proto.RequestQuery;
import io.leasechain.node.abci.proto.ResponseCheckTx;
import io.leasechain.node.abci.proto.ResponseCommit;
import io.leasechain.node.abci.proto.ResponseFinalizeBlock;
import io.leasechain.node.abci.proto.ResponseInfo;
import io.leasechain.node.abci.proto.ResponseInitChain;
import io.leasechain.node.abci.proto.ResponsePrepareProposal;
import io.leasechain.node.abci.proto.ResponseProcessProposal;
import io.leasechain.node.abci.proto.ResponseQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs a real single-validator CometBFT node against {@link AbciServer}. */
@Timeout(180)
class CometBftIntegrationTest {

  private static final String LOOPBACK = "127.0.0.1";
  private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(90);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();

  private Path workDir;
  private AbciServer server;
  private Process cometbft;
  private Path cometbftLog;

  @AfterEach
  void tearDown() throws Exception {
    try {
      if (cometbft != null) {
        cometbft.destroyForcibly();
        cometbft.waitFor(30, TimeUnit.SECONDS);
      }
    } finally {
      try {
        if (server != null) {
          server.close();
        }
      } finally {
        if (workDir != null) {
          deleteRecursively(workDir);
        }
      }
    }
  }

  @Test
  void producesBlocksAndCommitsATransaction() throws Exception {
    CounterApplication app = new CounterApplication();
    server = AbciServer.start(LOOPBACK, 0, app);
    URI rpc = startCometbft(List.of());
    awaitHeight(rpc, 3);

    byte[] tx = "leasechain-tx-1".getBytes(StandardCharsets.UTF_8);
    JsonNode result =
        get(rpc.resolve("/broadcast_tx_commit?tx=0x" + HexFormat.of().formatHex(tx)))
            .path("result");
    assertEquals(0, result.path("check_tx").path("code").asInt(0), result::toString);
    assertEquals(0, result.path("tx_result").path("code").asInt(0), result::toString);
    assertTrue(result.path("height").asLong() > 0, result::toString);
    assertTrue(
        app.finalizedTxs.contains(ByteString.copyFrom(tx)), "FinalizeBlock never saw the tx");

    JsonNode info = get(rpc.resolve("/abci_info")).path("result").path("response");
    assertEquals("counter", info.path("data").asText(), info::toString);
    assertTrue(
        info.path("last_block_height").asLong() >= result.path("height").asLong(), info::toString);
  }

  @Test
  void cometbftDrivesTheAppOverAUnixSocketGivenAsProxyApp() throws Exception {
    CounterApplication app = new CounterApplication();
    workDir = Files.createTempDirectory("leasechain-cometbft-");
    // A cap of exactly the four connections CometBFT opens: none of them may be refused.
    server =
        AbciServer.start(
            AbciAddress.unix(workDir.resolve("app.sock")),
            app,
            AbciServer.DEFAULT_MAX_FRAME_BYTES,
            4);
    // As `leasechain start` runs it: proxy_app on the command line, overriding config.toml.
    URI rpc = startCometbft(List.of("--proxy_app", server.address().toString()));
    awaitHeight(rpc, 3);

    JsonNode info = get(rpc.resolve("/abci_info")).path("result").path("response");
    assertEquals("counter", info.path("data").asText(), info::toString);
    assertTrue(info.path("last_block_height").asLong() >= 2, info::toString);
  }

  /**
   * Inits a home and starts cometbft with {@code extraArguments}; without any, config.toml's
   * proxy_app points at {@link #server}. Returns the RPC address.
   */
  private URI startCometbft(List<String> extraArguments) throws Exception {
    Path binary =
        Path.of(System.getProperty("cometbft.bin", "../.tools/bin/cometbft")).toAbsolutePath();
    assumeTrue(Files.isExecutable(binary), "no cometbft binary at " + binary);
    if (workDir == null) {
      workDir = Files.createTempDirectory("leasechain-cometbft-");
    }
    Path home = workDir.resolve("home");
    cometbftLog = workDir.resolve("cometbft.log");

    Process init =
        new ProcessBuilder(binary.toString(), "init", "--home", home.toString())
            .redirectErrorStream(true)
            .redirectOutput(cometbftLog.toFile())
            .start();
    assertTrue(init.waitFor(60, TimeUnit.SECONDS), "cometbft init timed out");
    assertEquals(0, init.exitValue(), this::logTail);

    int rpcPort = freePort();
    int p2pPort = freePort();
    Path config = home.resolve("config/config.toml");
    List<String> lines = Files.readAllLines(config);
    if (extraArguments.isEmpty()) {
      setToml(lines, "", "proxy_app", quoted(server.address().toString()));
    }
    setToml(lines, "rpc", "laddr", quoted("tcp://" + LOOPBACK + ":" + rpcPort));
    setToml(lines, "p2p", "laddr", quoted("tcp://" + LOOPBACK + ":" + p2pPort));
    setToml(lines, "consensus", "timeout_commit", quoted("100ms"));
    Files.write(config, lines);

    List<String> command =
        new ArrayList<>(List.of(binary.toString(), "start", "--home", home.toString()));
    command.addAll(extraArguments);
    cometbft =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(cometbftLog.toFile()))
            .start();
    return URI.create("http://" + LOOPBACK + ":" + rpcPort);
  }

  private void awaitHeight(URI rpc, long height) throws InterruptedException {
    long deadline = System.nanoTime() + STARTUP_DEADLINE.toNanos();
    while (true) {
      if (!cometbft.isAlive()) {
        fail("cometbft exited with " + cometbft.exitValue() + "\n" + logTail());
      }
      try {
        JsonNode status = get(rpc.resolve("/status"));
        if (status.path("result").path("sync_info").path("latest_block_height").asLong()
            >= height) {
          return;
        }
      } catch (IOException e) {
        // The RPC server is not listening yet.
      }
      if (System.nanoTime() > deadline) {
        fail("no block " + height + " within " + STARTUP_DEADLINE + "\n" + logTail());
      }
      Thread.sleep(100);
    }
  }

  private JsonNode get(URI uri) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response::body);
    return json.readTree(response.body());
  }

  /** Sets {@code key} inside {@code [section]} ("" for the top level) of a TOML file's lines. */
  private static void setToml(List<String> lines, String section, String key, String value) {
    Pattern keyLine = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*=");
    Pattern sectionLine = Pattern.compile("^\\s*\\[([^\\]]+)]\\s*$");
    String current = "";
    for (int i = 0; i < lines.size(); i++) {
      Matcher header = sectionLine.matcher(lines.get(i));
      if (header.matches()) {
        current = header.group(1).trim();
      } else if (current.equals(section) && keyLine.matcher(lines.get(i)).find()) {
        lines.set(i, key + " = " + value);
        return;
      }
    }
    fail("config.toml has no " + key + " in [" + section + "]");
  }

  private static String quoted(String value) {
    return "\"" + value + "\"";
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      return socket.getLocalPort();
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(cometbftLog);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no cometbft log: " + e + ")";
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.delete(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  /** Counts committed transactions; its app hash is that count as 8 big-endian bytes. */
  private static final class CounterApplication implements AbciApplication {

    final Set<ByteString> finalizedTxs = ConcurrentHashMap.newKeySet();
    private long committedTxs;
    private long committedHeight;
    private long pendingTxs;
    private long pendingHeight;

    @Override
    public ResponseInfo info(RequestInfo request) {
      ResponseInfo.Builder info =
          ResponseInfo.newBuilder().setData("counter").setLastBlockHeight(committedHeight);
      if (committedHeight > 0) {
        info.setLastBlockAppHash(appHash(committedTxs));
      }
      return info.build();
    }

    @Override
    public ResponseInitChain initChain(RequestInitChain request) {
      return ResponseInitChain.getDefaultInstance();
    }

    @Override
    public ResponseQuery query(RequestQuery request) {
      return ResponseQuery.newBuilder()
          .setValue(appHash(committedTxs))
          .setHeight(committedHeight)
          .build();
    }

    @Override
    public ResponseCheckTx checkTx(RequestCheckTx request) {
      return ResponseCheckTx.getDefaultInstance();
    }

    @Override
    public ResponsePrepareProposal prepareProposal(RequestPrepareProposal request) {
      List<ByteString> txs = new ArrayList<>();
      long bytes = 0;
      for (ByteString tx : request.getTxsList()) {
        bytes += tx.size();
        if (bytes > request.getMaxTxBytes()) {
          break;
        }
        txs.add(tx);
      }
      return ResponsePrepareProposal.newBuilder().addAllTxs(txs).build();
    }

    @Override
    public ResponseProcessProposal processProposal(RequestProcessProposal request) {
      return ResponseProcessProposal.newBuilder()
          .setStatus(ResponseProcessProposal.ProposalStatus.ACCEPT)
          .build();
    }

    @Override
    public ResponseFinalizeBlock finalizeBlock(RequestFinalizeBlock request) {
      finalizedTxs.addAll(request.getTxsList());
      pendingTxs = committedTxs + request.getTxsCount();
      pendingHeight = request.getHeight();
      ResponseFinalizeBlock.Builder response =
          ResponseFinalizeBlock.newBuilder().setAppHash(appHash(pendingTxs));
      request.getTxsList().forEach(tx -> response.addTxResults(ExecTxResult.getDefaultInstance()));
      return response.build();
    }

    @Override
    public ResponseCommit commit(RequestCommit request) {
      committedTxs = pendingTxs;
      committedHeight = pendingHeight;
      return ResponseCommit.getDefaultInstance();
    }

    private static ByteString appHash(long count) {
      return ByteString.copyFrom(ByteBuffer.allocate(Long.BYTES).putLong(count).array());
    }
  }
}
