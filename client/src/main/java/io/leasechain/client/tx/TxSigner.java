package io.leasechain.client.tx;

import com.google.protobuf.ByteString;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.tx.SignDocs;
import io.leasechain.ledger.tx.proto.AuthInfo;
import io.leasechain.ledger.tx.proto.Fee;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.ledger.tx.proto.SignerInfo;
import io.leasechain.ledger.tx.proto.Tx;
import io.leasechain.ledger.tx.proto.TxBody;
import java.util.ArrayList;
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

  public static byte[] sign(List<Msg> messages, List<SignerAccount> signers, Options options) {
    if (signers.isEmpty()) {
      throw new IllegalArgumentException("a transaction needs at least one signer");
    }
    ByteString body =
        TxBody.newBuilder()
            .addAllMessages(messages)
            .setMemo(options.memo())
            .setTimeoutHeight(options.timeoutHeight())
            .build()
            .toByteString();
    AuthInfo.Builder authInfo =
        AuthInfo.newBuilder()
            .setFee(Fee.newBuilder().setAmount(options.fee()).setGasLimit(options.gasLimit()));
    for (SignerAccount signer : signers) {
      authInfo.addSigners(
          SignerInfo.newBuilder()
              .setPublicKey(ByteString.copyFrom(signer.key().publicKey().bytes()))
              .setSequence(signer.sequence()));
    }
    ByteString authInfoBytes = authInfo.build().toByteString();
    byte[] signBytes = SignDocs.bytes(body, authInfoBytes, options.chainId());
    List<ByteString> signatures = new ArrayList<>(signers.size());
    for (SignerAccount signer : signers) {
      signatures.add(ByteString.copyFrom(signer.key().sign(signBytes)));
    }
    return Tx.newBuilder()
        .setBody(body)
        .setAuthInfo(authInfoBytes)
        .addAllSignatures(signatures)
        .build()
        .toByteArray();
  }
}
