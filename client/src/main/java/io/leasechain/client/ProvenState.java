package io.leasechain.client;

import io.leasechain.client.light.LightClientException;
import io.leasechain.client.light.LightClientException.Kind;
import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.ReadableState;
import java.util.Iterator;
import java.util.Map;

/**
 * State made only of proven reads: keys proven present or absent. Reading any other key, or
 * scanning, fails with MISSING_PROOF, so a re-run query can only see what the proofs cover.
 */
final class ProvenState implements ReadableState {

  // Hex keys, since byte[] has identity equality; null values are proven absences.
  private final Map<String, byte[]> proven;

  ProvenState(Map<String, byte[]> proven) {
    this.proven = proven;
  }

  @Override
  public byte[] get(byte[] key) {
    String hex = io.leasechain.crypto.Hex.encode(key);
    if (!proven.containsKey(hex)) {
      throw new LightClientException(
          Kind.MISSING_PROOF, "the answer reads state key " + hex + " but the node sent no proof");
    }
    return proven.get(hex);
  }

  @Override
  public Iterator<KeyValue> scan(byte[] from, byte[] to) {
    throw new LightClientException(
        Kind.MISSING_PROOF, "the answer lists records; proofs cover single-record paths");
  }
}
