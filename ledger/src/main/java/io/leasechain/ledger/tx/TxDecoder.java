package io.leasechain.ledger.tx;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.tx.MsgRouter.BoundMsg;
import io.leasechain.ledger.tx.proto.AuthInfo;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.ledger.tx.proto.SignerInfo;
import io.leasechain.ledger.tx.proto.Tx;
import io.leasechain.ledger.tx.proto.TxBody;
import io.leasechain.ledger.tx.proto.TxParams;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The stateless checks of a transaction, in the order a wallet would fix them: it parses, its
 * encoding is canonical, its messages are known and well-formed, every required signer signed and
 * every signer but the fee payer is required, the memo and size are within bounds, and the gas
 * limit covers what the tx costs. Signatures are checked later, with state.
 */
public final class TxDecoder {

  private final MsgRouter router;

  public TxDecoder(MsgRouter router) {
    this.router = router;
  }

  /** Either a decoded tx or the reason it is not one. */
  public record Result(DecodedTx tx, Rejection rejection) {}

  public Result decode(byte[] bytes, TxParams params) {
    if (bytes.length > params.getMaxTxBytes()) {
      return reject(
          TxError.TX_TOO_LARGE, "%d bytes, limit %d", bytes.length, params.getMaxTxBytes());
    }
    Tx tx;
    TxBody body;
    AuthInfo authInfo;
    try {
      tx = Tx.parseFrom(bytes);
      body = TxBody.parseFrom(tx.getBody());
      authInfo = AuthInfo.parseFrom(tx.getAuthInfo());
    } catch (InvalidProtocolBufferException e) {
      return reject(TxError.DECODE, "%s", e.getMessage());
    }
    String nonCanonical = nonCanonical(bytes, tx, body, authInfo);
    if (nonCanonical != null) {
      return reject(TxError.NON_CANONICAL_ENCODING, "%s", nonCanonical);
    }
    if (body.getMessagesCount() == 0) {
      return reject(TxError.NO_MESSAGES, "add at least one message");
    }
    if (body.getMessagesCount() > params.getMaxMsgs()) {
      return reject(
          TxError.TOO_MANY_MESSAGES,
          "%d messages, limit %d",
          body.getMessagesCount(),
          params.getMaxMsgs());
    }
    int memoBytes = body.getMemo().getBytes(StandardCharsets.UTF_8).length;
    if (memoBytes > params.getMaxMemoBytes()) {
      return reject(
          TxError.MEMO_TOO_LONG, "%d bytes, limit %d", memoBytes, params.getMaxMemoBytes());
    }
    List<BoundMsg> messages = new ArrayList<>();
    for (int i = 0; i < body.getMessagesCount(); i++) {
      Msg msg = body.getMessages(i);
      BoundMsg bound = router.bind(msg);
      if (bound == null) {
        return reject(TxError.UNKNOWN_MESSAGE, "message %d has no type this chain knows", i);
      }
      Rejection invalid = bound.validate();
      if (invalid != null) {
        return new Result(null, invalid);
      }
      messages.add(bound);
    }
    // Before any key is read: each signer costs a key validation and, later, a verification.
    if (authInfo.getSignersCount() > TxParamsRules.MAX_SIGNERS) {
      return reject(
          TxError.TOO_MANY_SIGNERS,
          "%d signers, limit %d",
          authInfo.getSignersCount(),
          TxParamsRules.MAX_SIGNERS);
    }
    Signers signers = signers(tx, authInfo, messages);
    if (signers.rejection() != null) {
      return new Result(null, signers.rejection());
    }
    long fee = authInfo.getFee().getAmount();
    long gasLimit = authInfo.getFee().getGasLimit();
    if (fee < 0 || gasLimit < 0) {
      return reject(TxError.ARITHMETIC_OVERFLOW, "fee and gas limit must be below 2^63");
    }
    long gasRequired;
    long minimumFee;
    try {
      gasRequired = Gas.required(params, bytes.length, messages.size(), signers.list().size());
      minimumFee = Gas.minimumFee(params, gasLimit);
    } catch (ArithmeticException e) {
      return reject(TxError.ARITHMETIC_OVERFLOW, "gas limit %d is too large", gasLimit);
    }
    if (gasLimit < gasRequired) {
      return reject(TxError.OUT_OF_GAS, "gas limit %d, this tx needs %d", gasLimit, gasRequired);
    }
    if (fee < minimumFee) {
      return reject(
          TxError.INSUFFICIENT_FEE,
          "fee %d ulease, gas limit %d at %d micro-ulease per gas needs at least %d ulease",
          fee,
          gasLimit,
          params.getMinGasPrice(),
          minimumFee);
    }
    return new Result(
        new DecodedTx(tx, body, authInfo, messages, signers.list(), bytes.length, gasRequired),
        null);
  }

  /**
   * Why these bytes are not the one encoding of what they parse to, or null. Only body and
   * auth_info are signed, so any other encoding of the same tx (an unknown field appended, fields
   * reordered or repeated, a default value written out, a longer varint) would be a second valid tx
   * with another hash: a relayer could get it committed first and make the owner's original fail
   * (ADR-027 of the Cosmos SDK). Re-encoding normalizes all of these except unknown fields, which
   * protobuf-java keeps and writes back; those are looked for explicitly.
   */
  private static String nonCanonical(byte[] bytes, Tx tx, TxBody body, AuthInfo authInfo) {
    if (!Arrays.equals(bytes, tx.toByteArray())) {
      return "the Tx envelope re-encodes to other bytes";
    }
    if (!tx.getBody().equals(body.toByteString())) {
      return "body re-encodes to other bytes";
    }
    if (!tx.getAuthInfo().equals(authInfo.toByteString())) {
      return "auth_info re-encodes to other bytes";
    }
    for (Message message : List.of(tx, body, authInfo)) {
      String unknown = unknownField(message);
      if (unknown != null) {
        return unknown;
      }
    }
    return null;
  }

  private static String unknownField(Message message) {
    // A Msg of no known type is refused as UNKNOWN_MESSAGE, which tells its sender more.
    if (message instanceof Msg msg && msg.getSumCase() == Msg.SumCase.SUM_NOT_SET) {
      return null;
    }
    if (!message.getUnknownFields().asMap().isEmpty()) {
      return "unknown field "
          + message.getUnknownFields().asMap().keySet().iterator().next()
          + " in "
          + message.getDescriptorForType().getFullName();
    }
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      List<?> values =
          field.getKey().isRepeated() ? (List<?>) field.getValue() : List.of(field.getValue());
      for (Object value : values) {
        String unknown = unknownField((Message) value);
        if (unknown != null) {
          return unknown;
        }
      }
    }
    return null;
  }

  // Resolves AuthInfo's signers and checks they cover every message's required signers, and that
  // only the first (the fee payer) is one no message requires.
  private record Signers(List<DecodedTx.Signer> list, Rejection rejection) {}

  private static Signers signers(Tx tx, AuthInfo authInfo, List<BoundMsg> messages) {
    if (authInfo.getSignersCount() == 0) {
      return rejectSigners(TxError.NO_SIGNERS, "auth_info lists no signer");
    }
    if (tx.getSignaturesCount() != authInfo.getSignersCount()) {
      return rejectSigners(
          TxError.SIGNATURE_COUNT,
          "%d signers, %d signatures",
          authInfo.getSignersCount(),
          tx.getSignaturesCount());
    }
    List<DecodedTx.Signer> signers = new ArrayList<>();
    Set<Address> seen = new TreeSet<>();
    for (int i = 0; i < authInfo.getSignersCount(); i++) {
      SignerInfo info = authInfo.getSigners(i);
      Ed25519PublicKey key;
      try {
        key = Ed25519PublicKey.of(info.getPublicKey().toByteArray());
      } catch (IllegalArgumentException e) {
        return rejectSigners(TxError.INVALID_PUBLIC_KEY, "signer %d: %s", i, e.getMessage());
      }
      Address address = key.address();
      // Refused here, before any verifier sees it: a signature of another length never verifies,
      // and a node-side cache must never have to reason about one.
      if (tx.getSignatures(i).size() != Ed25519PublicKey.SIGNATURE_BYTES) {
        return rejectSigners(
            TxError.UNAUTHORIZED,
            "signature %d is %d bytes; an Ed25519 signature is %d",
            i,
            tx.getSignatures(i).size(),
            Ed25519PublicKey.SIGNATURE_BYTES);
      }
      if (!seen.add(address)) {
        return rejectSigners(TxError.DUPLICATE_SIGNER, "%s signs twice", address);
      }
      if (info.getSequence() < 0) {
        return rejectSigners(TxError.WRONG_SEQUENCE, "signer %s: sequence above 2^63-1", address);
      }
      signers.add(
          new DecodedTx.Signer(
              key, address, info.getSequence(), tx.getSignatures(i).toByteArray()));
    }
    Set<Address> required = new TreeSet<>();
    for (BoundMsg message : messages) {
      for (Address address : message.signers()) {
        if (!seen.contains(address)) {
          return rejectSigners(TxError.MISSING_SIGNER, "%s must sign %s", address, message.type());
        }
        required.add(address);
      }
    }
    // The first signer pays the fee, so it may be a sponsor no message names. Any other signer
    // would only buy a signature check and a sequence bump nothing asked for (Cosmos SDK refuses
    // such a tx too).
    for (int i = 1; i < signers.size(); i++) {
      Address address = signers.get(i).address();
      if (!required.contains(address)) {
        return rejectSigners(
            TxError.UNEXPECTED_SIGNER, "signer %d, %s, is required by no message", i, address);
      }
    }
    return new Signers(signers, null);
  }

  private static Result reject(TxError error, String format, Object... args) {
    return new Result(null, Rejection.of(error, format, args));
  }

  private static Signers rejectSigners(TxError error, String format, Object... args) {
    return new Signers(null, Rejection.of(error, format, args));
  }
}
