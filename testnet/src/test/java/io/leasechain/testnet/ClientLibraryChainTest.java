package io.leasechain.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.client.LeasechainClient;
import io.leasechain.client.keys.TestKeyring;
import io.leasechain.client.rpc.BroadcastResult;
import io.leasechain.client.rpc.CometEvents;
import io.leasechain.client.rpc.CometRpcException;
import io.leasechain.client.rpc.EventListener;
import io.leasechain.client.rpc.NewBlockEvent;
import io.leasechain.client.rpc.TxEvent;
import io.leasechain.client.rpc.TxResult;
import io.leasechain.client.tx.Messages;
import io.leasechain.client.tx.TxSigner;
import io.leasechain.client.tx.Wallet;
import io.leasechain.crypto.Address;
import io.leasechain.ledger.tx.proto.Msg;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client library against a real single-validator chain: websocket subscriptions to blocks and
 * txs, a wallet with many txs in flight that recovers from sequences used behind its back, and the
 * examples module's WalletExample run as its README says. The last test stops the node to see a
 * dropped connection reported.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientLibraryChainTest {

  private static final String CHAIN_ID = "leasechain-client-test";
  private static final long INITIAL_BALANCE = 1_000_000_000_000L;
  private static final Duration WAIT = Duration.ofSeconds(60);
  // Accounts: 0 subscriptions, 1 many in flight, 2 sequence recovery, 3 the example's key.
  private final TestWallet keys = new TestWallet(CHAIN_ID, 4, 11);
  private final Binaries binaries = Binaries.fromSystemProperties();
  private LocalNode node;
  private LeasechainClient client;
  private Path temp;

  @BeforeAll
  void startChain(@TempDir Path temp) throws Exception {
    this.temp = temp;
    node = LocalNode.init(binaries, temp.resolve("node"), CHAIN_ID, "node", Duration.ofMillis(200));
    for (Address address : keys.addresses()) {
      node.addGenesisAccount(address, INITIAL_BALANCE);
    }
    node.start();
    node.awaitHeight(2, WAIT);
    client = node.client();
  }

  @AfterAll
  void stopChain() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  /** Collects a subscription's events for the test thread. */
  private static final class Collector implements EventListener {
    final BlockingQueue<NewBlockEvent> blocks = new LinkedBlockingQueue<>();
    final BlockingQueue<TxEvent> txs = new LinkedBlockingQueue<>();
    final BlockingQueue<CometRpcException> closed = new LinkedBlockingQueue<>();

    @Override
    public void onNewBlock(NewBlockEvent block) {
      blocks.add(block);
    }

    @Override
    public void onTx(TxEvent tx) {
      txs.add(tx);
    }

    @Override
    public void onClosed(CometRpcException reason) {
      closed.add(reason);
    }

    <T> T next(BlockingQueue<T> queue) throws InterruptedException {
      T item = queue.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertNotNull(item, "no event within " + WAIT);
      return item;
    }
  }

  @Test
  @Order(1)
  void newBlockSubscriptionDeliversConsecutiveHeights() throws Exception {
    try (CometEvents events = CometEvents.connect(node.rpcUri())) {
      Collector collector = new Collector();
      CometEvents.Subscription subscription = events.subscribe("tm.event='NewBlock'", collector);
      NewBlockEvent first = collector.next(collector.blocks);
      NewBlockEvent second = collector.next(collector.blocks);
      NewBlockEvent third = collector.next(collector.blocks);
      assertEquals(first.height() + 1, second.height());
      assertEquals(second.height() + 1, third.height());
      assertEquals(
          node.rpc().block(second.height()).hash(), second.hash(), "the block's real hash");
      assertTrue(second.time().isAfter(first.time()) || second.time().equals(first.time()));

      subscription.unsubscribe();
      assertTrue(events.subscriptions().isEmpty());
      // Drain what was in flight, then no block follows an unsubscribe.
      long last = node.height();
      node.awaitHeight(last + 2, WAIT);
      collector.blocks.clear();
      node.awaitHeight(node.height() + 2, WAIT);
      assertTrue(collector.blocks.isEmpty(), "no block event after unsubscribe");
      assertTrue(collector.closed.isEmpty(), "an unsubscribe is not reported as closed");
    }
  }

  @Test
  @Order(2)
  void txSubscriptionDeliversTheMatchingTxWithItsOutcome() throws Exception {
    Address watched = new TestWallet(CHAIN_ID, 2, 99).address(0);
    Address other = new TestWallet(CHAIN_ID, 2, 99).address(1);
    Wallet wallet = Wallet.open(client, keys.key(0));
    try (CometEvents events = CometEvents.connect(node.rpcUri())) {
      Collector collector = new Collector();
      events.subscribe(
          "tm.event='Tx' AND transfer.recipient='" + watched.toBech32() + "'", collector);
      Wallet.Submitted ignored = wallet.submit(Messages.send(wallet.address(), other, 7));
      Wallet.Submitted sent = wallet.submit(Messages.send(wallet.address(), watched, 5));

      TxEvent tx = collector.next(collector.txs);
      assertEquals(sent.hash(), tx.hash(), "the query selects the transfer to the watched address");
      assertTrue(tx.isOk(), tx.result().log());
      assertEquals(wallet.awaitCommit(sent, WAIT).height(), tx.height());
      assertTrue(
          tx.result().events().stream()
              .anyMatch(
                  e ->
                      e.type().equals("transfer")
                          && e.attribute("recipient").orElse("").equals(watched.toBech32())),
          "the tx's events come with it");
      assertTrue(wallet.awaitCommit(ignored, WAIT).result().isOk());
      assertTrue(collector.txs.isEmpty(), "the transfer to another address is not delivered");
    }
  }

  @Test
  @Order(3)
  void fiftyTransfersInFlightFromSeveralThreadsAllCommit() throws Exception {
    int transfers = 50;
    long amount = 1_000;
    Wallet wallet = Wallet.open(client, keys.key(1));
    Address recipient = new TestWallet(CHAIN_ID, 1, 98).address(0);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    List<Future<Wallet.Submitted>> submitted = new ArrayList<>();
    try {
      for (int i = 0; i < transfers; i++) {
        submitted.add(
            threads.submit(
                () -> wallet.submit(Messages.send(wallet.address(), recipient, amount))));
      }
      List<Long> sequences = new ArrayList<>();
      List<Wallet.Submitted> txs = new ArrayList<>();
      for (Future<Wallet.Submitted> future : submitted) {
        txs.add(future.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        sequences.add(txs.get(txs.size() - 1).sequence());
      }
      assertEquals(
          transfers, sequences.stream().distinct().count(), "each tx has its own sequence");
      for (Wallet.Submitted tx : txs) {
        TxResult result = wallet.awaitCommit(tx, WAIT);
        assertTrue(result.result().isOk(), result.result().log());
      }
    } finally {
      threads.shutdownNow();
    }
    assertEquals(transfers, client.account(wallet.address()).getSequence());
    assertEquals(
        INITIAL_BALANCE - transfers * (amount + wallet.fee()),
        client.account(wallet.address()).getBalance());
    assertEquals(transfers * amount, client.account(recipient).getBalance());
    assertEquals(transfers, wallet.nextSequence());
  }

  @Test
  @Order(4)
  void walletRecoversFromSequencesUsedBehindItsBack() throws Exception {
    Wallet wallet = Wallet.open(client, keys.key(2));
    Address recipient = new TestWallet(CHAIN_ID, 1, 97).address(0);
    Msg transfer = Messages.send(wallet.address(), recipient, 1);
    // Another amount, so that the other client's txs never equal the wallet's byte for byte.
    Msg elsewhere = Messages.send(wallet.address(), recipient, 2);
    assertTrue(wallet.awaitCommit(wallet.submit(transfer), WAIT).result().isOk());

    // Another client commits sequence 1 with the same key: the wallet still expects 1.
    assertTrue(node.rpc().broadcastTxCommit(signElsewhere(elsewhere, 1, wallet)).isOk());
    Wallet.Submitted afterCommitted = wallet.submit(transfer);
    assertEquals(2, afterCommitted.sequence(), "re-signed with the committed sequence");
    assertTrue(wallet.awaitCommit(afterCommitted, WAIT).result().isOk());

    // Another client's tx with sequence 3 is still in the mempool when the wallet sends.
    BroadcastResult pending = node.rpc().broadcastTxSync(signElsewhere(elsewhere, 3, wallet));
    assertTrue(pending.isOk(), pending.log());
    Wallet.Submitted afterPending = wallet.submit(transfer);
    assertEquals(4, afterPending.sequence(), "re-signed once the other tx committed");
    assertTrue(wallet.awaitCommit(afterPending, WAIT).result().isOk());
    assertEquals(5, client.account(wallet.address()).getSequence());
    assertEquals(1 + 2 + 1 + 2 + 1, client.account(recipient).getBalance());
  }

  /** {@code msg} signed with the wallet's key by another client, at {@code sequence}. */
  private byte[] signElsewhere(Msg msg, long sequence, Wallet wallet) {
    return TxSigner.sign(
        List.of(msg),
        List.of(new TxSigner.SignerAccount(keys.key(2), sequence)),
        new TxSigner.Options(wallet.chainId(), wallet.fee(), TestWallet.GAS_LIMIT, "", 0));
  }

  @Test
  @Order(5)
  void walletExampleRunsAgainstTheChainAsItsReadmeSays() throws Exception {
    Path home = temp.resolve("example-home");
    new TestKeyring(home).importSeed("dev", keys.key(3).seed());
    Path jar = Path.of(System.getProperty("examples.jar")).toAbsolutePath();
    Process example =
        new ProcessBuilder(
                binaries.java().toString(),
                "-jar",
                jar.toString(),
                node.rpcUri().toString(),
                "--home",
                home.toString(),
                "--key",
                "dev",
                "--amount",
                "2.5lease")
            .redirectErrorStream(true)
            .start();
    String output;
    try {
      assertTrue(example.waitFor(WAIT.toSeconds() * 2, TimeUnit.SECONDS), "the example exits");
      output = new String(example.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      example.destroyForcibly();
    }
    assertEquals(0, example.exitValue(), output);
    assertTrue(output.contains("connected to " + CHAIN_ID), output);
    assertTrue(output.contains("account " + keys.address(3).toBech32()), output);
    assertTrue(output.contains("committed at height"), output);
    Matcher sent =
        Pattern.compile("sent 2500000 ulease to (lease1\\w+): tx (\\w+)").matcher(output);
    assertTrue(sent.find(), output);
    assertTrue(output.contains("tx event " + sent.group(2)), output);
    Matcher blocks = Pattern.compile("block (\\d+) ").matcher(output);
    List<Long> heights = new ArrayList<>();
    while (blocks.find()) {
      heights.add(Long.parseLong(blocks.group(1)));
    }
    assertEquals(3, heights.size(), output);
    assertEquals(heights.get(0) + 2, heights.get(2), "consecutive blocks: " + output);
    assertEquals(2_500_000, client.account(Address.fromBech32(sent.group(1))).getBalance(), output);
  }

  @Test
  @Order(6)
  void aDroppedConnectionIsReportedToEveryListener() throws Exception {
    CometEvents events = CometEvents.connect(node.rpcUri());
    Collector blocks = new Collector();
    Collector txs = new Collector();
    events.subscribe("tm.event='NewBlock'", blocks);
    events.subscribe("tm.event='Tx'", txs);
    blocks.next(blocks.blocks);

    node.stop();
    // The node cancels its subscriptions as it exits ("CometBFT exited"), then the socket closes.
    CometRpcException reason = blocks.next(blocks.closed);
    assertTrue(
        reason.getMessage().contains("CometBFT exited") || reason.getMessage().contains("dropped"),
        reason.getMessage());
    assertNotNull(txs.next(txs.closed));
    Deadline.await("the connection to be seen closed", WAIT, () -> !events.isOpen());
    assertNull(blocks.closed.poll(), "each listener is told once");
    assertNull(txs.closed.poll(), "each listener is told once");
    assertTrue(events.subscriptions().isEmpty());
    events.close();
  }
}
