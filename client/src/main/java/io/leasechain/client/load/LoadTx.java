package io.leasechain.client.load;

import io.leasechain.crypto.Hashes;
import java.util.HexFormat;

/**
 * One tx to offer: its bytes, its CometBFT hash (upper-case hex SHA-256 of the bytes) and its lane:
 * txs of one lane (one signing account) are broadcast one after the other, each once the previous
 * one's CheckTx has answered, so that sequences reach the mempool in order; -1 for none.
 */
record LoadTx(byte[] bytes, String hash, int lane) {

  static LoadTx of(byte[] bytes, int lane) {
    return new LoadTx(bytes, hashOf(bytes), lane);
  }

  static String hashOf(byte[] bytes) {
    return HexFormat.of().withUpperCase().formatHex(Hashes.sha256(bytes));
  }
}
