package io.leasechain.client.light;

import io.leasechain.crypto.Hashes;
import java.util.Arrays;

/** A CometBFT validator with an Ed25519 key; its address is SHA-256(key)[:20]. */
public record Validator(byte[] pubKey, long votingPower) {

  public byte[] address() {
    return Arrays.copyOf(Hashes.sha256(pubKey), 20);
  }

  /** SimpleValidator{pub_key: PublicKey{ed25519}, voting_power}, what the set hash covers. */
  byte[] simpleValidatorBytes() {
    byte[] publicKey = new Protobuf().message(1, pubKey).toByteArray();
    return new Protobuf().message(1, publicKey).int64(2, votingPower).toByteArray();
  }
}
