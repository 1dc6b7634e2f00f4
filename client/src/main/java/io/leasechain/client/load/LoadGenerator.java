package io.leasechain.client.load;

import io.leasechain.client.LeasechainClient;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.TxResult;
import io.leasechain.client.tx.Messages;
import io.leasechain.client.tx.TxSender;
import io.leasechain.client.tx.TxSigner;
import io.leasechain.client.tx.Wallet;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hashes;
import io.leasechain.ledger.tx.Gas;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Prepares a load run: funds the run's accounts (derived from the spec's seed, so a second run with
 * the same seed reuses them and reads their sequences) from a funder key, reads their balances for
 * the funds accounting, and signs the txs in advance with the sequences the chain expects, offered
 * round-robin over the accounts so that one account's consecutive txs are {@code accounts / rate}
 * seconds apart. The kvstore mix needs no funder and signs nothing.
 */
public final class LoadGenerator {

  /** What each transfer moves, in ulease. */
  public static final long TRANSFER_AMOUNT = 1;

  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(60);

  private final LoadSpec spec;
  private final TxSource source;
  private final long slots;
  private final FundsAccounting funds;
  private final long startHeight;

  private LoadGenerator(
      LoadSpec spec, TxSource source, long slots, FundsAccounting funds, long startHeight) {
    this.spec = spec;
    this.source = source;
    this.slots = slots;
    this.funds = funds;
    this.startHeight = startHeight;
  }

  /**
   * Prepares {@code spec}; {@code funder} pays for the accounts (for the market mix it must also be
   * a council member whose approval alone passes, as the devnet's dev key is), and may be null for
   * kvstore.
   */
  public static LoadGenerator prepare(LoadSpec spec, Ed25519PrivateKey funder) {
    CometRpcClient rpc = new CometRpcClient(spec.rpc());
    if (spec.mix() == LoadMix.KVSTORE) {
      return new LoadGenerator(
          spec,
          TxSource.of(kvstoreTxs(spec)),
          spec.txCount(),
          null,
          rpc.status().latestBlockHeight());
    }
    Objects.requireNonNull(funder, "the " + spec.mix() + " mix needs a funder key");
    LeasechainClient client = new LeasechainClient(rpc);
    long fee = Gas.minimumFee(client.params().getTx(), TxSender.DEFAULT_GAS);
    List<Ed25519PrivateKey> keys = accountKeys(funder, spec.seed(), spec.accounts());
    if (spec.mix() == LoadMix.MARKET) {
      MarketStories stories = MarketStories.prepare(spec, client, funder, keys, fee);
      return new LoadGenerator(
          spec, stories, spec.txCount(), stories.funds(), stories.startHeight());
    }
    long perAccount = (spec.txCount() + spec.accounts() - 1) / spec.accounts();
    fund(client, funder, keys, Math.multiplyExact(perAccount, TRANSFER_AMOUNT + fee));
    long height = rpc.committedHeight();
    LeasechainClient atHeight = new LeasechainClient(rpc, height);
    long[] sequences = new long[keys.size()];
    Map<Address, Long> balances = new TreeMap<>();
    for (int i = 0; i < keys.size(); i++) {
      var account = atHeight.account(keys.get(i).publicKey().address());
      sequences[i] = account.getSequence();
      balances.put(keys.get(i).publicKey().address(), account.getBalance());
    }
    String chainId = rpc.status().network();
    List<LoadTx> txs = transfers(keys, sequences, spec.txCount(), chainId, fee);
    return new LoadGenerator(
        spec, TxSource.of(txs), txs.size(), FundsAccounting.startingAt(height, balances), height);
  }

  /** Starts offering in the background. */
  public LoadRun start() {
    LoadRun run = new LoadRun(spec, source, slots, funds, startHeight);
    run.begin();
    return run;
  }

  /**
   * The keys of a run's accounts: {@code count} keys derived from the funder's secret and {@code
   * seed}, so the same funder and seed find the same accounts again.
   */
  public static List<Ed25519PrivateKey> accountKeys(
      Ed25519PrivateKey funder, long seed, int count) {
    return IntStream.range(0, count).mapToObj(i -> derivedKey(funder, seed, "account", i)).toList();
  }

  // The funder's secret is part of the input: from the public label and seed alone anyone could
  // rebuild the keys and take what the funder put in the accounts.
  static Ed25519PrivateKey derivedKey(Ed25519PrivateKey funder, long seed, String role, int index) {
    byte[] label = ("leasechain load " + role).getBytes(StandardCharsets.UTF_8);
    return Ed25519PrivateKey.fromSeed(
        Hashes.sha256(
            label, funder.seed(), ByteBuffer.allocate(12).putLong(seed).putInt(index).array()));
  }

  /**
   * Sends {@code amount} to each key's account from {@code funder}, one tx each without waiting,
   * then waits for all of them; fails if one did not pass.
   */
  static void fund(
      LeasechainClient client,
      Ed25519PrivateKey funder,
      List<Ed25519PrivateKey> keys,
      long amount) {
    Wallet wallet = Wallet.open(client, funder);
    List<Wallet.Submitted> sent = new ArrayList<>();
    for (Ed25519PrivateKey key : keys) {
      sent.add(wallet.submit(Messages.send(wallet.address(), key.publicKey().address(), amount)));
    }
    for (Wallet.Submitted submitted : sent) {
      TxResult result = wallet.awaitCommit(submitted, COMMIT_TIMEOUT);
      if (!result.result().isOk()) {
        throw new IllegalStateException("funding a load account failed: " + result.result().log());
      }
    }
  }

  /** {@code count} transfers, round-robin over the accounts, each to the next account. */
  static List<LoadTx> transfers(
      List<Ed25519PrivateKey> keys, long[] sequences, long count, String chainId, long fee) {
    int n = keys.size();
    long perAccount = (count + n - 1) / n;
    // Signed per account in parallel; each account's txs carry consecutive sequences.
    List<List<LoadTx>> byAccount =
        IntStream.range(0, n)
            .parallel()
            .mapToObj(
                a -> {
                  Ed25519PrivateKey key = keys.get(a);
                  Address to = keys.get((a + 1) % n).publicKey().address();
                  long mine = count / n + (a < count % n ? 1 : 0);
                  List<LoadTx> txs = new ArrayList<>();
                  for (long k = 0; k < mine; k++) {
                    txs.add(
                        LoadTx.of(
                            TxSigner.sign(
                                List.of(
                                    Messages.send(key.publicKey().address(), to, TRANSFER_AMOUNT)),
                                List.of(new TxSigner.SignerAccount(key, sequences[a] + k)),
                                TxSigner.Options.of(chainId, fee, TxSender.DEFAULT_GAS)),
                            a));
                  }
                  return txs;
                })
            .toList();
    List<LoadTx> ordered = new ArrayList<>();
    for (long k = 0; k < perAccount; k++) {
      for (List<LoadTx> txs : byAccount) {
        if (k < txs.size()) {
          ordered.add(txs.get((int) k));
        }
      }
    }
    return ordered;
  }

  /**
   * Same-size {@code key=value} txs: the length of a signed transfer, so both apps carry the same
   * bytes per tx; keys carry the seed so that runs with different seeds never repeat a tx.
   */
  static List<LoadTx> kvstoreTxs(LoadSpec spec) {
    int size = transferSize();
    List<LoadTx> txs = new ArrayList<>();
    for (long i = 0; i < spec.txCount(); i++) {
      StringBuilder tx =
          new StringBuilder("load-").append(spec.seed()).append('-').append(i).append('=');
      while (tx.length() < size) {
        tx.append('v');
      }
      txs.add(LoadTx.of(tx.toString().getBytes(StandardCharsets.US_ASCII), -1));
    }
    return txs;
  }

  /** The size of a typical signed transfer (a few-digit sequence, a fee of four digits). */
  static int transferSize() {
    List<Ed25519PrivateKey> two = accountKeys(Ed25519PrivateKey.fromSeed(new byte[32]), 0, 2);
    return TxSigner.sign(
            List.of(
                Messages.send(
                    two.get(0).publicKey().address(), two.get(1).publicKey().address(), 1)),
            List.of(new TxSigner.SignerAccount(two.get(0), 1_000)),
            TxSigner.Options.of("load", 2_000, TxSender.DEFAULT_GAS))
        .length;
  }
}
