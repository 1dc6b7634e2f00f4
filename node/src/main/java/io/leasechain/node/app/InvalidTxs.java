package io.leasechain.node.app;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.leasechain.client.tx.TxSigner;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hashes;
import io.leasechain.ledger.bank.proto.MsgSend;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.ledger.tx.proto.Tx;
import io.leasechain.ledger.tx.proto.TxParams;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The txs a byzantine proposer slips into its blocks (the {@link Failpoints#BYZANTINE_PROPOSER}
 * failpoint): one of each kind a correct proposer never includes. They are signed by a key nobody
 * funds, except the bad signature, which is a real mempool tx with one signature bit flipped when
 * the mempool offers one.
 */
final class InvalidTxs {

  /** The key of the txs made up here; tests can recognize them by it. */
  static final Ed25519PrivateKey KEY =
      Ed25519PrivateKey.fromSeed(
          Hashes.sha256("leasechain/failpoint/byzantine".getBytes(StandardCharsets.UTF_8)));

  private static final long GAS_LIMIT = 200_000;

  private InvalidTxs() {}

  /**
   * Per mode: a bad signature, a wrong sequence, an oversized tx, or a zero fee and undecodable
   * bytes; different at every height so CometBFT never takes them for a proposal it saw.
   */
  static List<ByteString> forBlock(
      String chainId,
      TxParams params,
      long height,
      List<ByteString> mempool,
      Set<Failpoints.ByzantineMode> modes) {
    long fee = GAS_LIMIT * params.getMinGasPrice() / 1_000_000 + 1;
    List<ByteString> txs = new ArrayList<>();
    if (modes.contains(Failpoints.ByzantineMode.BAD_SIGNATURES)) {
      txs.add(badSignature(mempool, sign(chainId, 0, fee, "", height)));
    }
    if (modes.contains(Failpoints.ByzantineMode.WRONG_SEQUENCES)) {
      txs.add(sign(chainId, height + 1_000, fee, "", height));
    }
    if (modes.contains(Failpoints.ByzantineMode.OVERSIZED)) {
      txs.add(sign(chainId, 0, fee, "x".repeat(Math.toIntExact(params.getMaxTxBytes())), height));
    }
    if (modes.contains(Failpoints.ByzantineMode.MALFORMED)) {
      txs.add(sign(chainId, 0, 0, "", height));
      txs.add(ByteString.copyFrom(new byte[] {(byte) 0xFF, (byte) height, 0x01, 0x02}));
    }
    return txs;
  }

  private static ByteString sign(
      String chainId, long sequence, long fee, String memo, long height) {
    Msg send =
        Msg.newBuilder()
            .setSend(
                MsgSend.newBuilder()
                    .setFrom(KEY.publicKey().address().toBech32())
                    .setTo(KEY.publicKey().address().toBech32())
                    .setAmount(height))
            .build();
    return ByteString.copyFrom(
        TxSigner.sign(
            List.of(send),
            List.of(new TxSigner.SignerAccount(KEY, sequence)),
            new TxSigner.Options(chainId, fee, GAS_LIMIT, memo, 0)));
  }

  // The first mempool tx that parses, else our own, with one bit of its first signature flipped.
  private static ByteString badSignature(List<ByteString> mempool, ByteString own) {
    for (ByteString candidate : mempool) {
      ByteString flipped = flipSignatureBit(candidate);
      if (flipped != null) {
        return flipped;
      }
    }
    return flipSignatureBit(own);
  }

  private static ByteString flipSignatureBit(ByteString bytes) {
    Tx tx;
    try {
      tx = Tx.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
    if (tx.getSignaturesCount() == 0) {
      return null;
    }
    byte[] signature = tx.getSignatures(0).toByteArray();
    signature[signature.length - 1] ^= 1;
    return tx.toBuilder().setSignatures(0, ByteString.copyFrom(signature)).build().toByteString();
  }
}
