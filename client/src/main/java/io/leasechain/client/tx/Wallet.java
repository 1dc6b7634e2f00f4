package io.leasechain.client.tx;

import io.leasechain.client.LeasechainClient;
import io.leasechain.client.rpc.BroadcastResult;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.CometRpcException;
import io.leasechain.client.rpc.TxResult;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.tx.Gas;
import io.leasechain.ledger.tx.TxError;
import io.leasechain.ledger.tx.proto.Msg;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One account sending many txs without waiting for each to commit: it hands out the account's
 * sequences one after the other, signs and submits with {@code broadcast_tx_sync} (CheckTx only),
 * and leaves waiting for the block to {@link #awaitCommit}. Thread-safe: signing and submitting
 * happen under one lock, so txs reach the mempool in sequence order whatever threads call {@link
 * #submit}, while no caller waits for a block.
 *
 * <p>A tx CheckTx refuses uses no sequence; the wallet throws a {@link TxRejectedException} and the
 * next tx takes the same sequence. When the chain answers {@code tx/8} (wrong sequence: the key was
 * used elsewhere, or a tx of this wallet left the mempool unexecuted), the wallet re-reads the
 * account's committed sequence, waiting a block while txs it cannot see are pending, and signs the
 * tx again with the sequence the chain expects. A tx that left the mempool unexecuted is not sent
 * again: {@link #awaitCommit} on its hash times out.
 */
public final class Wallet {

  // Wrong-sequence answers tolerated for one tx before giving up (each may wait one block).
  private static final int MAX_RESIGNS = 5;
  private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(100);

  private final LeasechainClient client;
  private final Ed25519PrivateKey key;
  private final Address address;
  private final String chainId;
  private final long gasLimit;
  private final long fee;
  private final Object lock = new Object();
  private long next = -1;

  private Wallet(
      LeasechainClient client, Ed25519PrivateKey key, String chainId, long gasLimit, long fee) {
    this.client = client;
    this.key = key;
    this.address = key.publicKey().address();
    this.chainId = chainId;
    this.gasLimit = gasLimit;
    this.fee = fee;
  }

  /**
   * A wallet for {@code key}'s account on the node of {@code client}: the chain id is the node's,
   * the gas limit {@link TxSender#DEFAULT_GAS} and the fee its minimum at the node's gas price.
   */
  public static Wallet open(LeasechainClient client, Ed25519PrivateKey key) {
    return open(
        client,
        key,
        TxSender.DEFAULT_GAS,
        Gas.minimumFee(client.params().getTx(), TxSender.DEFAULT_GAS));
  }

  /** A wallet paying {@code fee} ulease per tx with gas limit {@code gasLimit}. */
  public static Wallet open(
      LeasechainClient client, Ed25519PrivateKey key, long gasLimit, long fee) {
    Objects.requireNonNull(key, "key");
    return new Wallet(client, key, client.rpc().status().network(), gasLimit, fee);
  }

  public Address address() {
    return address;
  }

  public String chainId() {
    return chainId;
  }

  /** The fee in ulease each tx pays. */
  public long fee() {
    return fee;
  }

  /** The sequence the next tx will carry (asks the node the first time). */
  public long nextSequence() {
    synchronized (lock) {
      if (next < 0) {
        next = committedSequence();
      }
      return next;
    }
  }

  /** A tx accepted into the mempool: its hash (upper-case hex) and the sequence it carries. */
  public record Submitted(String hash, long sequence) {}

  /**
   * Signs {@code messages} with the next sequence and submits them; returns once CheckTx has
   * accepted the tx. Throws {@link TxRejectedException} if CheckTx refuses it (nothing is used),
   * and CometRpcException if the node cannot be reached (the tx's fate is then unknown: the next
   * submit finds out and recovers).
   */
  public Submitted submit(List<Msg> messages) {
    synchronized (lock) {
      for (int attempt = 0; ; attempt++) {
        long sequence = nextSequence();
        byte[] tx =
            TxSigner.sign(
                messages,
                List.of(new TxSigner.SignerAccount(key, sequence)),
                new TxSigner.Options(chainId, fee, gasLimit, "", 0));
        BroadcastResult result = client.rpc().broadcastTxSync(tx);
        if (result.isOk()) {
          next = sequence + 1;
          return new Submitted(result.hash(), sequence);
        }
        if (!isWrongSequence(result) || attempt == MAX_RESIGNS) {
          throw new TxRejectedException(result);
        }
        next = recoveredSequence(sequence);
      }
    }
  }

  /** As {@link #submit(List)} for one message. */
  public Submitted submit(Msg message) {
    return submit(List.of(message));
  }

  /** Forgets the local sequence: the next tx asks the node for the account's committed one. */
  public void resync() {
    synchronized (lock) {
      next = -1;
    }
  }

  /**
   * Waits until the tx is in a committed block and returns how it executed (check {@code
   * result().isOk()}); a CometRpcException if it is not committed within {@code timeout}.
   */
  public TxResult awaitCommit(Submitted submitted, Duration timeout) {
    return awaitCommit(client.rpc(), submitted.hash(), timeout);
  }

  /** Waits for the tx of {@code hash} (upper-case hex) to be committed, polling {@code /tx}. */
  public static TxResult awaitCommit(CometRpcClient rpc, String hash, Duration timeout) {
    byte[] raw = HexFormat.of().parseHex(hash);
    long end = System.nanoTime() + timeout.toNanos();
    CometRpcException last;
    do {
      try {
        return rpc.tx(raw);
      } catch (CometRpcException e) {
        // "tx not found" until it is committed and indexed.
        last = e;
      }
      pause();
    } while (System.nanoTime() < end);
    throw new CometRpcException(
        CometRpcException.Kind.TIMEOUT,
        "tx " + hash + " not committed within " + timeout + ": " + last.getMessage(),
        0,
        last);
  }

  private static boolean isWrongSequence(BroadcastResult result) {
    return TxError.CODESPACE.equals(result.codespace())
        && result.code() == TxError.WRONG_SEQUENCE.code();
  }

  /**
   * The sequence to sign with after the mempool refused {@code refused}: the committed sequence
   * once it is past {@code refused} (the key was used elsewhere), or once a block passed without it
   * moving (what the mempool held below {@code refused} is gone).
   */
  private long recoveredSequence(long refused) {
    long end = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
    long committed = committedSequence();
    while (committed <= refused) {
      CometRpcClient rpc = client.rpc();
      long height = rpc.status().latestBlockHeight();
      rpc.waitForHeight(height + 1, Duration.ofNanos(Math.max(1, end - System.nanoTime())));
      long after = committedSequence();
      if (after == committed) {
        return after;
      }
      committed = after;
    }
    return committed;
  }

  private long committedSequence() {
    return client.account(address).getSequence();
  }

  private static void pause() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CometRpcException(
          CometRpcException.Kind.INTERRUPTED, "interrupted waiting for a tx", 0, e);
    }
  }
}
