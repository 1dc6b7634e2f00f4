package io.leasechain.ledger.state;

/** One stored entry as returned by a scan. The arrays are shared: do not modify them. */
public record KeyValue(byte[] key, byte[] value) {}
