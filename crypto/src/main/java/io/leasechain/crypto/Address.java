package io.leasechain.crypto;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** A 20-byte account or validator address, shown to users as bech32 with the "lease" prefix. */
public final class Address implements Comparable<Address> {

  public static final String PREFIX = "lease";
  public static final int LENGTH = 20;

  /**
   * Addresses already decoded from bech32, by their exact text: a tx names its addresses as text,
   * and the ledger decodes each several times per tx (validation, signers, execution, storage) in
   * every CheckTx, proposal and block. Bounded; only valid texts are remembered.
   */
  private static final int DECODED_CAPACITY = 65_536;

  private static final Map<String, Address> DECODED =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Address> eldest) {
          return size() > DECODED_CAPACITY;
        }
      };

  private final byte[] bytes;
  // Computed on first use; racing threads compute the same immutable String.
  private String bech32;

  private Address(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Address of(byte[] bytes20) {
    Objects.requireNonNull(bytes20, "bytes20");
    if (bytes20.length != LENGTH) {
      throw new IllegalArgumentException(
          "address must be " + LENGTH + " bytes, got " + bytes20.length);
    }
    return new Address(bytes20.clone());
  }

  /**
   * First 20 bytes of SHA-256 of the key, which is also how CometBFT derives an ed25519 validator
   * address.
   */
  public static Address fromPublicKey(Ed25519PublicKey key) {
    Objects.requireNonNull(key, "key");
    return new Address(Arrays.copyOf(Hashes.sha256(key.bytes()), LENGTH));
  }

  public static Address fromBech32(String s) {
    Objects.requireNonNull(s, "s");
    synchronized (DECODED) {
      Address known = DECODED.get(s);
      if (known != null) {
        return known;
      }
    }
    Address address = decodeBech32(s);
    synchronized (DECODED) {
      DECODED.put(s, address);
    }
    return address;
  }

  private static Address decodeBech32(String s) {
    Bech32.Decoded decoded;
    try {
      decoded = Bech32.decode(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid address \"" + s + "\": " + e.getMessage(), e);
    }
    if (!decoded.hrp().equals(PREFIX)) {
      throw new IllegalArgumentException(
          "invalid address \""
              + s
              + "\": wrong prefix \""
              + decoded.hrp()
              + "\", expected "
              + PREFIX);
    }
    byte[] data = decoded.data();
    if (data.length != LENGTH) {
      throw new IllegalArgumentException(
          "invalid address \""
              + s
              + "\": wrong length, "
              + data.length
              + " bytes instead of "
              + LENGTH);
    }
    return new Address(data);
  }

  public static Address fromHex(String hex) {
    Objects.requireNonNull(hex, "hex");
    byte[] data;
    try {
      data = Hex.decode(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid hex address \"" + hex + "\": " + e.getMessage(), e);
    }
    if (data.length != LENGTH) {
      throw new IllegalArgumentException(
          "invalid hex address \""
              + hex
              + "\": wrong length, "
              + data.length
              + " bytes instead of "
              + LENGTH);
    }
    return new Address(data);
  }

  public String toBech32() {
    String text = bech32;
    if (text == null) {
      text = Bech32.encode(PREFIX, bytes);
      bech32 = text;
    }
    return text;
  }

  /** Upper case, matching how CometBFT prints validator addresses. */
  public String toHex() {
    return Hex.encode(bytes).toUpperCase(Locale.ROOT);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public int compareTo(Address other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Address that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toBech32();
  }
}
