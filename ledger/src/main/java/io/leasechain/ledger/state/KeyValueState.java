package io.leasechain.ledger.state;

/**
 * Chain state the ledger may change; every implementation stages writes until its owner commits.
 */
public interface KeyValueState extends ReadableState {

  void put(byte[] key, byte[] value);

  void delete(byte[] key);
}
