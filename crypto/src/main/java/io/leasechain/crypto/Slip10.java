package io.leasechain.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/** SLIP-0010 key derivation for Ed25519: from a BIP-39 seed to the key at a hardened path. */
public final class Slip10 {

  private static final byte[] CURVE_KEY = "ed25519 seed".getBytes(StandardCharsets.US_ASCII);

  private Slip10() {}

  /** An extended private key: the 32-byte Ed25519 seed and its chain code. */
  public record Node(byte[] key, byte[] chainCode) {

    public Ed25519PrivateKey privateKey() {
      return Ed25519PrivateKey.fromSeed(key);
    }

    // Both halves are secret.
    @Override
    public String toString() {
      return "Slip10.Node[...]";
    }
  }

  /** The master node of {@code seed}: HMAC-SHA512 keyed with "ed25519 seed". */
  public static Node master(byte[] seed) {
    Objects.requireNonNull(seed, "seed");
    return split(hmacSha512(CURVE_KEY, seed));
  }

  /** The node at {@code path} below the master node of {@code seed}. */
  public static Node derive(byte[] seed, HdPath path) {
    Node node = master(seed);
    for (int i = 0; i < path.indexes().size(); i++) {
      byte[] data = new byte[1 + 32 + 4];
      System.arraycopy(node.key(), 0, data, 1, 32);
      int index = path.hardened(i);
      data[33] = (byte) (index >>> 24);
      data[34] = (byte) (index >>> 16);
      data[35] = (byte) (index >>> 8);
      data[36] = (byte) index;
      node = split(hmacSha512(node.chainCode(), data));
      Arrays.fill(data, (byte) 0);
    }
    return node;
  }

  private static Node split(byte[] digest) {
    Node node = new Node(Arrays.copyOf(digest, 32), Arrays.copyOfRange(digest, 32, 64));
    Arrays.fill(digest, (byte) 0);
    return node;
  }

  private static byte[] hmacSha512(byte[] key, byte[] data) {
    HMac mac = new HMac(new SHA512Digest());
    mac.init(new KeyParameter(key));
    mac.update(data, 0, data.length);
    byte[] out = new byte[mac.getMacSize()];
    mac.doFinal(out, 0);
    return out;
  }
}
