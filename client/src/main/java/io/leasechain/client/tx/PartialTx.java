package io.leasechain.client.tx;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.ledger.tx.SignDocs;
import io.leasechain.ledger.tx.proto.AuthInfo;
import io.leasechain.ledger.tx.proto.SignerInfo;
import io.leasechain.ledger.tx.proto.Tx;
import io.leasechain.ledger.tx.proto.TxBody;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A transaction on its way between signers: body and auth_info (every signer's public key and
 * sequence, the fee) are fixed; each signer's slot holds its signature or is empty until it signs.
 * {@code chainId} is the chain the tx was built for when known (null otherwise); it is not part of
 * the wire bytes, only of what each signer signs.
 */
public record PartialTx(
    TxBody body, AuthInfo authInfo, List<ByteString> signatures, String chainId) {

  /** One signer's slot, in auth_info's order. */
  public record Signer(
      int index, Ed25519PublicKey publicKey, Address address, long sequence, boolean signed) {}

  public PartialTx {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(authInfo, "authInfo");
    if (authInfo.getSignersCount() == 0) {
      throw new IllegalArgumentException("the tx lists no signer in auth_info");
    }
    if (signatures.size() != authInfo.getSignersCount()) {
      throw new IllegalArgumentException(
          "the tx has "
              + authInfo.getSignersCount()
              + " signer(s) but "
              + signatures.size()
              + " signature slot(s); it needs one per signer, empty until that signer signs");
    }
    signatures = List.copyOf(signatures);
  }

  /** A tx nobody has signed yet: one empty slot per signer. */
  public static PartialTx unsigned(TxBody body, AuthInfo authInfo, String chainId) {
    return new PartialTx(
        body, authInfo, Collections.nCopies(authInfo.getSignersCount(), ByteString.EMPTY), chainId);
  }

  /**
   * Reads wire bytes; refuses bytes that are not the one encoding of what they parse to (the chain
   * refuses those too), so {@link #toWire} gives back exactly {@code bytes}.
   */
  public static PartialTx fromWire(byte[] bytes) {
    Tx tx;
    TxBody body;
    AuthInfo authInfo;
    try {
      tx = Tx.parseFrom(bytes);
      body = TxBody.parseFrom(tx.getBody());
      authInfo = AuthInfo.parseFrom(tx.getAuthInfo());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not a leasechain tx: the bytes do not parse as one", e);
    }
    PartialTx partial = new PartialTx(body, authInfo, tx.getSignaturesList(), null);
    if (!Arrays.equals(bytes, partial.toWire())
        || !tx.getUnknownFields().asMap().isEmpty()
        || !body.getUnknownFields().asMap().isEmpty()
        || !authInfo.getUnknownFields().asMap().isEmpty()) {
      throw new IllegalArgumentException(
          "the tx bytes are not in canonical encoding (the chain would refuse them)");
    }
    return partial;
  }

  /** The bytes to broadcast; empty slots are written as empty signatures. */
  public byte[] toWire() {
    return Tx.newBuilder()
        .setBody(body.toByteString())
        .setAuthInfo(authInfo.toByteString())
        .addAllSignatures(signatures)
        .build()
        .toByteArray();
  }

  /** What every signer signs on {@code chain}: the SignDoc of body, auth_info and chain id. */
  public byte[] signBytes(String chain) {
    return SignDocs.bytes(body.toByteString(), authInfo.toByteString(), chain);
  }

  public List<Signer> signers() {
    List<Signer> signers = new ArrayList<>(authInfo.getSignersCount());
    for (int i = 0; i < authInfo.getSignersCount(); i++) {
      SignerInfo info = authInfo.getSigners(i);
      Ed25519PublicKey key;
      try {
        key = Ed25519PublicKey.of(info.getPublicKey().toByteArray());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("signer " + (i + 1) + ": " + e.getMessage(), e);
      }
      signers.add(
          new Signer(i, key, key.address(), info.getSequence(), !signatures.get(i).isEmpty()));
    }
    return List.copyOf(signers);
  }

  /** The slot of {@code key}; refuses a key that is not a signer of this tx. */
  public Signer slot(Ed25519PublicKey key) {
    List<Signer> signers = signers();
    return signers.stream()
        .filter(signer -> signer.publicKey().equals(key))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    key.address()
                        + " is not a signer of this tx; its signers are "
                        + String.join(
                            ", ", signers.stream().map(s -> s.address().toBech32()).toList())));
  }

  /** The signers whose slot is still empty, in order. */
  public List<Signer> missingSigners() {
    return signers().stream().filter(signer -> !signer.signed()).toList();
  }

  public boolean complete() {
    return missingSigners().isEmpty();
  }

  /**
   * The signers whose signature does not verify on {@code chain}: the tx changed after they signed,
   * or they signed for another chain.
   */
  public List<Signer> invalidSignatures(String chain) {
    byte[] signBytes = signBytes(chain);
    return signers().stream()
        .filter(
            signer ->
                signer.signed()
                    && !signer
                        .publicKey()
                        .verify(signBytes, signatures.get(signer.index()).toByteArray()))
        .toList();
  }

  /**
   * Adds {@code key}'s signature in its slot for {@code chain}. Refuses a key that is not a signer,
   * a slot already signed, a chain other than the one the tx was built for, and a tx whose
   * signatures so far do not verify (it was changed after they signed).
   */
  public PartialTx sign(Ed25519PrivateKey key, String chain) {
    Objects.requireNonNull(chain, "chain");
    if (chainId != null && !chainId.equals(chain)) {
      throw new IllegalArgumentException(
          "the tx was built for chain '" + chainId + "', not '" + chain + "'");
    }
    Signer slot = slot(key.publicKey());
    if (slot.signed()) {
      throw new IllegalArgumentException(slot.address() + " has already signed this tx");
    }
    List<Signer> invalid = invalidSignatures(chain);
    if (!invalid.isEmpty()) {
      throw new IllegalArgumentException(invalidMessage(invalid, chain));
    }
    List<ByteString> signed = new ArrayList<>(signatures);
    signed.set(slot.index(), ByteString.copyFrom(key.sign(signBytes(chain))));
    return new PartialTx(body, authInfo, signed, chain);
  }

  /** One sentence naming the signers whose signature does not verify on {@code chain}. */
  public static String invalidMessage(List<Signer> invalid, String chain) {
    return "the signature of "
        + String.join(", ", invalid.stream().map(s -> s.address().toBech32()).toList())
        + " does not verify on chain '"
        + chain
        + "': the tx was changed after it was signed, or it was signed for another chain";
  }

  /** One sentence naming the signers still to sign, or null if the tx is complete. */
  public String missingMessage() {
    List<Signer> missing = missingSigners();
    if (missing.isEmpty()) {
      return null;
    }
    return "the tx still needs the signature of "
        + String.join(
            ", ",
            missing.stream()
                .map(s -> s.address().toBech32() + " (signer " + (s.index() + 1) + ")")
                .toList());
  }
}
