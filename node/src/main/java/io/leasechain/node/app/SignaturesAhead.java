package io.leasechain.node.app;

import com.google.protobuf.ByteString;
import io.leasechain.crypto.Hashes;
import io.leasechain.ledger.Ledger;
import io.leasechain.ledger.tx.proto.TxParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies txs' signatures ahead of the sequential checks that need them, so that those find the
 * answers in the {@link SignatureCache}: a new CheckTx's before it waits for the lock that orders
 * it with consensus calls (so it overlaps a FinalizeBlock on the other core), and a block's or
 * proposal's not yet verified txs in parallel on a fixed pool. Nothing here decides anything: a tx
 * whose signatures fail here is judged again by the ledger, in tx order, and refused there.
 * Remembers the txs whose signatures all verified by sha256 of their bytes (equal entries mean
 * equal bytes), so a block of txs already seen in CheckTx costs one hash each. A block's
 * verification ahead stops at the first tx that fails: a correct proposer's blocks have none, and a
 * byzantine proposer's block of bad signatures (which nobody can remember, as failures are not
 * kept) would otherwise cost every validator one verification per tx at every proposal, where the
 * ledger refuses it at its first.
 */
final class SignaturesAhead {

  /** Room for several full mempools of CometBFT's default size (5,000 txs). */
  static final int DEFAULT_CAPACITY = 65_536;

  private static final Logger LOG = LoggerFactory.getLogger(SignaturesAhead.class);

  // Below this many unverified txs one thread does them: handing off costs more than it saves.
  private static final int PARALLEL_THRESHOLD = 16;

  private final Ledger ledger;
  private final int threads = Runtime.getRuntime().availableProcessors();
  private final ExecutorService pool =
      Executors.newFixedThreadPool(
          threads,
          task -> {
            Thread thread = new Thread(task, "signatures-ahead");
            thread.setDaemon(true);
            return thread;
          });
  private final Map<ByteString, Boolean> verifiedTxs;

  SignaturesAhead(Ledger ledger, int capacity) {
    this.ledger = ledger;
    this.verifiedTxs =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<ByteString, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Verifies {@code tx}'s signatures on the calling thread unless they are known to verify. */
  void verify(String chainId, TxParams params, byte[] tx) {
    ByteString hash = hash(tx);
    if (!known(hash)) {
      verify(chainId, params, tx, hash);
    }
  }

  /** Verifies the signatures of every tx not known to verify, in parallel, and returns after. */
  void verifyAll(String chainId, TxParams params, List<byte[]> txs) {
    List<byte[]> unknown = new ArrayList<>();
    List<ByteString> hashes = new ArrayList<>();
    for (byte[] tx : txs) {
      ByteString hash = hash(tx);
      if (!known(hash)) {
        unknown.add(tx);
        hashes.add(hash);
      }
    }
    if (unknown.size() < PARALLEL_THRESHOLD) {
      for (int i = 0; i < unknown.size(); i++) {
        if (!verify(chainId, params, unknown.get(i), hashes.get(i))) {
          return;
        }
      }
      return;
    }
    AtomicBoolean failed = new AtomicBoolean();
    List<Callable<Void>> slices = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      slices.add(
          () -> {
            for (int i = first; i < unknown.size() && !failed.get(); i += threads) {
              if (!verify(chainId, params, unknown.get(i), hashes.get(i))) {
                failed.set(true);
              }
            }
            return null;
          });
    }
    try {
      for (Future<Void> slice : pool.invokeAll(slices)) {
        slice.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // Only a bug gets here; the sequential checks meet the same tx and answer for it.
      LOG.warn("verifying signatures ahead failed; the ledger checks them in order", e);
    }
  }

  private boolean verify(String chainId, TxParams params, byte[] tx, ByteString hash) {
    try {
      if (!ledger.signaturesVerify(params, chainId, tx)) {
        return false;
      }
    } catch (RuntimeException e) {
      // Only a bug gets here. A throw would fail the consensus call and stop CometBFT; this only
      // fills a cache, and the ledger, meeting the tx in order, answers for it.
      LOG.warn("verifying a tx's signatures ahead failed; the ledger checks them in order", e);
      return false;
    }
    synchronized (verifiedTxs) {
      verifiedTxs.put(hash, Boolean.TRUE);
    }
    return true;
  }

  private boolean known(ByteString hash) {
    synchronized (verifiedTxs) {
      return verifiedTxs.get(hash) != null;
    }
  }

  private static ByteString hash(byte[] tx) {
    return ByteString.copyFrom(Hashes.sha256(tx));
  }
}
