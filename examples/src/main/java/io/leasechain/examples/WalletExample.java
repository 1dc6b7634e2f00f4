package io.leasechain.examples;

import io.leasechain.client.Amounts;
import io.leasechain.client.LeasechainClient;
import io.leasechain.client.keys.TestKeyring;
import io.leasechain.client.rpc.CometEvents;
import io.leasechain.client.rpc.CometRpcException;
import io.leasechain.client.rpc.EventListener;
import io.leasechain.client.rpc.NewBlockEvent;
import io.leasechain.client.rpc.Status;
import io.leasechain.client.rpc.TxEvent;
import io.leasechain.client.rpc.TxResult;
import io.leasechain.client.tx.Messages;
import io.leasechain.client.tx.Wallet;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.bank.proto.Account;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A wallet in a page: connects to a node, loads a key from a test keyring, prints its account,
 * sends a transfer, watches it arrive through a tx subscription, then follows a few new blocks and
 * exits. Usage: {@code java -jar leasechain-examples.jar [RPC_URL] [--home DIR] [--key NAME] [--to
 * ADDRESS] [--amount AMOUNT] [--blocks N]}.
 */
public final class WalletExample {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private WalletExample() {}

  public static void main(String[] args) {
    try {
      run(args, System.out);
    } catch (IllegalArgumentException | IllegalStateException | CometRpcException e) {
      System.err.println("Error: " + e.getMessage());
      System.exit(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.exit(1);
    }
  }

  /** Runs the example with {@code args}, printing to {@code out}. */
  static void run(String[] args, PrintStream out) throws InterruptedException {
    Options options = Options.parse(args);

    // Queries: the node's status and the account, as typed records and protobuf messages.
    LeasechainClient client = LeasechainClient.connect(options.rpcUrl);
    Status status = client.rpc().status();
    out.printf(
        "connected to %s at %s (height %d)%n",
        status.network(), options.rpcUrl, status.latestBlockHeight());
    Ed25519PrivateKey key = new TestKeyring(options.home).privateKey(options.key);
    Account account = client.account(key.publicKey().address());
    out.printf(
        "account %s: balance %d ulease, sequence %d%n",
        account.getAddress(), account.getBalance(), account.getSequence());

    try (CometEvents events = CometEvents.connect(options.rpcUrl)) {
      // Subscriptions: blocks, and txs paying the recipient (events are queued for this thread).
      BlockingQueue<NewBlockEvent> blocks = new LinkedBlockingQueue<>();
      BlockingQueue<TxEvent> payments = new LinkedBlockingQueue<>();
      EventListener listener =
          new EventListener() {
            @Override
            public void onNewBlock(NewBlockEvent block) {
              blocks.add(block);
            }

            @Override
            public void onTx(TxEvent tx) {
              payments.add(tx);
            }
          };
      events.subscribe(
          "tm.event='Tx' AND transfer.recipient='" + options.to.toBech32() + "'", listener);

      // A transfer: built by Messages, signed and submitted by the Wallet, which keeps sequences.
      Wallet wallet = Wallet.open(client, key);
      Wallet.Submitted sent =
          wallet.submit(Messages.send(wallet.address(), options.to, options.amount));
      out.printf(
          "sent %d ulease to %s: tx %s (sequence %d, fee %d ulease)%n",
          options.amount, options.to, sent.hash(), sent.sequence(), wallet.fee());
      TxResult committed = wallet.awaitCommit(sent, WAIT);
      out.printf(
          "committed at height %d (code %d)%n", committed.height(), committed.result().code());
      TxEvent payment = payments.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      if (payment == null) {
        throw new IllegalStateException("no tx event for the transfer within " + WAIT);
      }
      out.printf("tx event %s at height %d%n", payment.hash(), payment.height());

      events.subscribe("tm.event='NewBlock'", listener);
      for (int i = 0; i < options.blocks; i++) {
        NewBlockEvent block = blocks.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (block == null) {
          throw new IllegalStateException("no new block within " + WAIT);
        }
        out.printf(
            "block %d %s at %s, %d txs%n",
            block.height(), block.hash(), block.time(), block.block().txs().size());
      }
    }
    out.printf(
        "recipient %s now holds %d ulease%n", options.to, client.account(options.to).getBalance());
  }

  private record Options(URI rpcUrl, Path home, String key, Address to, long amount, int blocks) {

    static Options parse(String[] args) {
      URI rpcUrl = URI.create("http://127.0.0.1:26657");
      Path home = Path.of(System.getProperty("user.home"), ".leasechain");
      String key = "dev";
      Address to = null;
      long amount = 1_000_000;
      int blocks = 3;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (!arg.startsWith("--")) {
          rpcUrl = URI.create(arg);
          continue;
        }
        if (i + 1 == args.length) {
          throw new IllegalArgumentException(arg + " needs a value");
        }
        String value = args[++i];
        switch (arg) {
          case "--home" -> home = Path.of(value);
          case "--key" -> key = value;
          case "--to" -> to = Address.fromBech32(value);
          case "--amount" -> amount = Amounts.parseUlease(value);
          case "--blocks" -> blocks = Integer.parseInt(value);
          default ->
              throw new IllegalArgumentException(
                  "unknown option " + arg + " (known: --home, --key, --to, --amount, --blocks)");
        }
      }
      if (to == null) {
        // A fresh account, so the balance printed at the end is exactly the amount sent.
        to = Ed25519PrivateKey.generate(new SecureRandom()).publicKey().address();
      }
      return new Options(rpcUrl, home, key, to, amount, blocks);
    }
  }
}
