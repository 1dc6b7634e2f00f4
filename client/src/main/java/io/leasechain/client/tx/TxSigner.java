package io.leasechain.client.tx;

import com.google.protobuf.ByteString;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.ledger.tx.proto.AuthInfo;
import io.leasechain.ledger.tx.proto.Fee;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.ledger.tx.proto.SignerInfo;
import io.leasechain.ledger.tx.proto.TxBody;
import java.util.List;

/**
 * Builds and signs a transaction entirely offline: given the messages, the fee, the chain id and
 * each signer's key and current sequence, it produces the bytes to broadcast. The first signer pays
 * the fee.
 */
public final class TxSigner {

  private TxSigner() {}

  /** One signer: the key and the sequence its account expects next. */
  public record SignerAccount(Ed25519PrivateKey key, long sequence) {}

  /** What to sign besides the messages. */
  public record Options(String chainId, long fee, long gasLimit, String memo, long timeoutHeight) {

    public static Options of(String chainId, long fee, long gasLimit) {
      return new Options(chainId, fee, gasLimit, "", 0);
    }
  }

  /** A signer that has not signed yet: its public key and the sequence its account expects. */
  public record SignerKey(Ed25519PublicKey publicKey, long sequence) {}

  public static byte[] sign(List<Msg> messages, List<SignerAccount> signers, Options options) {
    PartialTx tx =
        unsigned(
            messages,
            signers.stream()
                .map(signer -> new SignerKey(signer.key().publicKey(), signer.sequence()))
                .toList(),
            options);
    byte[] signBytes = tx.signBytes(options.chainId());
    List<ByteString> signatures =
        signers.stream().map(signer -> ByteString.copyFrom(signer.key().sign(signBytes))).toList();
    return new PartialTx(tx.body(), tx.authInfo(), signatures, options.chainId()).toWire();
  }

  /** The tx for {@code messages} with every signature slot still empty. */
  public static PartialTx unsigned(List<Msg> messages, List<SignerKey> signers, Options options) {
    if (signers.isEmpty()) {
      throw new IllegalArgumentException("a transaction needs at least one signer");
    }
    TxBody body =
        TxBody.newBuilder()
            .addAllMessages(messages)
            .setMemo(options.memo())
            .setTimeoutHeight(options.timeoutHeight())
            .build();
    AuthInfo.Builder authInfo =
        AuthInfo.newBuilder()
            .setFee(Fee.newBuilder().setAmount(options.fee()).setGasLimit(options.gasLimit()));
    for (SignerKey signer : signers) {
      authInfo.addSigners(
          SignerInfo.newBuilder()
              .setPublicKey(ByteString.copyFrom(signer.publicKey().bytes()))
              .setSequence(signer.sequence()));
    }
    return PartialTx.unsigned(body, authInfo.build(), options.chainId());
  }
}
