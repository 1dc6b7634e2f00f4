package io.leasechain.crypto;

import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** An Ed25519 public key that verifies transaction and validator signatures. */
public final class Ed25519PublicKey {

  /** The length of every Ed25519 signature. */
  public static final int SIGNATURE_BYTES = Ed25519.SIGNATURE_SIZE;

  private final byte[] bytes;
  // Decompressing the point is the costly part of verification, so it is done once per key.
  private final Ed25519.PublicPoint point;
  private final Address address;

  Ed25519PublicKey(byte[] bytes, Ed25519.PublicPoint point) {
    this.bytes = bytes;
    this.point = point;
    this.address = Address.fromPublicKey(this);
  }

  /** Rejects anything that is not a canonical encoding of a curve point of large order. */
  public static Ed25519PublicKey of(byte[] bytes32) {
    Objects.requireNonNull(bytes32, "bytes32");
    if (bytes32.length != Ed25519.PUBLIC_KEY_SIZE) {
      throw new IllegalArgumentException(
          "Ed25519 public key must be "
              + Ed25519.PUBLIC_KEY_SIZE
              + " bytes, got "
              + bytes32.length);
    }
    byte[] copy = bytes32.clone();
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(copy, 0);
    if (point == null) {
      throw new IllegalArgumentException(
          "not a valid Ed25519 public key (not a canonical point "
              + "encoding, or a point of small order): "
              + Hex.encode(copy));
    }
    return new Ed25519PublicKey(copy, point);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  /** Returns false, rather than throwing, for a signature of the wrong length. */
  public boolean verify(byte[] message, byte[] signature) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(signature, "signature");
    if (signature.length != Ed25519.SIGNATURE_SIZE) {
      return false;
    }
    return Ed25519.verify(signature, 0, point, message, 0, message.length);
  }

  public Address address() {
    return address;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Ed25519PublicKey that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return Hex.encode(bytes);
  }
}
