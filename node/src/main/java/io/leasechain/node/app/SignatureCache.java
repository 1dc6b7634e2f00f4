package io.leasechain.node.app;

import com.google.protobuf.ByteString;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.crypto.Hashes;
import io.leasechain.ledger.tx.SignatureVerifier;
import io.leasechain.ledger.tx.SignedBytes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which signatures verified, so that a tx's signatures are checked once per node: in its
 * first CheckTx, not again in every recheck after a block nor in PrepareProposal, ProcessProposal
 * and FinalizeBlock. An entry is sha256(public key ‖ sha256(signed bytes) ‖ signature), every part
 * of fixed length, the middle one computed once per tx by {@link SignedBytes}; the signed bytes
 * include the chain id, so equal entries mean the same check with the same answer. Only successes
 * are kept (a failure ends the tx's life anyway); the least recently used entry goes first once
 * {@code capacity} is reached. Thread-safe: CheckTx and the consensus calls arrive on different
 * ABCI connections.
 */
public final class SignatureCache implements SignatureVerifier {

  /** Room for the signatures of several full mempools (CometBFT's default size is 5,000 txs). */
  public static final int DEFAULT_CAPACITY = 65_536;

  private final Map<ByteString, Boolean> verified;
  private long verifications;

  public SignatureCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    }
    this.verified =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<ByteString, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  @Override
  public boolean verify(Ed25519PublicKey key, SignedBytes document, byte[] signature) {
    // Every part of the entry has a fixed length (key 32, digest of the signed bytes 32, and the
    // signature last), so no other (key, bytes, signature) can produce the same entry: with the
    // raw bytes unframed, (S ‖ m0, rest) would hit the entry of (S, m0 ‖ rest) and pass unchecked.
    // The digest is the one made once per tx: hashing the bytes here would cost every signer of
    // every recheck the whole document again, hits included.
    if (signature.length != Ed25519PublicKey.SIGNATURE_BYTES) {
      return false;
    }
    ByteString entry =
        ByteString.copyFrom(Hashes.sha256(key.bytes(), document.sha256(), signature));
    synchronized (this) {
      if (verified.get(entry) != null) {
        return true;
      }
    }
    // Verify outside the lock: it is the slow part, and two threads verifying the same signature
    // at once only costs time.
    boolean valid = key.verify(document.bytes(), signature);
    synchronized (this) {
      verifications++;
      if (valid) {
        verified.put(entry, Boolean.TRUE);
      }
    }
    return valid;
  }

  /** How many signatures were verified from scratch (cache misses) since the node started. */
  public synchronized long verifications() {
    return verifications;
  }

  /** How many verified signatures are remembered now. */
  public synchronized int size() {
    return verified.size();
  }
}
