package io.leasechain.ledger.testing;

import com.google.protobuf.ByteString;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.bank.proto.MsgSend;
import io.leasechain.ledger.tx.SignDocs;
import io.leasechain.ledger.tx.proto.AuthInfo;
import io.leasechain.ledger.tx.proto.Fee;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.ledger.tx.proto.SignerInfo;
import io.leasechain.ledger.tx.proto.Tx;
import io.leasechain.ledger.tx.proto.TxBody;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Builds and signs a tx exactly as a wallet does: serialize TxBody and AuthInfo once, sign
 * SignDoc{body, auth_info, chain_id} with each signer's key, put those exact bytes in Tx. Hooks let
 * a test tamper with any layer to produce a specific rejection.
 */
public final class TxBuilder {

  private final TestChain chain;
  private final List<Msg> messages = new ArrayList<>();
  private final List<Ed25519PrivateKey> signerKeys = new ArrayList<>();
  private final List<Long> sequences = new ArrayList<>();
  private String memo = "";
  private long timeoutHeight;
  private long fee = TestChain.DEFAULT_FEE;
  private long gasLimit = TestChain.DEFAULT_GAS_LIMIT;
  private String chainId;
  private UnaryOperator<TxBody> bodyHook = UnaryOperator.identity();
  private UnaryOperator<ByteString> bodyBytesHook = UnaryOperator.identity();
  private UnaryOperator<AuthInfo> authInfoHook = UnaryOperator.identity();
  private UnaryOperator<Tx> txHook = UnaryOperator.identity();

  TxBuilder(TestChain chain) {
    this.chain = chain;
    this.chainId = chain.chainId();
  }

  public static Msg sendMsg(String from, String to, long amount) {
    return Msg.newBuilder()
        .setSend(MsgSend.newBuilder().setFrom(from).setTo(to).setAmount(amount))
        .build();
  }

  public TxBuilder send(Address from, Address to, long amount) {
    return msg(sendMsg(from.toBech32(), to.toBech32(), amount));
  }

  public TxBuilder send(String from, String to, long amount) {
    return msg(sendMsg(from, to, amount));
  }

  public TxBuilder msg(Msg msg) {
    messages.add(msg);
    return this;
  }

  public TxBuilder memo(String memo) {
    this.memo = memo;
    return this;
  }

  public TxBuilder timeoutHeight(long timeoutHeight) {
    this.timeoutHeight = timeoutHeight;
    return this;
  }

  public TxBuilder fee(long fee) {
    this.fee = fee;
    return this;
  }

  public TxBuilder gasLimit(long gasLimit) {
    this.gasLimit = gasLimit;
    return this;
  }

  /** Signs with the chain id a (possibly confused) wallet believes in. */
  public TxBuilder chainId(String chainId) {
    this.chainId = chainId;
    return this;
  }

  /** Adds a signer whose sequence is read from the chain's mempool view when building. */
  public TxBuilder signer(Ed25519PrivateKey key) {
    signerKeys.add(key);
    sequences.add(null);
    return this;
  }

  public TxBuilder signer(Ed25519PrivateKey key, long sequence) {
    signerKeys.add(key);
    sequences.add(sequence);
    return this;
  }

  /** Rewrites the body before it is serialized and signed. */
  public TxBuilder mapBody(UnaryOperator<TxBody> hook) {
    this.bodyHook = hook;
    return this;
  }

  /** Replaces the serialized body bytes (before signing), e.g. with truncated bytes. */
  public TxBuilder mapBodyBytes(UnaryOperator<ByteString> hook) {
    this.bodyBytesHook = hook;
    return this;
  }

  /** Rewrites AuthInfo before it is serialized and signed. */
  public TxBuilder mapAuthInfo(UnaryOperator<AuthInfo> hook) {
    this.authInfoHook = hook;
    return this;
  }

  /** Rewrites the finished, signed Tx (signatures no longer match what is changed). */
  public TxBuilder mapTx(UnaryOperator<Tx> hook) {
    this.txHook = hook;
    return this;
  }

  public Tx buildTx() {
    TxBody body =
        bodyHook.apply(
            TxBody.newBuilder()
                .addAllMessages(messages)
                .setMemo(memo)
                .setTimeoutHeight(timeoutHeight)
                .build());
    AuthInfo.Builder authInfo =
        AuthInfo.newBuilder().setFee(Fee.newBuilder().setAmount(fee).setGasLimit(gasLimit));
    for (int i = 0; i < signerKeys.size(); i++) {
      Ed25519PrivateKey key = signerKeys.get(i);
      Long sequence = sequences.get(i);
      long seq = sequence != null ? sequence : chain.nextSequence(key.publicKey().address());
      authInfo.addSigners(
          SignerInfo.newBuilder()
              .setPublicKey(ByteString.copyFrom(key.publicKey().bytes()))
              .setSequence(seq));
    }
    ByteString bodyBytes = bodyBytesHook.apply(body.toByteString());
    ByteString authInfoBytes = authInfoHook.apply(authInfo.build()).toByteString();
    byte[] signDoc = SignDocs.bytes(bodyBytes, authInfoBytes, chainId);
    Tx.Builder tx = Tx.newBuilder().setBody(bodyBytes).setAuthInfo(authInfoBytes);
    for (Ed25519PrivateKey key : signerKeys) {
      tx.addSignatures(ByteString.copyFrom(key.sign(signDoc)));
    }
    return txHook.apply(tx.build());
  }

  public byte[] build() {
    return buildTx().toByteArray();
  }
}
