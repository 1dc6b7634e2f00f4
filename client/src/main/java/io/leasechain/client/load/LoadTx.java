package io.leasechain.client.load;

import io.leasechain.crypto.Hashes;
import java.util.HexFormat;

/** One tx to offer: its bytes and its CometBFT hash (upper-case hex SHA-256 of the bytes). */
record LoadTx(byte[] bytes, String hash) {

  static LoadTx of(byte[] bytes) {
    return new LoadTx(bytes, hashOf(bytes));
  }

  static String hashOf(byte[] bytes) {
    return HexFormat.of().withUpperCase().formatHex(Hashes.sha256(bytes));
  }
}
