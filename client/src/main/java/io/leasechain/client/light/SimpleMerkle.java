package io.leasechain.client.light;

import io.leasechain.crypto.Hashes;
import java.util.List;

/** CometBFT's crypto/merkle HashFromByteSlices: RFC 6962 leaf 0x00 / inner 0x01 prefixes. */
final class SimpleMerkle {

  private SimpleMerkle() {}

  static byte[] root(List<byte[]> items) {
    return switch (items.size()) {
      case 0 -> Hashes.sha256();
      case 1 -> Hashes.sha256(new byte[] {0}, items.get(0));
      default -> {
        int k = splitPoint(items.size());
        yield Hashes.sha256(
            new byte[] {1}, root(items.subList(0, k)), root(items.subList(k, items.size())));
      }
    };
  }

  /** The largest power of two strictly below {@code n} (n >= 2). */
  static int splitPoint(int n) {
    int k = Integer.highestOneBit(n);
    return k == n ? k >> 1 : k;
  }
}
