package io.leasechain.ledger.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.crypto.Hex;
import io.leasechain.ledger.BlockContext;
import io.leasechain.ledger.Ledger;
import io.leasechain.ledger.TxOutcome;
import io.leasechain.ledger.state.OverlayState;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.testing.FuzzMarket;
import io.leasechain.ledger.tx.SignDocs;
import io.leasechain.ledger.tx.proto.AuthInfo;
import io.leasechain.ledger.tx.proto.SignerInfo;
import io.leasechain.ledger.tx.proto.Tx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fuzz target 1: any bytes as a tx, decoded and put through the ante checks on a populated market,
 * as CheckTx and FinalizeBlock run it. The first input byte can ask for the tx to be re-signed by
 * the test keys it names (so mutated bodies still reach the messages) and for their sequences to be
 * set to what the chain expects, give or take one.
 */
class TxDecodingFuzzTest {

  /** First input byte: re-sign with every known signer's key. */
  static final int RESIGN = 1;

  /** First input byte: set known signers' sequences to the expected one, skewed by bits 2-3. */
  static final int FIX_SEQUENCES = 2;

  private static final FuzzMarket MARKET = FuzzMarket.get();
  private static final Ledger LEDGER = new Ledger();
  private static final Map<String, Ed25519PrivateKey> KEYS = keysByPublicKey();

  private static Map<String, Ed25519PrivateKey> keysByPublicKey() {
    Map<String, Ed25519PrivateKey> keys = new TreeMap<>();
    MARKET.keys().forEach(k -> keys.put(Hex.encode(k.publicKey().bytes()), k));
    return keys;
  }

  @FuzzTest(maxDuration = "15s")
  void anyTxBytesGetACodedOutcomeAndARejectedTxChangesNothing(byte[] input) {
    ReadableState state = MARKET.state();
    byte[] tx = txOf(input, state);
    BlockContext block = MARKET.blockContext(MARKET.height() + 1);

    OverlayState first = new OverlayState(state);
    TxOutcome outcome = LEDGER.deliverTx(first, block, tx);
    OverlayState second = new OverlayState(state);
    assertEquals(outcome, LEDGER.deliverTx(second, block, tx), "same tx, same state: same outcome");
    assertEquals(
        FuzzMarket.fingerprintOf(first.writes()),
        FuzzMarket.fingerprintOf(second.writes()),
        "same tx, same state: same writes");

    assertNull(FuzzMarket.unregisteredCode(outcome));
    assertNull(FuzzMarket.rejectedTxWroteTooMuch(outcome, first.writes(), signers(tx)));
    if (outcome.isOk()) {
      assertEquals(List.of(), MARKET.brokenInvariants(first, block.height()));
    }

    OverlayState mempool = new OverlayState(state);
    TxOutcome checked =
        LEDGER.checkTx(mempool, BlockContext.mempool(MARKET.chainId(), block.height()), tx);
    assertNull(FuzzMarket.unregisteredCode(checked));
    if (!checked.isOk()) {
      assertEquals(List.of(), mempool.writes(), "CheckTx that refuses leaves the mempool view");
    }
  }

  /** The tx the input stands for: its bytes after the first, re-signed if the first asks. */
  static byte[] txOf(byte[] input, ReadableState state) {
    if (input.length == 0) {
      return input;
    }
    int flags = input[0];
    byte[] raw = Arrays.copyOfRange(input, 1, input.length);
    if ((flags & RESIGN) == 0) {
      return raw;
    }
    Tx tx;
    AuthInfo authInfo;
    try {
      tx = Tx.parseFrom(raw);
      authInfo = AuthInfo.parseFrom(tx.getAuthInfo());
    } catch (InvalidProtocolBufferException e) {
      return raw;
    }
    ByteString authBytes = tx.getAuthInfo();
    if ((flags & FIX_SEQUENCES) != 0) {
      long skew = new long[] {0, 1, -1, 0}[(flags >> 2) & 3];
      AuthInfo.Builder fixed = authInfo.toBuilder();
      for (int i = 0; i < fixed.getSignersCount(); i++) {
        Ed25519PrivateKey key =
            KEYS.get(Hex.encode(fixed.getSigners(i).getPublicKey().toByteArray()));
        if (key != null) {
          fixed.setSigners(
              i,
              fixed.getSigners(i).toBuilder().setSequence(FuzzMarket.sequence(state, key) + skew));
        }
      }
      authBytes = fixed.build().toByteString();
    }
    byte[] signDoc = SignDocs.bytes(tx.getBody(), authBytes, MARKET.chainId());
    Tx.Builder signed = tx.toBuilder().setAuthInfo(authBytes).clearSignatures();
    for (int i = 0; i < Math.max(authInfo.getSignersCount(), tx.getSignaturesCount()); i++) {
      Ed25519PrivateKey key =
          i < authInfo.getSignersCount()
              ? KEYS.get(Hex.encode(authInfo.getSigners(i).getPublicKey().toByteArray()))
              : null;
      if (key != null) {
        signed.addSignatures(ByteString.copyFrom(key.sign(signDoc)));
      } else if (i < tx.getSignaturesCount()) {
        signed.addSignatures(tx.getSignatures(i));
      }
    }
    return signed.build().toByteArray();
  }

  /** The addresses of the tx's signers whose keys are well-formed; none if it does not parse. */
  private static List<Address> signers(byte[] tx) {
    List<Address> signers = new ArrayList<>();
    try {
      for (SignerInfo info : AuthInfo.parseFrom(Tx.parseFrom(tx).getAuthInfo()).getSignersList()) {
        try {
          signers.add(Ed25519PublicKey.of(info.getPublicKey().toByteArray()).address());
        } catch (IllegalArgumentException e) {
          // A malformed key signs nothing; the decoder refuses the tx before its fee.
        }
      }
    } catch (InvalidProtocolBufferException e) {
      return List.of();
    }
    return signers;
  }
}
