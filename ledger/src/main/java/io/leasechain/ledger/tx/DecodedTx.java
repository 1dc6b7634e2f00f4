package io.leasechain.ledger.tx;

import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.ledger.tx.MsgRouter.BoundMsg;
import io.leasechain.ledger.tx.proto.AuthInfo;
import io.leasechain.ledger.tx.proto.Tx;
import io.leasechain.ledger.tx.proto.TxBody;
import java.util.List;

/** A transaction that passed every stateless check: parsed, routed, signers resolved. */
public record DecodedTx(
    Tx tx,
    TxBody body,
    AuthInfo authInfo,
    List<BoundMsg> messages,
    List<Signer> signers,
    int sizeBytes,
    long gasRequired) {

  /** One signer: its key, the address derived from it, the sequence it claims, its signature. */
  public record Signer(
      Ed25519PublicKey publicKey, Address address, long sequence, byte[] signature) {}

  public Address feePayer() {
    return signers.get(0).address();
  }

  public long fee() {
    return authInfo.getFee().getAmount();
  }

  public long gasLimit() {
    return authInfo.getFee().getGasLimit();
  }
}
