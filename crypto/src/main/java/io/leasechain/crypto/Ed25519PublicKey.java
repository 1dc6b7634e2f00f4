package io.leasechain.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** An Ed25519 public key that verifies transaction and validator signatures. */
public final class Ed25519PublicKey {

  /** The length of every Ed25519 signature. */
  public static final int SIGNATURE_BYTES = Ed25519.SIGNATURE_SIZE;

  /**
   * Keys already validated, by their exact 32 bytes: the full check of a key (decompression and a
   * scalar multiplication by the group order) costs more than a signature verification, and a node
   * decodes the same few thousand senders' keys in every CheckTx, proposal and block. Bounded (the
   * least recently used goes first), so a flood of fresh keys costs memory once, not without end.
   */
  private static final int VALIDATED_CAPACITY = 32_768;

  private static final Map<ByteBuffer, Ed25519PublicKey> VALIDATED =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Ed25519PublicKey> eldest) {
          return size() > VALIDATED_CAPACITY;
        }
      };

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
    // Keyed by a private copy of all 32 bytes, so an entry answers only for exactly the bytes it
    // was validated from; only valid keys are remembered.
    byte[] copy = bytes32.clone();
    ByteBuffer entry = ByteBuffer.wrap(copy);
    synchronized (VALIDATED) {
      Ed25519PublicKey known = VALIDATED.get(entry);
      if (known != null) {
        return known;
      }
    }
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(copy, 0);
    if (point == null) {
      throw new IllegalArgumentException(
          "not a valid Ed25519 public key (not a canonical point "
              + "encoding, or a point of small order): "
              + Hex.encode(copy));
    }
    Ed25519PublicKey key = new Ed25519PublicKey(copy, point);
    synchronized (VALIDATED) {
      VALIDATED.put(entry, key);
    }
    return key;
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
